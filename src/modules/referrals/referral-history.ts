import type { AuditActor } from '../audit/audit';
import type { Referral } from './referral.entity';
import type { ReferralStatus } from './referral.enums';

/** Moves a referral to `status`, appending the timed step to its history. */
export function stepTo(
  referral: Referral,
  status: ReferralStatus,
  actor: AuditActor,
  note: string | null,
  at: Date,
): void {
  referral.status = status;
  referral.history = [
    ...referral.history,
    { status, at: at.toISOString(), actor: actor.subject, actorRole: actor.role, note },
  ];
}

/** A referral event: ids, organisations, area and status — never personal data. */
export function referralEvent(referral: Referral, actor: string | null) {
  return {
    type: 'ReferralUpdated',
    aggregateType: 'Referral',
    aggregateId: referral.id,
    actor,
    payload: {
      referralId: referral.id,
      status: referral.status,
      caseId: referral.case.id,
      needId: referral.need.id,
      areaCode: referral.areaCode,
      toOrganizationId: referral.toOrganization.id,
      fromOrganizationId: referral.fromOrganization?.id ?? null,
    },
  };
}
