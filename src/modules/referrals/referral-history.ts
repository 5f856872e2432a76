import type { AuditActor } from '../audit';
import type { Referral } from './referral.entity';
import { REFERRAL_LIFECYCLE, type ReferralStep } from './referral.lifecycle';

/**
 * Takes a step of the referral's lifecycle (null: it is sent, its first state), appending the timed
 * step to its history with the deadline in force then (call it before setting the next deadline), and
 * the first time of the steps the supervision report measures (accepted, declined, completed) on their
 * own columns.
 */
export function stepTo(
  referral: Referral,
  step: ReferralStep | null,
  actor: AuditActor,
  note: string | null,
  at: Date,
): void {
  if (step === null) referral.status = REFERRAL_LIFECYCLE.initial;
  else REFERRAL_LIFECYCLE.step(step, referral);
  referral.history = [
    ...referral.history,
    {
      status: referral.status,
      at: at.toISOString(),
      actor: actor.subject,
      actorRole: actor.role,
      note,
      dueAt: referral.dueAt?.toISOString() ?? null,
    },
  ];
  if (referral.status === REFERRAL_LIFECYCLE.to('accept')) referral.acceptedAt ??= at;
  if (referral.status === REFERRAL_LIFECYCLE.to('decline')) referral.declinedAt ??= at;
  if (referral.status === REFERRAL_LIFECYCLE.to('complete')) referral.completedAt ??= at;
}
