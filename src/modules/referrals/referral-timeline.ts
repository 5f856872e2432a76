import type { EntityManager } from '@mikro-orm/postgresql';
import { toDate } from '../../core/clock';
import { timelineEntry, type CaseStepKind, type TimelineEntry } from '../../core/timeline';
import { Commitment } from './commitment.entity';
import { Referral } from './referral.entity';
import type { ReferralStatus } from './referral.enums';
import { ACTIVE_REFERRAL_STATUSES, REFERRAL_LIFECYCLE } from './referral.lifecycle';

const SENT = REFERRAL_LIFECYCLE.initial;
const ACCEPTED = REFERRAL_LIFECYCLE.to('accept');
const DECLINED = REFERRAL_LIFECYCLE.to('decline');
const CANCELLED = REFERRAL_LIFECYCLE.to('cancel');

const KIND: Record<ReferralStatus, CaseStepKind> = {
  SENT: 'REFERRAL_SENT',
  ACCEPTED: 'REFERRAL_ACCEPTED',
  IN_PROGRESS: 'REFERRAL_STARTED',
  DECLINED: 'REFERRAL_DECLINED',
  COMPLETED: 'REFERRAL_COMPLETED',
  CANCELLED: 'REFERRAL_CANCELLED',
};

/**
 * A case's commitments and every step of its referrals, from each referral's history (who, in which
 * role, when, and the deadline in force then). The provider's steps are measured from the sending
 * (its answer) or from the acceptance (its delivery); a referral still owing one is an entry without `at`.
 */
export async function referralSteps(em: EntityManager, caseId: string): Promise<TimelineEntry[]> {
  const referrals = await em.find(Referral, { case: caseId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const commitments = await em.find(Commitment, { id: referrals.map((r) => r.commitment.id) });
  const out: TimelineEntry[] = [];
  for (const commitment of commitments) {
    out.push(
      timelineEntry('COMMITTED', commitment.createdAt, {
        actorSubject: commitment.createdBy,
        needId: commitment.need.id,
        dueAt: null,
        detail: commitment.unit ? `${commitment.amount} ${commitment.unit}` : String(commitment.amount),
      }),
    );
  }
  for (const r of referrals) {
    const sent = toDate(r.history[0]?.at ?? r.createdAt);
    const accepted = r.acceptedAt;
    const ofReferral = { referralId: r.id, needId: r.need.id };
    for (const step of r.history) {
      const provider = step.status !== SENT && step.actorRole === 'CHARITY';
      const answer = step.status === ACCEPTED || step.status === DECLINED;
      out.push(
        timelineEntry(KIND[step.status], toDate(step.at), {
          ...ofReferral,
          actorSubject: step.actor,
          actorRole: step.actorRole,
          actorOrganizationId: provider ? r.toOrganization.id : (r.fromOrganization?.id ?? null),
          since: step.status === SENT ? null : answer || !accepted ? sent : accepted,
          // The sending sets the answer's deadline; it is held to none itself.
          dueAt: step.status === SENT || !step.dueAt ? null : toDate(step.dueAt),
          detail:
            step.status === DECLINED || step.status === CANCELLED ? step.note : null,
        }),
      );
    }
    if (r.dueAt && ACTIVE_REFERRAL_STATUSES.includes(r.status)) {
      const owed = r.status === SENT ? 'REFERRAL_ACCEPTED' : 'REFERRAL_COMPLETED';
      out.push(
        timelineEntry(owed, null, {
          ...ofReferral,
          actorOrganizationId: r.toOrganization.id,
          since: owed === 'REFERRAL_ACCEPTED' || !accepted ? sent : accepted,
          dueAt: r.dueAt,
        }),
      );
    }
  }
  return out;
}
