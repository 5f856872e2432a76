import type { EntityManager } from '@mikro-orm/postgresql';
import { toDate } from '../../core/clock';
import { timelineEntry, type CaseStepKind, type TimelineEntry } from '../../core/timeline';
import { Commitment } from './commitment.entity';
import { Referral } from './referral.entity';
import { ReferralStatus } from './referral.enums';

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
      const provider = step.status !== ReferralStatus.SENT && step.actorRole === 'CHARITY';
      const answer = step.status === ReferralStatus.ACCEPTED || step.status === ReferralStatus.DECLINED;
      out.push(
        timelineEntry(KIND[step.status], toDate(step.at), {
          ...ofReferral,
          actorSubject: step.actor,
          actorRole: step.actorRole,
          actorOrganizationId: provider ? r.toOrganization.id : (r.fromOrganization?.id ?? null),
          since: step.status === ReferralStatus.SENT ? null : answer || !accepted ? sent : accepted,
          // The sending sets the answer's deadline; it is held to none itself.
          dueAt: step.status === ReferralStatus.SENT || !step.dueAt ? null : toDate(step.dueAt),
          detail:
            step.status === ReferralStatus.DECLINED || step.status === ReferralStatus.CANCELLED ? step.note : null,
        }),
      );
    }
    if (
      r.dueAt &&
      (r.status === ReferralStatus.SENT ||
        r.status === ReferralStatus.ACCEPTED ||
        r.status === ReferralStatus.IN_PROGRESS)
    ) {
      const owed = r.status === ReferralStatus.SENT ? 'REFERRAL_ACCEPTED' : 'REFERRAL_COMPLETED';
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
