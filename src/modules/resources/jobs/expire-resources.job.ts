import type { Job } from '../../../core/job';
import { expireDueResources } from '../resource-expiry';

/** Published resources past their `availableUntil` become EXPIRED (reads apply it at once anyway). */
export const expireResourcesJob: Job = {
  name: 'resources.expire',
  everyMs: 15_000,
  done: 'resources expired',
  run: ({ orm, services, clock }) => expireDueResources(orm, services.search, clock.now()),
};
