import type { EntityManager } from '@mikro-orm/postgresql';
import { timelineEntry, type TimelineEntry } from '../../core/timeline';
import { eventsOf } from '../../events/history';
import { caseDeadlines } from './case-deadlines';
import { CASE_LIFECYCLE } from './case.lifecycle';
import type { EmergencyCase } from './emergency-case.entity';
import { Need } from './need.entity';

/**
 * The steps of a case its own tables record: the report, acceptance, verification (or rejection), the
 * expedited path, first help, needs and their escalation, assistance complete, close — each with who
 * (the case's owner as recorded, otherwise the actor its event names), what it is measured from and
 * its deadline (case-deadlines.ts). A deadline still owed is an entry without `at`.
 */
export async function caseSteps(em: EntityManager, c: EmergencyCase, now: Date): Promise<TimelineEntry[]> {
  const needs = await em.find(Need, { case: c.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const events = await eventsOf(em, [c.id, ...needs.map((n) => n.id)]);
  const actorOf = (type: string, aggregateId = c.id) =>
    events.find((e) => e.type === type && e.aggregateId === aggregateId)?.actor ?? null;
  const owner = {
    actorSubject: c.ownerSubject,
    actorRole: c.ownerRole,
    actorOrganizationId: c.ownerOrganizationId,
  };
  const [verify, respond] = caseDeadlines(c, now);
  const out: TimelineEntry[] = [
    timelineEntry('REPORTED', c.createdAt, {
      actorSubject: actorOf('EmergencyReported'),
      actorRole: actorOf('EmergencyReported') ? null : 'PUBLIC',
      detail: c.channel,
    }),
  ];
  if (c.acceptedAt) out.push(timelineEntry('ACCEPTED', c.acceptedAt, { ...owner, since: c.createdAt }));
  if (c.expeditedAt) {
    out.push(
      timelineEntry('EXPEDITED', c.expeditedAt, { actorSubject: actorOf('EmergencyExpedited'), since: c.createdAt }),
    );
  }
  if (c.status === CASE_LIFECYCLE.to('reject')) {
    out.push(timelineEntry('REJECTED', c.closedAt, { actorSubject: c.verifiedBy, since: c.createdAt }));
  } else if (c.verifiedAt || verify!.pending) {
    out.push(
      timelineEntry('VERIFIED', c.verifiedAt, { actorSubject: c.verifiedBy, since: c.createdAt, dueAt: c.verifyDueAt }),
    );
  }
  if (c.firstAssistedAt || respond!.pending) {
    out.push(timelineEntry('FIRST_HELP', c.firstAssistedAt, { since: c.createdAt, dueAt: c.respondDueAt }));
  }
  for (const need of needs) {
    const ofNeed = { needId: need.id, since: need.createdAt };
    out.push(
      timelineEntry('NEED_CREATED', need.createdAt, {
        needId: need.id,
        actorSubject: need.createdBy,
        since: c.createdAt,
        detail: need.form,
      }),
    );
    if (need.escalatedAt) {
      out.push(
        timelineEntry('NEED_ESCALATED', need.escalatedAt, {
          ...ofNeed,
          actorSubject: actorOf('NeedEscalated', need.id),
          detail: need.escalationLevel,
        }),
      );
    }
    const cancelled = events.find((e) => e.type === 'NeedCancelled' && e.aggregateId === need.id);
    if (cancelled) {
      out.push(timelineEntry('NEED_CANCELLED', cancelled.occurredAt, { ...ofNeed, actorSubject: cancelled.actor }));
    }
  }
  if (c.assistedAt) {
    out.push(
      timelineEntry('ASSISTED', c.assistedAt, { actorSubject: actorOf('EmergencyAssisted'), since: c.createdAt }),
    );
  }
  if (c.status === CASE_LIFECYCLE.to('close') && c.closedAt) {
    out.push(timelineEntry('CLOSED', c.closedAt, { actorSubject: actorOf('EmergencyClosed'), since: c.createdAt }));
  }
  return out;
}
