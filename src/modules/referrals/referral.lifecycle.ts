import { Lifecycle } from '../../core/lifecycle';
import { ReferralStatus } from './referral.enums';

const { SENT, ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED, CANCELLED } = ReferralStatus;

/** A referral in these states still binds its provider (and lets it see the household's contact details). */
const ACTIVE = [SENT, ACCEPTED, IN_PROGRESS];

/** 转介的流转: the one table of the steps a referral may take, from sent to done. */
export const REFERRAL_LIFECYCLE = new Lifecycle('Referral', Object.values(ReferralStatus), SENT, {
  /** 接收: the provider will help. */
  accept: { from: [SENT], to: ACCEPTED },
  /** 办理中: the provider has begun delivering. */
  start: { from: [ACCEPTED], to: IN_PROGRESS },
  /** 拒绝: the provider cannot help. */
  decline: { from: ACTIVE, to: DECLINED },
  /** 取消: the caseworker withdraws it. */
  cancel: { from: ACTIVE, to: CANCELLED },
  /** Never accepted before the hold deadline: the sweeper cancels it. */
  lapse: { from: [SENT], to: CANCELLED },
  /** 完成: the help was delivered. */
  complete: { from: [ACCEPTED, IN_PROGRESS], to: COMPLETED },
});

export type ReferralStep = keyof typeof REFERRAL_LIFECYCLE.steps;

/** A referral in these states still binds its provider (and lets it see the household's contact details). */
export const ACTIVE_REFERRAL_STATUSES = REFERRAL_LIFECYCLE.from('cancel');
