import type { Job, JobContext } from '../core/job';
import { loggableError } from '../core/logger';

/**
 * The one scheduler of periodic work: every job runs once at start, then every `everyMs`.
 * A run that fails is logged and tried again at the next tick; runs of one job never overlap.
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<number>>();

  constructor(
    private readonly jobs: readonly Job[],
    private readonly ctx: JobContext,
    /** Told of every run's outcome (the job-run metric). */
    private readonly observe: (job: string, outcome: 'ok' | 'failed') => void = () => undefined,
  ) {
    const names = new Set(jobs.map((j) => j.name));
    if (names.size !== jobs.length) throw new Error('two jobs share a name');
  }

  start(): void {
    for (const job of this.jobs) {
      void this.tick(job);
      const timer = setInterval(() => void this.tick(job), job.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Runs one job now (tests move the clock, then run the job instead of waiting for its tick). */
  run(name: string): Promise<number> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job named ${name}`);
    return this.once(job);
  }

  private async tick(job: Job): Promise<void> {
    if (this.running.has(job.name)) return; // the last tick is still at work
    try {
      const changed = await this.once(job);
      if (changed > 0) this.ctx.log.info({ job: job.name, changed }, job.done);
    } catch (error) {
      this.ctx.log.warn({ err: loggableError(error), job: job.name }, 'job failed');
    }
  }

  private once(job: Job): Promise<number> {
    const current = this.running.get(job.name);
    if (current) return current.catch(() => 0).then(() => this.once(job));
    const run = job
      .run(this.ctx)
      .then(
        (changed) => {
          this.observe(job.name, 'ok');
          return changed;
        },
        (error: unknown) => {
          this.observe(job.name, 'failed');
          throw error;
        },
      )
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }
}
