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

/**
 * The crash tests' hook (config.testHooks.pauseJob, honoured only when NODE_ENV=test): for the job it names,
 * a function that logs and then never returns, called inside the run's transaction before it commits, so a
 * test can kill the process mid-run. Undefined for every other job and outside tests.
 */
export function pauseBeforeCommit(ctx: JobContext, job: string): (() => Promise<void>) | undefined {
  if (ctx.services.config.testHooks.pauseJob !== job) return undefined;
  return () => {
    ctx.log.warn({ job }, 'test hook: job paused before commit');
    return new Promise<void>(() => undefined);
  };
}
