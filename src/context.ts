import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './core/auth';
import type { HubContext, HubLoaders } from './core/context';
import type { Logger } from './core/logger';
import { MODULES } from './modules';
import type { Services } from './services';

export type { HubContext } from './core/context';

/** One set of DataLoaders for one request, from every module's `loaders`. */
export function createLoaders(em: EntityManager): HubLoaders {
  const loaders: Record<string, unknown> = {};
  for (const module of MODULES) Object.assign(loaders, module.loaders?.(em));
  return loaders as unknown as HubLoaders;
}

interface RequestBase {
  requestId: string;
  viewer: Viewer | null;
  services: Services;
  log: Logger;
  clientAddress: string;
}

/**
 * A request's context. The forked EntityManager, the DataLoaders and the request's child logger
 * are made on first use: a request answered from a cache (search results) needs none of them.
 */
class RequestContext implements HubContext {
  private openedEm: EntityManager | undefined;
  private madeLoaders: HubLoaders | undefined;
  private childLog: Logger | undefined;

  constructor(
    private readonly base: RequestBase,
    private readonly open: () => EntityManager,
  ) {}

  get requestId(): string {
    return this.base.requestId;
  }
  get viewer(): Viewer | null {
    return this.base.viewer;
  }
  get services(): Services {
    return this.base.services;
  }
  get clock() {
    return this.base.services.clock;
  }
  get clientAddress(): string {
    return this.base.clientAddress;
  }
  get log(): Logger {
    return (this.childLog ??= this.base.log.child({ requestId: this.base.requestId }));
  }
  get em(): EntityManager {
    return (this.openedEm ??= this.open());
  }
  get loaders(): HubLoaders {
    return (this.madeLoaders ??= createLoaders(this.em));
  }

  forTransaction(tx: EntityManager): HubContext {
    const inTx = new RequestContext(this.base, () => tx);
    inTx.childLog = this.childLog;
    return inTx;
  }
}

export function createContext(args: {
  em: EntityManager;
  viewer: Viewer | null;
  services: Services;
  log: Logger;
  requestId?: string;
  clientAddress?: string;
}): HubContext {
  const base: RequestBase = {
    requestId: args.requestId ?? randomUUID(),
    viewer: args.viewer,
    services: args.services,
    log: args.log,
    clientAddress: args.clientAddress ?? 'unknown',
  };
  const root = args.em;
  return new RequestContext(base, () => root.fork({ clear: true, useContext: false }));
}
