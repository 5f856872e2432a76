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

export function createContext(args: {
  em: EntityManager;
  viewer: Viewer | null;
  services: Services;
  log: Logger;
  requestId?: string;
  clientAddress?: string;
}): HubContext {
  const em = args.em.fork({ clear: true, useContext: false });
  const requestId = args.requestId ?? randomUUID();
  const base = {
    requestId,
    viewer: args.viewer,
    services: args.services,
    clock: args.services.clock,
    log: args.log.child({ requestId }),
    clientAddress: args.clientAddress ?? 'unknown',
  };
  const over = (on: EntityManager): HubContext => ({
    ...base,
    em: on,
    loaders: createLoaders(on),
    forTransaction: (tx) => over(tx),
  });
  return over(em);
}
