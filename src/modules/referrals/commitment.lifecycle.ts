import { Lifecycle } from '../../core/lifecycle';
import { CommitmentStatus } from './referral.enums';

const { HELD, CONFIRMED, USED, RELEASED } = CommitmentStatus;

/** Reserved and not yet delivered. */
const OUTSTANDING = [HELD, CONFIRMED];

/** 承诺的流转: the one table of what becomes of reserved capacity. */
export const COMMITMENT_LIFECYCLE = new Lifecycle('Commitment', Object.values(CommitmentStatus), HELD, {
  /** The provider accepted the referral. */
  confirm: { from: [HELD], to: CONFIRMED },
  /** The help was delivered. */
  use: { from: [CONFIRMED], to: USED },
  /** Given back: declined, cancelled, or nothing was paid out. */
  release: { from: OUTSTANDING, to: RELEASED },
  /** The hold lapsed before the provider accepted. */
  lapse: { from: [HELD], to: RELEASED },
});

export type CommitmentStep = keyof typeof COMMITMENT_LIFECYCLE.steps;

/** Reserved for a need and not yet delivered. */
export const OUTSTANDING_COMMITMENT_STATUSES = COMMITMENT_LIFECYCLE.from('release');

/** Counting against a programme's cap per case: outstanding, or used (what was paid out). */
export const CAPPED_COMMITMENT_STATUSES = [...OUTSTANDING_COMMITMENT_STATUSES, COMMITMENT_LIFECYCLE.to('use')];
