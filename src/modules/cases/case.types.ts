import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { Node } from '../../core/relay';
import { UserError } from '../../core/user-error';
import { EmergencyType } from '../../core/vocabulary';
import { EmergencyCaseStatus, IntakeChannel } from './case.enums';
import { type EmergencyCase } from './emergency-case.entity';

@ObjectType('EmergencyCase', {
  implements: Node,
  description: '急难事件 — an emergency reported for a household, owned by its first responder (首问负责制).',
})
export class EmergencyCaseType extends Node {
  @Field({ description: '事件编号 — the reference given to whoever reported it, e.g. JJN-20261128-4F7K2Q.' })
  reference!: string;

  @Field(() => EmergencyCaseStatus, { description: '状态 — where the case is.' })
  status!: EmergencyCaseStatus;
}

@InputType({ description: '急难报告 — a report of an emergency, from the public or a hotline operator.' })
export class EmergencyReportInput {
  @Field(() => EmergencyType, { description: '急难类型 — what happened.' })
  emergencyType!: EmergencyType;

  @Field(() => Date, { description: '发生时间 — when it happened.' })
  occurredAt!: Date;

  @Field({ description: '街镇代码 — the street or town where it happened.' })
  areaCode!: string;

  @Field({ description: '情况说明 — what happened and what is needed.' })
  description!: string;

  @Field(() => IntakeChannel, { description: '受理渠道 — how it reached the hub.' })
  channel!: IntakeChannel;

  @Field(() => String, { nullable: true, description: '地址 — where the household is (personal data).' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: '报告人 — who reports (personal data).' })
  reporterName?: string | null;

  @Field(() => String, { nullable: true, description: '联系电话 — how to call back (personal data).' })
  reporterPhone?: string | null;

  @Field({ description: '幂等键 — the client’s unique key for this report; a replay returns the same case.' })
  idempotencyKey!: string;
}

@ObjectType({ description: '急难事件操作结果 — the case, or why the mutation failed.' })
export class EmergencyCasePayload {
  @Field(() => EmergencyCaseType, {
    nullable: true,
    description: '急难事件 — the case; the public sees only its reference and status.',
  })
  emergencyCase!: EmergencyCase | null;

  @Field(() => String, {
    nullable: true,
    description:
      '查询码 — with the reference, lets the reporter follow the case (`emergencyReportStatus`); given by `emergencyReport` only (the same again on a resubmitted report), never stored in clear.',
  })
  trackingCode?: string | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: '急难事件筛选 — narrows the case list.' })
export class EmergencyCaseFilter {
  @Field(() => EmergencyCaseStatus, { nullable: true, description: '状态 — cases in this status.' })
  status?: EmergencyCaseStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '逾期 — true: only cases past a deadline; false: only those within them.',
  })
  overdue?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: '区划 — cases in this area or below it (within your jurisdiction).',
  })
  areaCode?: string | null;
}

@ObjectType('EmergencyCaseEdge', { description: '急难事件边 — one case in a list, with its cursor.' })
export class EmergencyCaseEdge extends EdgeType<EmergencyCase>(() => EmergencyCaseType, '急难事件') {}

@ObjectType('EmergencyCaseConnection', { description: '急难事件列表 — a page of cases (Relay connection).' })
export class EmergencyCaseConnection extends ConnectionType<EmergencyCase>(
  () => EmergencyCaseType,
  () => EmergencyCaseEdge,
) {}

@InputType({ description: '核实急难事件 — the owner’s verification: the household, or a rejection.' })
export class EmergencyCaseVerifyInput {
  @Field(() => ID, { description: '事件 — the case.' })
  id!: string;

  @Field(() => ID, {
    nullable: true,
    description: '家庭 — the household the emergency struck; required when verified.',
  })
  householdId?: string | null;

  @Field({ description: '是否属实 — true: verified; false: not an emergency the hub handles (rejected).' })
  verified!: boolean;

  @Field(() => String, { nullable: true, description: '核实说明 — what was found.' })
  note?: string | null;
}

@InputType({ description: '事件操作说明 — a case and a note (expedite: the reason; close: a summary).' })
export class EmergencyCaseNoteInput {
  @Field(() => ID, { description: '事件 — the case.' })
  id!: string;

  @Field(() => String, { nullable: true, description: '说明 — why (required to expedite).' })
  note?: string | null;
}
