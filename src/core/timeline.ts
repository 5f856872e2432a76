import { declareEnum, type EnumValue } from './enums';

/** The steps of a case's timeline (跟踪督查): each module names the steps it records. */
export const CaseStepKind = declareEnum('CaseStepKind', '办理环节 — one step in the life of a case.', {
  REPORTED: ['报告', 'the emergency was reported.'],
  ACCEPTED: ['受理', 'a caseworker took the case (首问负责制).'],
  EXPEDITED: ['先行救助', 'help before verification; the paperwork is due afterwards.'],
  VERIFIED: ['核实', 'the emergency was verified (for an expedited case: its paperwork).'],
  REJECTED: ['不予受理', 'the report was rejected.'],
  NEED_CREATED: ['登记需求', 'a need was recorded.'],
  NEED_ESCALATED: ['需求上报', 'a need was escalated to the district or city.'],
  NEED_CANCELLED: ['撤销需求', 'a need was withdrawn.'],
  COMMITTED: ['承诺资源', 'a resource’s capacity was reserved for a need.'],
  REFERRAL_SENT: ['发出转介', 'a referral went to its provider.'],
  REFERRAL_ACCEPTED: ['接收转介', 'the provider accepted the referral.'],
  REFERRAL_STARTED: ['开始办理', 'the provider began delivering.'],
  REFERRAL_DECLINED: ['拒绝转介', 'the provider declined (with its reason).'],
  REFERRAL_COMPLETED: ['完成转介', 'the provider delivered the help.'],
  REFERRAL_CANCELLED: ['取消转介', 'the referral was withdrawn, or lapsed unanswered.'],
  ASSISTANCE_GIVEN: ['发放救助', 'aid was recorded on the household’s chain.'],
  FIRST_HELP: ['首次救助', 'help first reached the case (the response deadline).'],
  ASSISTED: ['救助完成', 'every need was met.'],
  CLOSED: ['结案', 'the case was closed.'],
  TRACKED: ['列入跟踪督查', 'an auditor or coordinator began tracking the case.'],
  UNTRACKED: ['结束跟踪督查', 'the tracking ended.'],
});
export type CaseStepKind = EnumValue<typeof CaseStepKind>;

/**
 * One step of a case as the module that recorded it sees it. `at` null: the step is still owed (a
 * deadline not yet met). The actor is named as recorded: a subject, and the role and organisation when
 * the record keeps them (null: resolved by whoever assembles the timeline).
 */
export interface TimelineEntry {
  kind: CaseStepKind;
  at: Date | null;
  actorSubject: string | null;
  /** A Role, or SYSTEM / PUBLIC; null when the record does not say. */
  actorRole: string | null;
  /** The organisation's local id, when known. */
  actorOrganizationId: string | null;
  /** What the step is measured from (how long it took): the report, the referral's sending … */
  since: Date | null;
  /** The deadline the step is held to, when it has one. */
  dueAt: Date | null;
  needId: string | null;
  referralId: string | null;
  /** A short non-personal detail: an escalation level, a decline reason, an aid form. */
  detail: string | null;
}

export function timelineEntry(
  kind: CaseStepKind,
  at: Date | null,
  more: Partial<Omit<TimelineEntry, 'kind' | 'at'>> = {},
): TimelineEntry {
  return {
    kind,
    at,
    actorSubject: null,
    actorRole: null,
    actorOrganizationId: null,
    since: null,
    dueAt: null,
    needId: null,
    referralId: null,
    detail: null,
    ...more,
  };
}
