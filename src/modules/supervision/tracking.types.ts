import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { declareEnum, type EnumValue } from '../../core/enums';
import { CaseStepKind } from '../../core/timeline';
import { UserError } from '../../core/user-error';
import { CaseDeadline, EmergencyCaseType, type EmergencyCase } from '../cases';

export const StepActorRole = declareEnum('StepActorRole', '办理人角色 — in which capacity someone took a step.', {
  CHARITY: ['慈善/社会组织', 'staff of the provider a referral went to.'],
  CASEWORKER: ['街镇经办人员', 'a caseworker of the street.'],
  COORDINATOR: ['区/市民政统筹', 'a coordinator of the district or city.'],
  AUDITOR: ['督查', 'an auditor.'],
  PUBLIC: ['群众', 'a member of the public (the report).'],
  SYSTEM: ['系统', 'the hub itself (a hold that lapsed).'],
});
export type StepActorRole = EnumValue<typeof StepActorRole>;

@ObjectType('StepActor', {
  description: '办理人 — who took a step: the user’s token subject, role and organisation; nothing personal.',
})
export class StepActorType {
  @Field(() => String, {
    nullable: true,
    description: '用户标识 — the token subject; null for the public and the hub.',
  })
  subject!: string | null;

  @Field(() => StepActorRole, {
    nullable: true,
    description: '角色 — the capacity; null when the record does not say.',
  })
  role!: StepActorRole | null;

  organizationId!: string | null;
}

@ObjectType('CaseTimelineStep', {
  description: '办理环节 — one step of a case with who took it, when, how long it took and its deadline.',
})
export class CaseTimelineStepType {
  @Field(() => CaseStepKind, { description: '环节 — which step.' })
  kind!: CaseStepKind;

  @Field(() => Date, { nullable: true, description: '时间 — when it was taken; null: still owed.' })
  at!: Date | null;

  @Field(() => StepActorType, { nullable: true, description: '办理人 — who took it, as far as recorded.' })
  actor!: StepActorType | null;

  @Field(() => Float, {
    nullable: true,
    description: '用时（小时） — hours from what it answers (the report, the referral’s sending …) to the step.',
  })
  tookHours!: number | null;

  @Field(() => Date, { nullable: true, description: '时限 — the deadline it is held to, if any.' })
  dueAt!: Date | null;

  @Field({ description: '逾期 — taken after its deadline, or still owed past it.' })
  overdue!: boolean;

  @Field({ description: '待办 — still owed.' })
  pending!: boolean;

  @Field(() => ID, { nullable: true, description: '需求 — the need the step concerns (global id).' })
  needId!: string | null;

  @Field(() => ID, { nullable: true, description: '转介 — the referral the step concerns (global id).' })
  referralId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: '说明 — a short detail: channel, aid form, escalation level, decline reason, tracking reason.',
  })
  detail!: string | null;
}

@ObjectType('CaseTracking', { description: '跟踪督查 — a case marked for tracking by an auditor, and why.' })
export class CaseTrackingType {
  @Field({ description: '跟踪理由 — why the case is tracked.' })
  reason!: string;

  @Field(() => Date, { description: '开始时间 — when tracking began.' })
  trackedAt!: Date;

  @Field(() => StepActorType, { description: '发起人 — who began it.' })
  trackedBy!: StepActorType;

  @Field(() => Date, { nullable: true, description: '结束时间 — when tracking ended; null while it lasts.' })
  endedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '结束说明 — how it ended.' })
  endNote!: string | null;
}

@InputType({ description: '跟踪督查 — the case to track and why.' })
export class EmergencyCaseTrackInput {
  @Field(() => ID, { description: '事件 — the case.' })
  caseId!: string;

  @Field({ description: '跟踪理由 — why (e.g. 推诿, 超时), up to 1,000 characters.' })
  reason!: string;
}

@InputType({ description: '结束跟踪督查 — the case and how the tracking ends.' })
export class EmergencyCaseUntrackInput {
  @Field(() => ID, { description: '事件 — the case.' })
  caseId!: string;

  @Field({ description: '结束说明 — what was found or settled, up to 1,000 characters.' })
  note!: string;
}

@ObjectType({ description: '跟踪督查结果 — the case and its tracking, or why the mutation failed.' })
export class CaseTrackingPayload {
  @Field(() => EmergencyCaseType, { nullable: true, description: '急难事件 — the case.' })
  emergencyCase!: EmergencyCase | null;

  @Field(() => CaseTrackingType, { nullable: true, description: '跟踪督查 — the tracking begun or ended.' })
  tracking!: CaseTrackingType | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: '督查清单筛选 — which followed cases to list; both empty: tracked or overdue.' })
export class SupervisedCaseFilter {
  @Field(() => Boolean, { nullable: true, description: '跟踪中 — true: only tracked cases; false: only untracked.' })
  tracked?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '逾期 — true: only cases overdue now; false: only within time.',
  })
  overdue?: boolean | null;
}

@ObjectType('CaseOverdueNotice', { description: '逾期提醒 — a deadline of a case passed without its step.' })
export class CaseOverdueNoticeType {
  @Field(() => EmergencyCaseType, { description: '急难事件 — the case.' })
  emergencyCase!: EmergencyCase;

  @Field(() => CaseDeadline, { description: '时限 — which deadline passed.' })
  deadline!: CaseDeadline;

  @Field(() => Date, { description: '到期时间 — when it was due.' })
  dueAt!: Date;
}
