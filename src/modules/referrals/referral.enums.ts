import { registerEnumType } from 'type-graphql';

export enum CommitmentStatus {
  HELD = 'HELD',
  CONFIRMED = 'CONFIRMED',
  USED = 'USED',
  RELEASED = 'RELEASED',
}

registerEnumType(CommitmentStatus, {
  name: 'CommitmentStatus',
  description: '承诺状态 — what became of reserved capacity.',
  valuesConfig: {
    HELD: { description: '保留中 — reserved until the hold deadline, waiting for the provider to accept.' },
    CONFIRMED: { description: '已确认 — the provider accepted the referral.' },
    USED: { description: '已使用 — the help was delivered.' },
    RELEASED: { description: '已释放 — given back (declined, cancelled or the hold lapsed).' },
  },
});

export enum ReferralStatus {
  SENT = 'SENT',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

/** A referral in these states still binds its provider (and lets it see the household's contact details). */
export const ACTIVE_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  ReferralStatus.SENT,
  ReferralStatus.ACCEPTED,
  ReferralStatus.IN_PROGRESS,
];

registerEnumType(ReferralStatus, {
  name: 'ReferralStatus',
  description: '转介状态 — where a referral is, from sent to done.',
  valuesConfig: {
    SENT: { description: '已发送 — waiting for the provider.' },
    ACCEPTED: { description: '已接收 — the provider will help.' },
    DECLINED: { description: '已拒绝 — the provider cannot help (with its reason); the reservation is released.' },
    IN_PROGRESS: { description: '办理中 — help is being delivered.' },
    COMPLETED: { description: '已完成 — help delivered and recorded on the household’s aid chain.' },
    CANCELLED: { description: '已取消 — withdrawn by the caseworker, or lapsed unanswered.' },
  },
});
