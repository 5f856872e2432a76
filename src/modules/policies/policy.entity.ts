import { declareEnum, type EnumValue } from '../../core/enums';
import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../core/scalars';
import { BaseEntity } from '../../core/base.entity';
import { Node } from '../../core/relay';
import type { ParsedCitation, ParsedSection } from './policy-text';

export const PolicyStatus = declareEnum('PolicyStatus', '政策状态 — where a policy is in its life.', {
  DRAFT: ['草稿', 'being prepared; only coordinators see it.'],
  PUBLISHED: ['已发布', 'in force and public.'],
  REPEALED: ['已废止', 'no longer in force; kept for the record.'],
});
export type PolicyStatus = EnumValue<typeof PolicyStatus>;

@ObjectType({ description: '政策条款 — a numbered section of a policy (一、/(一)/1.), with its sub-sections.' })
export class PolicySection {
  @Field({ description: '编号 — the section marker: 一, (一) or 1.' })
  number!: string;

  @Field(() => String, { nullable: true, description: '标题 — the section heading, e.g. 统筹协调机制.' })
  heading!: string | null;

  @Field({ description: '正文 — the section’s own text, without its sub-sections.' })
  text!: string;

  @Field(() => [PolicySection], { description: '下级条款 — sub-sections in order.' })
  children!: PolicySection[];
}

@ObjectType({ description: '引用文件 — a document the policy cites (《…》 with its 文号).' })
export class PolicyCitation {
  @Field({ description: '标题 — the cited title, without 《》.' })
  title!: string;

  @Field(() => String, { nullable: true, description: '文号 — the cited document number, e.g. 国发〔2014〕47号.' })
  docNumber!: string | null;
}

@ObjectType({ implements: Node, description: '政策 — a policy document: its text, sections and citations.' })
@Entity({ tableName: 'policy' })
export class Policy extends BaseEntity {
  get typeName(): string {
    return 'Policy';
  }

  @Field({ description: '标题 — the policy title.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: '文号 — document number, e.g. 沪府发〔2014〕60号; unique when given.',
  })
  @Property({ type: 'text', nullable: true, unique: true })
  docNumber: string | null = null;

  @Field({
    description: '发布辖区 — the jurisdiction whose coordinators publish and repeal it (310000: the city’s).',
  })
  @Property({ type: 'text', default: '310000' })
  areaCode: string = '310000';

  @Field(() => [String], { description: '发文机关 — issuing bodies, e.g. 上海市民政局.' })
  @Property({ type: 'text[]' })
  issuers: string[] = [];

  @Field(() => DateScalar, { nullable: true, description: '发文日期 — the date of issue (Asia/Shanghai).' })
  @Property({ type: 'date', nullable: true })
  issuedOn: string | null = null;

  @Field({ description: '试行 — true for a trial (试行) policy.' })
  @Property({ type: 'boolean', default: false })
  isTrial: boolean = false;

  @Index()
  @Field(() => PolicyStatus, { description: '状态 — draft, published or repealed.' })
  @Enum({ items: () => PolicyStatus, nativeEnumName: 'policy_status' })
  status: PolicyStatus = PolicyStatus.DRAFT;

  // The text and its parse are lazy: lists and search pages never carry them unless asked
  // (the resolver loads them in one batch through the policyText loader).
  @Property({ type: 'text', lazy: true })
  body!: string;

  @Property({ type: 'jsonb', lazy: true })
  sections!: ParsedSection[];

  @Property({ type: 'jsonb', lazy: true })
  citations!: ParsedCitation[];

  @Field(() => Date, { nullable: true, description: '发布时间 — when the policy was published.' })
  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: '废止时间 — when the policy was repealed.' })
  @Property({ type: 'timestamptz', nullable: true })
  repealedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: '废止理由 — why the policy was repealed.' })
  @Property({ type: 'text', nullable: true })
  repealReason: string | null = null;

  @ManyToOne(() => Policy, { nullable: true, ref: true })
  supersedes: Ref<Policy> | null = null;

  @Property({ type: 'text', nullable: true })
  createdBy: string | null = null;
}
