import type { AuditActor } from '../audit';
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
