import { Field, ID, InputType, Int, InterfaceType, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { Node } from '../../core/relay';
import { DateScalar, JSONScalar } from '../../core/scalars';
import { UserError } from '../../core/user-error';
import { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { KIND_TYPE_NAMES, type Resource as ResourceEntity } from './resource.entity';
import { ResourceKind, ResourceStatus } from './resource.enums';

@InterfaceType('Resource', {
  implements: Node,
  description: '救助资源 — something that can be given: a programme, a project, a donation or a volunteer offer.',
  resolveType: (value: ResourceEntity) => KIND_TYPE_NAMES[value.kind],
})
export abstract class ResourceInterface extends Node {
  @Field(() => ResourceKind, { description: '类型 — which kind of resource.' })
  kind!: ResourceKind;

  @Field({ description: '名称 — the resource’s title.' })
  title!: string;

  @Field({ description: '说明 — what is given, to whom and how.' })
  description!: string;

  @Field(() => [AssistanceForm], { description: '救助形式 — the forms of help it gives.' })
  forms!: AssistanceForm[];

  @Field(() => [EmergencyType], { description: '适用急难类型 — the emergencies it answers.' })
  emergencyTypes!: EmergencyType[];

  @Field(() => Date, { nullable: true, description: '开始时间 — available from.' })
  availableFrom!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: '截止时间 — available until; past it the resource expires by itself.',
  })
  availableUntil!: Date | null;

  @Field(() => Date, { nullable: true, description: '发布时间 — when it was published.' })
  publishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '联系方式 — how to reach the provider about it.' })
  contact!: string | null;
}

const implementsResource = { implements: [Node, ResourceInterface] };

@ObjectType('GovernmentProgramme', {
  ...implementsResource,
  description: '政府救助项目 — a statutory programme such as 临时救助 (coordinators publish them).',
})
export class GovernmentProgrammeType extends ResourceInterface {
  @Field(() => String, { nullable: true, description: '资金来源 — fund source, e.g. 临时救助资金.' })
  fundSource!: string | null;

  @Field(() => Int, { nullable: true, description: '救助上限(分) — benefit cap per case, in fen.' })
  benefitCapFen!: number | null;
}

@ObjectType('CharityProject', {
  ...implementsResource,
  description: '慈善项目 — a charity or social organisation’s relief project.',
})
export class CharityProjectType extends ResourceInterface {
  @Field(() => Int, { nullable: true, description: '项目预算(分) — the project budget, in fen.' })
  budgetFen!: number | null;
}

@ObjectType({ simpleResolvers: true, description: '捐赠物品 — one donated item.' })
export class DonationItemType {
  @Field({ description: '物品 — what it is, e.g. 大米.' })
  name!: string;

  @Field(() => Int, { description: '数量 — how many units.' })
  quantity!: number;

  @Field({ description: '单位 — unit, e.g. 袋, 件, 箱.' })
  unit!: string;

  @Field(() => DateScalar, { nullable: true, description: '保质期至 — expiry date for perishables.' })
  expiresOn!: string | null;
}

@ObjectType('Donation', { ...implementsResource, description: '爱心捐赠 — donated goods or cash.' })
export class DonationType extends ResourceInterface {
  @Field(() => [DonationItemType], { description: '物品 — donated items; empty for a cash donation.' })
  items!: DonationItemType[];

  @Field(() => Int, { nullable: true, description: '捐赠金额(分) — cash donated, in fen.' })
  cashFen!: number | null;
}

@ObjectType('VolunteerOffer', { ...implementsResource, description: '志愿服务 — volunteers’ time and skills.' })
export class VolunteerOfferType extends ResourceInterface {
  @Field(() => [String], { description: '技能 — skills offered, e.g. 心理疏导, 法律援助, 护理.' })
  skills!: string[];

  @Field(() => Int, { nullable: true, description: '每周时长 — hours offered per week.' })
  hoursPerWeek!: number | null;
}

export const RESOURCE_TYPES = [GovernmentProgrammeType, CharityProjectType, DonationType, VolunteerOfferType];

@ObjectType({ simpleResolvers: true, description: '资格条件 — who may receive a resource, as rules and in words.' })
export class Eligibility {
  @Field(() => JSONScalar, { description: '规则 — the rule tree ({all|any|not|fact,op,value,label}).' })
  rules!: unknown;

  @Field({ description: '说明 — the rules in Chinese; generated from the labels when none was given.' })
  description!: string;
}

@ObjectType({ simpleResolvers: true, description: '容量 — how much a resource can give and how much is left.' })
export class Capacity {
  @Field({ description: '单位 — "fen" for money (1/100 yuan), else e.g. 份, 张床位, 人次, 小时.' })
  unit!: string;

  @Field(() => Int, { description: '总量 — the total.' })
  total!: number;

  @Field(() => Int, { description: '剩余 — what is left; changed only atomically.' })
  remaining!: number;
}

@ObjectType('ResourceEdge', { description: '资源边 — one resource in a list, with its cursor and search highlights.' })
export class ResourceEdge extends EdgeType<ResourceEntity>(() => ResourceInterface, '资源') {
  @Field(() => [String], {
    description: '命中片段 — for a search, fragments with the matched terms in <em>…</em>; empty otherwise.',
  })
  highlights!: string[];
}

@ObjectType('ResourceConnection', { description: '资源列表 — a page of resources (Relay connection).' })
export class ResourceConnection extends ConnectionType<ResourceEntity>(
  () => ResourceInterface,
  () => ResourceEdge,
) {
  @Field(() => [String], {
    description:
      '检索建议 — when a search finds nothing: related thesaurus words and the closest titles to try instead; empty otherwise.',
  })
  suggestions!: string[];
}

