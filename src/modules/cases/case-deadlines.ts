import type { FilterQuery } from '@mikro-orm/core';
import { declareEnum, type EnumValue } from '../../core/enums';
import { type EmergencyCaseStatus } from './case.enums';
import { CASE_LIFECYCLE, CASE_STATES_TAKING_HELP } from './case.lifecycle';
import type { EmergencyCase } from './emergency-case.entity';

/*
 * The one definition of a case's deadlines (时限) and of when one is missed. The case list's `overdue`
 * filter and field, the supervision report's overdue figures, the case timeline and the overdue sweep
 * behind `caseOverdue` all read it from here: in TypeScript for one case, as SQL and as an ORM filter.
 */

export const CaseDeadline = declareEnum('CaseDeadline', '事件时限 — a deadline a case is held to.', {
  VERIFY: ['核实时限', 'the emergency verified; for an expedited case its paperwork afterwards (事后补办).'],
  RESPOND: ['响应时限', 'the first help given.'],
});
export type CaseDeadline = EnumValue<typeof CaseDeadline>;

/** A verification is still owed while the case takes help (not closed, not rejected) and is not verified. */
export const VERIFY_PENDING_STATES: readonly EmergencyCaseStatus[] = CASE_STATES_TAKING_HELP;
/** The first help is still owed while the case is open (reported, verified, responding). */
export const RESPOND_PENDING_STATES: readonly EmergencyCaseStatus[] = CASE_LIFECYCLE.from('assist');

interface DeadlineColumns {
  due: 'verify_due_at' | 'respond_due_at';
  met: 'verified_at' | 'first_assisted_at';
  pending: readonly EmergencyCaseStatus[];
}

const COLUMNS: Record<CaseDeadline, DeadlineColumns> = {
  VERIFY: { due: 'verify_due_at', met: 'verified_at', pending: VERIFY_PENDING_STATES },
  RESPOND: { due: 'respond_due_at', met: 'first_assisted_at', pending: RESPOND_PENDING_STATES },
};

/** One deadline of one case: when it was due, when it was met (null: not yet), whether it is missed now. */
export interface CaseDeadlineState {
  deadline: CaseDeadline;
  dueAt: Date;
  metAt: Date | null;
  /** Still owed (the case is in a state that owes it and it is not met). */
  pending: boolean;
  /** Met after it was due, or still owed past it. */
  missed: boolean;
  /** Still owed past it: overdue now. */
  overdue: boolean;
}

export function caseDeadlines(c: EmergencyCase, now: Date): CaseDeadlineState[] {
  const of = (deadline: CaseDeadline, dueAt: Date, metAt: Date | null): CaseDeadlineState => {
    const pending = metAt === null && COLUMNS[deadline].pending.includes(c.status);
    const overdue = pending && dueAt.getTime() < now.getTime();
    return { deadline, dueAt, metAt, pending, overdue, missed: overdue || (metAt !== null && metAt > dueAt) };
  };
  return [of('VERIFY', c.verifyDueAt, c.verifiedAt), of('RESPOND', c.respondDueAt, c.firstAssistedAt)];
}

/** Overdue now: some deadline still owed past its time. */
export function isCaseOverdue(c: EmergencyCase, now: Date): boolean {
  return caseDeadlines(c, now).some((d) => d.overdue);
}

const inList = (states: readonly string[]) => `(${states.map((s) => `'${s}'`).join(', ')})`;

/** SQL: the deadline is still owed past `now` (one binding: now). `alias` is a trusted table alias. */
export function deadlineOverdueSql(deadline: CaseDeadline, alias: string): string {
  const { due, met, pending } = COLUMNS[deadline];
  return `(${alias}.${met} is null and ${alias}.status in ${inList(pending)} and ${alias}.${due} < ?)`;
}

/** SQL: the deadline is missed — met late, or still owed past `now` (one binding: now). */
export function deadlineMissedSql(deadline: CaseDeadline, alias: string): string {
  const { due, met } = COLUMNS[deadline];
  return `(${alias}.${met} > ${alias}.${due} or ${deadlineOverdueSql(deadline, alias)})`;
}

/** The ORM filter of cases overdue now (some deadline still owed past `now`). */
export function overdueCaseFilter(now: Date): FilterQuery<EmergencyCase> {
  return {
    $or: [
      { verifiedAt: null, status: { $in: [...VERIFY_PENDING_STATES] }, verifyDueAt: { $lt: now } },
      { firstAssistedAt: null, status: { $in: [...RESPOND_PENDING_STATES] }, respondDueAt: { $lt: now } },
    ],
  };
}
