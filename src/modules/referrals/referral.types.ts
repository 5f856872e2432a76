import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { Node } from '../../core/relay';
import { DateScalar } from '../../core/scalars';
import { UserError } from '../../core/user-error';
import { AssistanceForm } from '../../core/vocabulary';
import type { Commitment } from './commitment.entity';
import { CommitmentStatus, ReferralStatus } from './referral.enums';
import type { Referral } from './referral.entity';

@ObjectType('Commitment', {
  implements: Node,
  description: '资源承诺 — capacity of a resource reserved for a need, held until a deadline.',
})
export class CommitmentType extends Node {
  @Field(() => Int, {
    description:
      '数量 — reserved, in the resource’s capacity unit (fen for money); once used, what was actually given.',
  })
  amount!: number;

  @Field(() => String, {
    nullable: true,
    description: '单位 — the resource’s capacity unit; null for unlimited capacity.',
  })
  unit!: string | null;

  @Field(() => Date, { description: '保留期限 — released automatically if the provider has not accepted by then.' })
  holdUntil!: Date;

  @Field(() => CommitmentStatus, { description: '状态 — held, confirmed, used or released.' })
  status!: CommitmentStatus;

  @Field(() => Date, { nullable: true, description: '释放时间 — when the capacity was given back.' })
  releasedAt!: Date | null;
}

@ObjectType('ReferralStep', { description: '转介记录 — one step of a referral, timed.' })
export class ReferralStep {
  @Field(() => ReferralStatus, { description: '状态 — the status reached.' })
  status!: ReferralStatus;

  @Field(() => Date, { description: '时间 — when.' })
  at!: Date;

  @Field({ description: '操作人 — the token subject of who took the step (`system` for the hub).' })
  actor!: string;

  @Field({ description: '角色 — the actor’s role, or SYSTEM.' })
  actorRole!: string;

  @Field(() => String, { nullable: true, description: '说明 — a reason or note.' })
  note!: string | null;
}

@ObjectType('Referral', {
  implements: Node,
  description: '转介 — a committed resource handed to its provider, followed until the help is given.',
})
export class ReferralType extends Node {
  @Field(() => ReferralStatus, { description: '状态 — where the referral is.' })
  status!: ReferralStatus;

  @Field(() => Date, {
    nullable: true,
    description: '办理时限 — the answer is due by then while SENT, the delivery once ACCEPTED.',
  })
  dueAt!: Date | null;

  @Field(() => String, { nullable: true, description: '原因 — why it was declined or cancelled.' })
  reason!: string | null;

  @Field(() => Date, { description: '发送时间 — when it was sent.' })
  createdAt!: Date;
}

@InputType({
  description: '承诺资源 — reserve capacity of a resource for a need and send the referral to its provider.',
})
export class CommitmentCreateInput {
  @Field(() => ID, { description: '需求 — the need.' })
  needId!: string;

  @Field(() => ID, { description: '资源 — the resource (it must pass the need’s hard filters and not be ineligible).' })
  resourceId!: string;

  @Field(() => Int, { description: '数量 — how much to reserve, in the resource’s capacity unit (fen for money).' })
  amount!: number;
}

@InputType({ description: '拒绝转介 — the provider cannot help; the reservation is released.' })
export class ReferralDeclineInput {
  @Field(() => ID, { description: '转介 — the referral.' })
  id!: string;

  @Field({ description: '原因 — why.' })
  reason!: string;
}

@InputType({ description: '取消转介 — the caseworker withdraws a referral; the reservation is released.' })
export class ReferralCancelInput {
  @Field(() => ID, { description: '转介 — the referral.' })
  id!: string;

  @Field({ description: '原因 — why.' })
  reason!: string;
}

@InputType({ description: '完成转介 — the help was delivered; recorded on the household’s aid chain.' })
export class ReferralCompleteInput {
  @Field(() => ID, { description: '转介 — the referral.' })
  id!: string;

  @Field(() => AssistanceForm, { description: '救助形式 — the form the help took.' })
  form!: AssistanceForm;

  @Field(() => Int, {
    nullable: true,
    description: '金额（分） — money given or the value of what was given, in fen; required for cash.',
  })
  amountFen?: number | null;

  @Field(() => String, { nullable: true, description: '资金来源 — e.g. 临时救助资金, 慈善募捐.' })
  fundSource?: string | null;

  @Field(() => DateScalar, { description: '交付日期 — the day the help was given (Asia/Shanghai).' })
  deliveredOn!: string;

  @Field(() => String, { nullable: true, description: '说明 — what was given.' })
  note?: string | null;
}

@ObjectType({ description: '承诺操作结果 — the commitment (with its referral), or why it failed.' })
export class CommitmentPayload {
  @Field(() => CommitmentType, { nullable: true, description: '资源承诺 — the commitment.' })
  commitment!: Commitment | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: '转介操作结果 — the referral, or why the step failed.' })
export class ReferralPayload {
  @Field(() => ReferralType, { nullable: true, description: '转介 — the referral.' })
  referral!: Referral | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: '转介筛选 — narrows the referral list.' })
export class ReferralFilter {
  @Field(() => ReferralStatus, { nullable: true, description: '状态 — referrals in this status.' })
  status?: ReferralStatus | null;

  @Field(() => Boolean, { nullable: true, description: '逾期 — true: only open referrals past their due time.' })
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true, description: '组织 — referrals sent to or from this organisation.' })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true, description: '事件 — referrals of this case.' })
  caseId?: string | null;
}

@ObjectType('ReferralEdge', { description: '转介边 — one referral in a list, with its cursor.' })
export class ReferralEdge extends EdgeType<Referral>(() => ReferralType, '转介') {}

@ObjectType('ReferralConnection', { description: '转介列表 — a page of referrals (Relay connection).' })
export class ReferralConnection extends ConnectionType<Referral>(
  () => ReferralType,
  () => ReferralEdge,
) {}
