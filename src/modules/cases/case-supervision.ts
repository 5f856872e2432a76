import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findPage } from '../../core/pagination';
import { overdueCaseFilter } from './case-deadlines';
import { EmergencyCase } from './emergency-case.entity';

/**
 * The cases a supervisor follows in an area (its code prefix): those tracked (their ids, from the
 * supervision module), those overdue now (case-deadlines.ts), or either; oldest first.
 */
export function supervisedCasePage(
  em: EntityManager,
  args: {
    prefix: string;
    trackedIds: readonly string[];
    tracked: boolean | null;
    overdue: boolean | null;
    now: Date;
    first?: number | null;
    after?: string | null;
  },
) {
  const and: FilterQuery<EmergencyCase>[] = [{ areaCode: { $like: `${args.prefix}%` } }];
  const tracked: FilterQuery<EmergencyCase> = { id: { $in: [...args.trackedIds] } };
  const overdue = overdueCaseFilter(args.now);
  if (args.tracked === null && args.overdue === null) and.push({ $or: [tracked, overdue] });
  if (args.tracked !== null) and.push(args.tracked ? tracked : { $not: tracked });
  if (args.overdue !== null) and.push(args.overdue ? overdue : { $not: overdue });
  return findPage(
    em,
    EmergencyCase,
    { $and: and },
    { first: args.first, after: args.after, orderBy: { createdAt: 'asc', id: 'asc' } },
  );
}
