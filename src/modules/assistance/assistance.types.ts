import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { Node } from '../../core/relay';
import { DateScalar } from '../../core/scalars';
import { UserError } from '../../core/user-error';
import { AssistanceForm } from '../../core/vocabulary';
import type { AssistanceRecord } from './assistance-record.entity';

@ObjectType('AssistanceRecord', {
  implements: Node,
  description: '救助记录 — help given: one link of the household’s aid chain (一户一条救助链).',
})
export class AssistanceRecordType extends Node {
  @Field(() => AssistanceForm, { description: '救助形式 — the form the help took (each read audited).' })
  form!: AssistanceForm;

  @Field(() => Int, { nullable: true, description: '金额（分） — money given or the value given, in fen (each read audited).' })
  amountFen!: number | null;

  @Field(() => String, { nullable: true, description: '资金来源 — where the money came from (each read audited).' })
  fundSource!: string | null;

  @Field(() => DateScalar, { description: '交付日期 — the day the help was given (each read audited).' })
  deliveredOn!: string;

  @Field(() => String, { nullable: true, description: '说明 — what was given (each read audited).' })
  note!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: '确认时间 — when a coordinator acknowledged the duplicate-aid warning.',
  })
  acknowledgedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: '确认说明 — the coordinator’s reason for allowing the repeat aid.',
  })
  acknowledgementNote!: string | null;
}

@InputType({ description: '确认重复救助 — a coordinator acknowledges repeat aid of the same form for the same cause.' })
export class AssistanceAcknowledgeInput {
  @Field(() => ID, { description: '救助记录 — the flagged record.' })
  id!: string;

  @Field({ description: '确认说明 — why the repeat aid is justified.' })
  note!: string;
}

@ObjectType({ description: '救助记录操作结果 — the record, or why the mutation failed.' })
export class AssistanceRecordPayload {
  @Field(() => AssistanceRecordType, { nullable: true, description: '救助记录 — the record.' })
  assistanceRecord!: AssistanceRecord | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: '救助记录筛选 — narrows the list of aid given.' })
export class AssistanceRecordFilter {
  @Field(() => ID, { nullable: true, description: '家庭 — this household’s aid chain.' })
  householdId?: string | null;

  @Field(() => ID, { nullable: true, description: '事件 — the aid given for this case.' })
  caseId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '待确认重复 — true: only duplicate-aid warnings not yet acknowledged.',
  })
  unacknowledgedDuplicates?: boolean | null;
}

@ObjectType('AssistanceRecordEdge', { description: '救助记录边 — one record in a list, with its cursor.' })
export class AssistanceRecordEdge extends EdgeType<AssistanceRecord>(() => AssistanceRecordType, '救助记录') {}

@ObjectType('AssistanceRecordConnection', { description: '救助记录列表 — a page of aid given (Relay connection).' })
export class AssistanceRecordConnection extends ConnectionType<AssistanceRecord>(
  () => AssistanceRecordType,
  () => AssistanceRecordEdge,
) {}
