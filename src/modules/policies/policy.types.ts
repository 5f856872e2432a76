import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { DateScalar } from '../../core/scalars';
import { UserError } from '../../core/user-error';
import { Policy, PolicyStatus } from './policy.entity';

@ObjectType('PolicyEdge', { description: '政策边 — one policy in a list, with its cursor and search highlights.' })
export class PolicyEdge extends EdgeType<Policy>(() => Policy, '政策') {
  @Field(() => [String], {
    description:
      '命中片段 — for a search, short fragments with the matched terms in <em>…</em> (HTML-escaped); empty otherwise.',
  })
  highlights!: string[];
}

@ObjectType('PolicyConnection', { description: '政策列表 — a page of policies (Relay connection).' })
export class PolicyConnection extends ConnectionType<Policy>(
  () => Policy,
  () => PolicyEdge,
) {
  @Field(() => [String], {
    description:
      '检索建议 — when a search finds nothing: related thesaurus words and the closest titles to try instead; empty otherwise.',
  })
  suggestions!: string[];
}

@InputType({ description: '政策筛选 — narrows a policy list.' })
export class PolicyFilter {
  @Field(() => PolicyStatus, {
    nullable: true,
    description: '状态 — only policies in this status (drafts are for coordinators).',
  })
  status?: PolicyStatus | null;

  @Field(() => String, {
    nullable: true,
    description: '发文机关 — only policies issued by this body, e.g. 上海市民政局.',
  })
  issuer?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '发文日期起 — issued on or after this date.' })
  issuedAfter?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '发文日期止 — issued on or before this date.' })
  issuedBefore?: string | null;
}

@InputType({ description: '新建政策 — a new policy, created as a draft.' })
export class PolicyCreateInput {
  @Field({ description: '标题 — the policy title.' })
  title!: string;

  @Field(() => String, { nullable: true, description: '文号 — document number, e.g. 沪民救发〔2017〕18号.' })
  docNumber?: string | null;

  @Field(() => [String], { description: '发文机关 — issuing bodies.' })
  issuers!: string[];

  @Field(() => DateScalar, { nullable: true, description: '发文日期 — date of issue.' })
  issuedOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: '试行 — a trial (试行) policy; false when omitted.' })
  isTrial?: boolean | null;

  @Field({ description: '正文 — the full text; sections and citations are parsed from it.' })
  body!: string;

  @Field(() => String, {
    nullable: true,
    description:
      '发布辖区 — the jurisdiction whose coordinators publish and repeal it: yours when omitted, else an area within yours.',
  })
  areaCode?: string | null;
}

@InputType({ description: '废止政策 — repeal a published policy.' })
export class PolicyRepealInput {
  @Field(() => ID, { description: '政策ID — the policy’s global ID.' })
  id!: string;

  @Field({ description: '理由 — why the policy is repealed.' })
  reason!: string;
}

@ObjectType({ description: '政策操作结果 — the policy, or why the mutation failed.' })
export class PolicyPayload {
  @Field(() => Policy, { nullable: true, description: '政策 — the policy after the mutation; null when it failed.' })
  policy!: Policy | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}
