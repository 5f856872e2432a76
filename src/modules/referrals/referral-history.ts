import type { AuditActor } from '../audit';
import type { Referral } from './referral.entity';
import { REFERRAL_LIFECYCLE, type ReferralStep } from './referral.lifecycle';

/**
 * Takes a step of the referral's lifecycle (null: it is sent, its first state), appending the timed
 * step to its history.
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
    { status: referral.status, at: at.toISOString(), actor: actor.subject, actorRole: actor.role, note },
  ];
}
