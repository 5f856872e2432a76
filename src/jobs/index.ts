import type { Job } from '../core/job';
import { expireResourcesJob } from '../modules/resources/jobs/expire-resources.job';
import { releaseLapsedHoldsJob } from '../modules/referrals/jobs/release-lapsed-holds.job';
import { reassessRiskJob } from '../modules/screening';

export { Scheduler } from './scheduler';

/** Every periodic job of the hub. */
export const HUB_JOBS: readonly Job[] = [expireResourcesJob, releaseLapsedHoldsJob, reassessRiskJob];
