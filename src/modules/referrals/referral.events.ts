import type { NewEvent } from '../../events/outbox';
import type { Commitment } from './commitment.entity';
import type { Referral } from './referral.entity';
import type { ReferralStatus } from './referral.enums';

// Ids, organisations, areas and states only: events fan out, personal data never goes with them.

export interface CommitmentCreated extends NewEvent {
  type: 'CommitmentCreated';
  aggregateType: 'Commitment';
  payload: { commitmentId: string; needId: string; resourceId: string; amount: number };
}

export interface ReferralUpdated extends NewEvent {
  type: 'ReferralUpdated';
  aggregateType: 'Referral';
  payload: {
    referralId: string;
    status: ReferralStatus;
    caseId: string;
    needId: string;
    areaCode: string;
    toOrganizationId: string;
    fromOrganizationId: string | null;
  };
}

/** Every event the referrals module appends. */
export type ReferralsEvent = CommitmentCreated | ReferralUpdated;
export const REFERRALS_EVENTS: readonly ReferralsEvent['type'][] = ['CommitmentCreated', 'ReferralUpdated'];

export function commitmentCreated(commitment: Commitment, actor: string | null): CommitmentCreated {
  return {
    type: 'CommitmentCreated',
    aggregateType: 'Commitment',
    aggregateId: commitment.id,
    actor,
    payload: {
      commitmentId: commitment.id,
      needId: commitment.need.id,
      resourceId: commitment.resource.id,
      amount: commitment.amount,
    },
  };
}

/** A step of a referral. */
export function referralEvent(referral: Referral, actor: string | null): ReferralUpdated {
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
