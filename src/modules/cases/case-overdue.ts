import type { MikroORM } from '@mikro-orm/postgresql';
import { toDate, type Clock } from '../../core/clock';
import { appendEvents } from '../../events/outbox';
import { CaseDeadline, deadlineOverdueSql } from './case-deadlines';
import type { CaseOverdue } from './case.events';

/** Deadlines announced per run at most; the next run takes the rest. */
const BATCH = 500;

const DUE_COLUMN: Record<CaseDeadline, string> = { VERIFY: 'verify_due_at', RESPOND: 'respond_due_at' };

/**
 * 逾期提醒: every deadline that passed without its step (case-deadlines.ts) is announced once — a
 * `CaseOverdue` event through the outbox, which `caseOverdue(areaCode)` delivers to the area's staff.
 * The notice row (case, deadline, due time) is inserted in the same transaction as the event, so a
 * deadline is announced exactly once however many instances sweep at once (ON CONFLICT DO NOTHING);
 * a deadline moved later (an expedited case's paperwork) is a new one. Time is the clock's.
 */
export async function announceOverdueCases(orm: MikroORM, clock: Clock): Promise<number> {
  const now = clock.now();
  return orm.em.fork().transactional(async (tx) => {
    const due = Object.values(CaseDeadline)
      .map(
        (d) => `select c.id, c.area_code, '${d}' as deadline, c.${DUE_COLUMN[d]} as due_at from emergency_case c
          where ${deadlineOverdueSql(d, 'c')} and not exists (select 1 from case_deadline_notice n
            where n.case_id = c.id and n.deadline = '${d}' and n.due_at = c.${DUE_COLUMN[d]})`,
      )
      .join(' union all ');
    const rows = await tx.execute<{ case_id: string; area_code: string; deadline: CaseDeadline; due_at: Date }[]>(
      `with due as (${due} order by due_at limit ${BATCH}),
       noticed as (
         insert into case_deadline_notice (case_id, deadline, due_at, noticed_at)
         select id, deadline, due_at, ? from due on conflict do nothing
         returning case_id, deadline, due_at
       )
       select n.case_id, d.area_code, n.deadline, n.due_at from noticed n
       join due d on d.id = n.case_id and d.deadline = n.deadline
       order by n.due_at, n.case_id`,
      [...Object.values(CaseDeadline).map(() => now), now],
    );
    const events: CaseOverdue[] = rows.map((r) => ({
      type: 'CaseOverdue',
      aggregateType: 'EmergencyCase',
      aggregateId: r.case_id,
      actor: null,
      payload: {
        caseId: r.case_id,
        areaCode: r.area_code,
        deadline: r.deadline,
        dueAt: toDate(r.due_at).toISOString(),
      },
    }));
    await appendEvents(tx, events);
    return events.length;
  });
}