@InputType({ description: '资源筛选 — narrows a resource list; every given criterion must hold.' })
export class ResourceFilter {
  @Field(() => [ResourceKind], { nullable: true, description: '类型 — any of these kinds.' })
  kinds?: ResourceKind[] | null;

  @Field(() => [AssistanceForm], { nullable: true, description: '救助形式 — giving any of these forms.' })
  forms?: AssistanceForm[] | null;

  @Field(() => [EmergencyType], { nullable: true, description: '急难类型 — answering any of these emergencies.' })
  emergencyTypes?: EmergencyType[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      '区划 — serving this area, an area above it (a city-wide resource serves every street) or an area below it.',
  })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: '提供方 — provided by this organisation.' })
  providerId?: string | null;

  @Field(() => ResourceStatus, {
    nullable: true,
    description: '状态 — in this status (drafts only for their provider).',
  })
  status?: ResourceStatus | null;
}

@InputType({ description: '容量输入 — the total a resource can give.' })
export class CapacityInput {
  @Field({ description: '单位 — "fen" for money, else e.g. 份, 张床位, 人次.' })
  unit!: string;

  @Field(() => Int, { description: '总量 — the total, ≥ 0; money in fen.' })
  total!: number;
}

@InputType({ description: '资源公共字段 — fields every kind of resource takes.' })
export class ResourceCreateFields {
  @Field(() => ID, { description: '提供方 — the providing organisation’s ID (a charity may name only its own).' })
  providerId!: string;

  @Field({ description: '名称 — the title.' })
  title!: string;

  @Field({ description: '说明 — the description.' })
  description!: string;

  @Field(() => [AssistanceForm], { description: '救助形式 — at least one form.' })
  forms!: AssistanceForm[];

  @Field(() => [EmergencyType], { description: '急难类型 — at least one emergency type.' })
  emergencyTypes!: EmergencyType[];

  @Field(() => [String], { description: '服务区划 — codes of the areas served (310000 for the whole city).' })
  serviceAreaCodes!: string[];

  @Field(() => JSONScalar, {
    nullable: true,
    description: '资格规则 — the eligibility rule tree; none = open to all in the area.',
  })
  eligibilityRules?: unknown;

  @Field(() => String, { nullable: true, description: '资格说明 — the rules in words; generated when omitted.' })
  eligibilityDescription?: string | null;

  @Field(() => CapacityInput, { nullable: true, description: '容量 — what it can give in total.' })
  capacity?: CapacityInput | null;

  @Field(() => Date, { nullable: true, description: '开始时间 — available from.' })
  availableFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: '截止时间 — available until.' })
  availableUntil?: Date | null;

  @Field(() => ID, { nullable: true, description: '政策依据 — the policy it rests on.' })
  legalBasisId?: string | null;

  @Field(() => String, { nullable: true, description: '联系方式 — how to reach the provider.' })
  contact?: string | null;
}

@InputType({ description: '新建政府救助项目 — a new statutory programme (coordinators).' })
export class GovernmentProgrammeCreateInput extends ResourceCreateFields {
  @Field(() => String, { nullable: true, description: '资金来源 — fund source.' })
  fundSource?: string | null;

  @Field(() => Int, { nullable: true, description: '救助上限(分) — benefit cap per case, in fen.' })
  benefitCapFen?: number | null;
}

@InputType({ description: '新建慈善项目 — a new charity project.' })
export class CharityProjectCreateInput extends ResourceCreateFields {
  @Field(() => Int, { nullable: true, description: '项目预算(分) — budget in fen.' })
  budgetFen?: number | null;
}

@InputType({ description: '捐赠物品输入 — one donated item.' })
export class DonationItemInput {
  @Field({ description: '物品 — what it is.' })
  name!: string;

  @Field(() => Int, { description: '数量 — how many, > 0.' })
  quantity!: number;

  @Field({ description: '单位 — unit.' })
  unit!: string;

  @Field(() => DateScalar, { nullable: true, description: '保质期至 — expiry date.' })
  expiresOn?: string | null;
}

@InputType({ description: '新建捐赠 — a new donation of goods or cash.' })
export class DonationCreateInput extends ResourceCreateFields {
  @Field(() => [DonationItemInput], { nullable: true, description: '物品 — donated items.' })
  items?: DonationItemInput[] | null;

  @Field(() => Int, { nullable: true, description: '捐赠金额(分) — cash donated, in fen.' })
  cashFen?: number | null;
}

@InputType({ description: '新建志愿服务 — a new volunteer offer.' })
export class VolunteerOfferCreateInput extends ResourceCreateFields {
  @Field(() => [String], { nullable: true, description: '技能 — skills offered.' })
  skills?: string[] | null;

  @Field(() => Int, { nullable: true, description: '每周时长 — hours per week (0–168).' })
  hoursPerWeek?: number | null;
}

@ObjectType({ description: '资源操作结果 — the resource, or why the mutation failed.' })
export class ResourcePayload {
  @Field(() => ResourceInterface, {
    nullable: true,
    description: '资源 — the resource after the mutation; null when it failed.',
  })
  resource!: ResourceEntity | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({
  simpleResolvers: true,
  description: '资源事件 — a resource event delivered to a subscriber, with its replay cursor.',
})
export class ResourceEvent {
  @Field({ description: '事件游标 — pass it as `after` to replay what came later.' })
  cursor!: string;

  @Field(() => ResourceInterface, { description: '资源 — the resource as it is now.' })
  resource!: ResourceEntity;
}
