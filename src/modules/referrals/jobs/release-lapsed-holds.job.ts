import { pauseBeforeCommit, type Job } from '../../../core/job';

const NAME = 'referrals.releaseLapsedHolds';

/** Capacity held for referrals never accepted goes back once the hold lapses. */
export const releaseLapsedHoldsJob: Job = {
  name: NAME,
  everyMs: 15_000,
  done: 'lapsed holds released',
  run: (ctx) => ctx.services.commitments.releaseLapsedHolds(ctx.orm, 100, pauseBeforeCommit(ctx, NAME)),
};
