import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { Node } from '../../core/relay';
import { UserError } from '../../core/user-error';
import { AssistanceForm } from '../../core/vocabulary';
import { EscalationLevel, NeedStatus, Urgency } from './need.enums';
import type { Need } from './need.entity';

@ObjectType('Need', { implements: Node, description: '需求 — one thing a household needs because of its emergency.' })
export class NeedType extends Node {
  @Field(() => AssistanceForm, { description: '救助形式 — the form of help needed.' })
  form!: AssistanceForm;

  @Field({ description: '需求说明 — what is needed, in the caseworker’s words (casework data: each read audited).' })
  description!: string;

  @Field(() => Int, { nullable: true, description: '金额（分） — money needed, in fen.' })
  amountFen!: number | null;

  @Field(() => Int, { nullable: true, description: '数量 — how many units are needed (beds, parcels, hours…).' })
  quantity!: number | null;

  @Field(() => String, { nullable: true, description: '单位 — the unit of `quantity`.' })
  unit!: string | null;

  @Field(() => Urgency, { description: '紧急程度 — how soon.' })
  urgency!: Urgency;

  @Field(() => NeedStatus, { description: '状态 — how far the need has been met.' })
  status!: NeedStatus;

  @Field(() => Int, { description: '已交付 — delivered so far by completed referrals (fen for money, else units).' })
  delivered!: number;

  @Field(() => EscalationLevel, { nullable: true, description: '上报层级 — who the need was escalated to, if anyone.' })
  escalationLevel!: EscalationLevel | null;

  @Field(() => String, { nullable: true, description: '上报说明 — why it was escalated.' })
  escalationNote!: string | null;

  @Field(() => Date, { nullable: true, description: '上报时间 — when it was last escalated.' })
  escalatedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '撤销理由 — why it was withdrawn, if it was.' })
  cancelReason!: string | null;

  @Field(() => Date, { description: '登记时间 — when the need was recorded.' })
  createdAt!: Date;
}

@InputType({ description: '登记需求 — a need of a verified (or expedited) case.' })
export class NeedCreateInput {
  @Field(() => ID, { description: '事件 — the case.' })
  caseId!: string;

  @Field(() => AssistanceForm, { description: '救助形式 — the form of help needed.' })
  form!: AssistanceForm;

  @Field({ description: '需求说明 — what is needed.' })
  description!: string;

  @Field(() => Int, {
    nullable: true,
    description: '金额（分） — money needed, in fen (for cash and other priced help).',
  })
  amountFen?: number | null;

  @Field(() => Int, { nullable: true, description: '数量 — units needed.' })
  quantity?: number | null;

  @Field(() => String, { nullable: true, description: '单位 — the unit of `quantity` (床位, 份, 小时…).' })
  unit?: string | null;

  @Field(() => Urgency, { description: '紧急程度 — how soon.' })
  urgency!: Urgency;
}

@InputType({ description: '上报需求 — send a need no resource covers up to the district, then the city (统筹协调).' })
export class NeedEscalateInput {
  @Field(() => ID, { description: '需求 — the need.' })
  needId!: string;

  @Field({ description: '上报说明 — what was tried and why it is not enough.' })
  note!: string;
}

@ObjectType({ description: '需求操作结果 — the need, or why the mutation failed.' })
export class NeedPayload {
  @Field(() => NeedType, { nullable: true, description: '需求 — the need.' })
  need!: Need | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: '需求筛选 — narrows the need list.' })
export class NeedFilter {
  @Field(() => ID, { nullable: true, description: '事件 — the needs of this case.' })
  caseId?: string | null;

  @Field(() => NeedStatus, { nullable: true, description: '状态 — needs in this status.' })
  status?: NeedStatus | null;

  @Field(() => EscalationLevel, {
    nullable: true,
    description: '上报层级 — needs escalated to this level or above (DISTRICT lists district and city escalations).',
  })
  escalationLevel?: EscalationLevel | null;

  @Field(() => String, {
    nullable: true,
    description: '区划 — needs of cases in this area or below (within your jurisdiction).',
  })
  areaCode?: string | null;
}

@ObjectType('NeedEdge', { description: '需求边 — one need in a list, with its cursor.' })
export class NeedEdge extends EdgeType<Need>(() => NeedType, '需求') {}

@ObjectType('NeedConnection', { description: '需求列表 — a page of needs (Relay connection).' })
export class NeedConnection extends ConnectionType<Need>(
  () => NeedType,
  () => NeedEdge,
) {}

@InputType({ description: '撤销需求 — withdraw a need no longer wanted.' })
export class NeedCancelInput {
  @Field(() => ID, { description: '需求 — the need.' })
  needId!: string;

  @Field({ description: '撤销理由 — why it is no longer needed.' })
  reason!: string;
}
