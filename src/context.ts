import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './core/auth';
import type { HubContext, HubLoaders } from './core/context';
import type { Logger } from './core/logger';
import { MODULES } from './modules';
import type { Services } from './services';

export type { HubContext } from './core/context';

type LoaderFactory = (em: EntityManager) => object;

/**
 * Per process: a class whose instances hold one request's loaders, with a getter per loader name on its
 * prototype. A module's loaders are built the first time the request reads any of them (one module's
 * loaders together, since they may share state), then kept for the rest of the request: the same per-request
 * cache as building them all up front, without building the twenty-odd modules' loaders a request never
 * reads. The names are learned once, from one call of every module's factory.
 */
let LazyLoaders: (new (em: EntityManager) => HubLoaders) | undefined;

function lazyLoadersClass(em: EntityManager): new (em: EntityManager) => HubLoaders {
  const factories = MODULES.flatMap((module) => (module.loaders ? [module.loaders as LoaderFactory] : []));
  class Loaders {
    readonly built: (Record<string, unknown> | undefined)[] = new Array(factories.length);
    constructor(readonly em: EntityManager) {}
  }
  const owner = new Map<string, number>();
  factories.forEach((factory, index) => {
    for (const name of Object.keys(factory(em))) {
      if (owner.has(name) || name === 'built' || name === 'em')
        throw new Error(`loader ${name} is declared twice (modules' loader names are one namespace)`);
      owner.set(name, index);
      Object.defineProperty(Loaders.prototype, name, {
        enumerable: true,
        get(this: Loaders) {
          const built = (this.built[index] ??= factory(this.em) as Record<string, unknown>);
          return built[name];
        },
      });
    }
  });
  return Loaders as unknown as new (em: EntityManager) => HubLoaders;
}

/** One set of DataLoaders for one request, from every module's `loaders`, each module's built on first use. */
export function createLoaders(em: EntityManager): HubLoaders {
  LazyLoaders ??= lazyLoadersClass(em);
  return new LazyLoaders(em);
}

interface RequestBase {
  requestId: string;
  viewer: Viewer | null;
  services: Services;
  log: Logger;
  clientAddress: string;
  httpLocals?: Record<string, unknown>;
}

/** EntityManager methods whose answer is the same on the root and on every fork of it. */
const SHARED_EM_METHODS = ['getMetadata', 'getPlatform', 'getConnection', 'getDriver'] as const;

type Method = (...args: unknown[]) => unknown;

/** Per root EntityManager (one per ORM), its shared methods bound once, not on every request. */
const SHARED_OF_ROOT = new WeakMap<EntityManager, Map<PropertyKey, unknown>>();

function sharedMethodsOf(root: EntityManager): Map<PropertyKey, unknown> {
  let shared = SHARED_OF_ROOT.get(root);
  if (!shared) {
    shared = new Map<PropertyKey, unknown>();
    for (const name of SHARED_EM_METHODS) shared.set(name, (root[name] as Method).bind(root));
    // The ORM's configuration, which every fork shares (caches per ORM are keyed by it).
    shared.set('config', root.config);
    shared.set('isInTransaction', () => false);
    SHARED_OF_ROOT.set(root, shared);
  }
  return shared;
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
    /** The ORM's root EntityManager, when `open` forks it (not for a transaction's context). */
    private readonly root?: EntityManager,
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
  /** Over HTTP, the response's `res.locals` (the access log reads the operation's name from it). */
  get httpLocals(): Record<string, unknown> | undefined {
    return this.base.httpLocals;
  }
  get log(): Logger {
    return (this.childLog ??= this.base.log.child({ requestId: this.base.requestId }));
  }
  get em(): EntityManager {
    return (this.openedEm ??= this.open());
  }
  get loaders(): HubLoaders {
    return (this.madeLoaders ??= createLoaders(this.root ? this.lazyFork(this.root) : this.em));
  }

  /**
   * The loaders' EntityManager: the request's fork, made on the first call that needs it. Until then the
   * calls that read only what every EntityManager of the ORM shares (metadata, platform, connection, config) are the
   * root's, and `isInTransaction` is false (as it is for a fresh fork): a request whose loaders read only
   * views (readRows) never forks — building a fork (unit of work, identity map, …) is about 3 % of a small query.
   */
  private lazyFork(root: EntityManager): EntityManager {
    const shared = sharedMethodsOf(root);
    // The fork's methods, bound once each: the views call getMetadata and getPlatform for every row.
    const bound = new Map<PropertyKey, Method>();
    return new Proxy(root, {
      get: (_target, property) => {
        if (this.openedEm === undefined) {
          const own = shared.get(property);
          if (own !== undefined) return own;
        }
        const em = this.em;
        const value: unknown = Reflect.get(em, property, em);
        if (typeof value !== 'function') return value;
        let method = bound.get(property);
        if (!method) bound.set(property, (method = (value as Method).bind(em)));
        return method;
      },
    });
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
  httpLocals?: Record<string, unknown>;
}): HubContext & { readonly httpLocals?: Record<string, unknown> } {
  const base: RequestBase = {
    requestId: args.requestId ?? randomUUID(),
    viewer: args.viewer,
    services: args.services,
    log: args.log,
    clientAddress: args.clientAddress ?? 'unknown',
    httpLocals: args.httpLocals,
  };
  const root = args.em;
  return new RequestContext(base, () => root.fork({ clear: true, useContext: false }), root);
}
