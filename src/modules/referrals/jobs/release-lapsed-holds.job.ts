import type { Job } from '../../../core/job';

/** Capacity held for referrals never accepted goes back once the hold lapses. */
export const releaseLapsedHoldsJob: Job = {
  name: 'referrals.releaseLapsedHolds',
  everyMs: 15_000,
  done: 'lapsed holds released',
  run: ({ orm, services }) => services.commitments.releaseLapsedHolds(orm),
};
