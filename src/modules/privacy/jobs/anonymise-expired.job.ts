import { pauseBeforeCommit, type Job } from '../../../core/job';
import { anonymiseExpired, RETENTION_JOB } from '../retention';

/** PIPL retention: personal data of households whose last case closed RETENTION_MONTHS ago is anonymised. */
export const anonymiseExpiredJob: Job = {
  name: RETENTION_JOB,
  everyMs: 3600_000,
  done: 'households anonymised (retention)',
  run: (ctx) =>
    anonymiseExpired(ctx.orm, ctx.clock, ctx.log, {
      months: ctx.services.config.retentionMonths,
      beforeCommit: pauseBeforeCommit(ctx, RETENTION_JOB),
    }),
};
