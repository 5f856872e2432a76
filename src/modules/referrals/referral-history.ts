import type { AuditActor } from '../audit';
import type { Referral } from './referral.entity';
import { ReferralStatus } from './referral.enums';

/**
 * Moves a referral to `status`, appending the timed step to its history with the deadline in force
 * then (call it before setting the next deadline), and the first time of the steps the supervision
 * report measures (accepted, declined, completed) on their own columns.
 */
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
    {
      status,
      at: at.toISOString(),
      actor: actor.subject,
      actorRole: actor.role,
      note,
      dueAt: referral.dueAt?.toISOString() ?? null,
    },
  ];
  if (status === ReferralStatus.ACCEPTED) referral.acceptedAt ??= at;
  if (status === ReferralStatus.DECLINED) referral.declinedAt ??= at;
  if (status === ReferralStatus.COMPLETED) referral.completedAt ??= at;
}
