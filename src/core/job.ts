import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from './clock';
import type { HubServices } from './context';
import type { Logger } from './logger';

/** What a periodic job may use: its own EntityManager forks from `orm`, the services, the clock. */
export interface JobContext {
  readonly orm: MikroORM;
  readonly services: HubServices;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Periodic work (sweepers): declared by a module in its manifest, run by the one scheduler
 * (`src/jobs/scheduler.ts`). A run must be safe on every instance at once.
 */
export interface Job {
  /** `<module>.<what>`, e.g. `resources.expire`. */
  readonly name: string;
  readonly everyMs: number;
  /** Runs once; returns how many records it changed. */
  run(ctx: JobContext): Promise<number>;
  /** The log line when a run changed something, e.g. 'resources expired'. */
  readonly done: string;
}
