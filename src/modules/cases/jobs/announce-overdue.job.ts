import type { Job } from '../../../core/job';
import { announceOverdueCases } from '../case-overdue';

/** Deadlines that passed without their step are announced once each (`caseOverdue`). */
export const announceOverdueJob: Job = {
  name: 'cases.announceOverdue',
  everyMs: 15_000,
  done: 'overdue deadlines announced',
  run: ({ orm, clock }) => announceOverdueCases(orm, clock),
};
