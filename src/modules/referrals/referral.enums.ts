import { declareEnum, type EnumValue } from '../../core/enums';

export const CommitmentStatus = declareEnum('CommitmentStatus', '承诺状态 — what became of reserved capacity.', {
  HELD: ['保留中', 'reserved until the hold deadline, waiting for the provider to accept.'],
  CONFIRMED: ['已确认', 'the provider accepted the referral.'],
  USED: ['已使用', 'the help was delivered.'],
  RELEASED: ['已释放', 'given back (declined, cancelled or the hold lapsed).'],
});
export type CommitmentStatus = EnumValue<typeof CommitmentStatus>;

export const ReferralStatus = declareEnum('ReferralStatus', '转介状态 — where a referral is, from sent to done.', {
  SENT: ['已发送', 'waiting for the provider.'],
  ACCEPTED: ['已接收', 'the provider will help.'],
  DECLINED: ['已拒绝', 'the provider cannot help (with its reason); the reservation is released.'],
  IN_PROGRESS: ['办理中', 'help is being delivered.'],
  COMPLETED: ['已完成', 'help delivered and recorded on the household’s aid chain.'],
  CANCELLED: ['已取消', 'withdrawn by the caseworker, or lapsed unanswered.'],
});
export type ReferralStatus = EnumValue<typeof ReferralStatus>;
