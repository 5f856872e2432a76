import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './auth';
import type { Clock } from './clock';
import type { Logger } from './logger';

/**
 * The services built once per process. Core knows none of them: the composition root
 * (`src/services.ts`) fills this interface in from the module list, so `ctx.services.<name>`
 * is typed everywhere without core importing a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HubServices {}

/** The DataLoaders of one request, filled in by the composition root (`src/context.ts`) from the module list. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HubLoaders {}

/** Per request: one forked EntityManager, the viewer, one set of DataLoaders, the clock. */
export interface HubContext {
  readonly requestId: string;
  readonly em: EntityManager;
  readonly viewer: Viewer | null;
  readonly loaders: HubLoaders;
  readonly services: HubServices;
  /** What time it is: the only source of `now` for the request's work. */
  readonly clock: Clock;
  readonly log: Logger;
  /** The client's address, for rate limits; never logged with personal data. */
  readonly clientAddress: string;
  /**
   * The same request with its reads on a transaction's connection: `em` is `tx` and the loaders are
   * new ones over it. Inside a transaction, read through this — a loader on the request's own `em`
   * takes a second pooled connection while the transaction holds its locks, and enough such requests
   * at once wait for each other forever (pool starvation).
   */
  forTransaction(tx: EntityManager): HubContext;
}
