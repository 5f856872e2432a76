import type { Job } from '../../../core/job';

/** Households whose cases moved a step or got aid are assessed again (from the event history). */
export const reassessRiskJob: Job = {
  name: 'screening.reassess',
  everyMs: 5_000,
  done: 'risk flags raised',
  run: ({ orm, services }) => services.screening.reassessFromEvents(orm),
};
