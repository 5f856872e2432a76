import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';
import { DateScalar, JSONScalar } from '../../core/scalars';
import { UserError } from '../../core/user-error';
import { HouseholdCategory } from '../../core/vocabulary';
import { TriEnum as Tri, type Tri as Verdict } from '../../rules';
import { HouseholdType } from '../households';
import { HardshipCause, HardshipDegree, LivingSituation, RiskLevel } from './screening.enums';

@ObjectType('ScreeningVisit', {
  description: '排摸走访 — one screening visit to a household and what it found (personal data; reads audited).',
})
export class ScreeningVisitType {
  @Field(() => ID, { description: '编号 — the visit’s global ID.' })
  id!: string;

  @Field(() => DateScalar, { description: '走访日期 — the day of the visit (Asia/Shanghai).' })
  visitedOn!: string;

  @Field({ description: '走访人 — who visited (staff names).' })
  visitedBy!: string;

  @Field(() => HouseholdCategory, { description: '家庭类别 — the category found; it updates the household file.' })
  category!: HouseholdCategory;

  @Field(() => HardshipDegree, { description: '困难程度 — the degree of hardship found.' })
  degree!: HardshipDegree;

  @Field(() => [HardshipCause], { description: '致困原因 — the causes found (several allowed).' })
  causes!: HardshipCause[];

  @Field(() => [LivingSituation], { description: '居住状况 — the living situation found.' })
  living!: LivingSituation[];

  @Field(() => String, { nullable: true, description: '备注 — the visitor’s notes (personal).' })
  notes!: string | null;

  @Field({ description: '记录时间 — when the visit was recorded.' })
  recordedAt!: Date;
}

@ObjectType('RiskRule', { description: '风险规则 — a rule as data that raises a risk flag when it holds.' })
export class RiskRuleType {
  @Field(() => ID, { description: '编号 — the rule’s global ID.' })
  id!: string;

  @Field({ description: '代码 — a stable code, e.g. ELDERLY_LIVING_ALONE.' })
  code!: string;

  @Field({ description: '名称 — the rule’s Chinese name.' })
  name!: string;

  @Field({ description: '说明 — what the rule means, in Chinese.' })
  description!: string;

  @Field(() => RiskLevel, { description: '风险等级 — the level of the flag it raises.' })
  level!: RiskLevel;

  @Field(() => JSONScalar, { description: '规则 — the rule tree ({all|any|not|fact,op,value,label}).' })
  rule!: unknown;

  @Field({ description: '规则解读 — the rule tree read out in Chinese.' })
  reading!: string;

  @Field({ description: '启用 — whether assessments use it.' })
  active!: boolean;
}

@ObjectType('RiskFact', { description: '触发事实 — one rule leaf and the recorded value that made it hold.' })
export class RiskFactType {
  @Field({ description: '事实 — the fact’s name, e.g. household.monthlyIncomePerCapita.' })
  fact!: string;

  @Field({ description: '条件 — the leaf in Chinese.' })
  label!: string;

  @Field(() => JSONScalar, { nullable: true, description: '记录值 — the recorded value tested (personal).' })
  actual!: unknown;
}

@ObjectType('RiskFlag', { description: '风险预警 — a risk rule that held for a household, until someone resolves it.' })
export class RiskFlagType {
  @Field(() => ID, { description: '编号 — the flag’s global ID.' })
  id!: string;

  @Field(() => ID, { description: '家庭 — the household’s global ID.' })
  householdId!: string;

  @Field({ description: '街镇 — the household’s street code.' })
  areaCode!: string;

  @Field(() => RiskRuleType, { description: '规则 — the rule that held.' })
  rule!: RiskRuleType;

  @Field(() => RiskLevel, { description: '风险等级 — the level when it was raised.' })
  level!: RiskLevel;

  @Field(() => [RiskFactType], {
    nullable: true,
    description: '触发事实 — the facts that triggered it (personal; staff of the jurisdiction only; audited).',
  })
  facts!: RiskFactType[] | null;

  @Field({ description: '预警时间 — when it was raised.' })
  raisedAt!: Date;

  @Field(() => Date, { nullable: true, description: '解除时间 — when it was resolved; null while open.' })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '解除人 — who resolved it.' })
  resolvedBy!: string | null;

  @Field(() => String, { nullable: true, description: '解除说明 — why it was resolved.' })
  resolutionNote!: string | null;
}

@ObjectType('RiskRuleResult', {
  description: '规则判断 — one risk rule’s three-valued verdict on a household, with what is still unknown.',
})
export class RiskRuleResultType {
  @Field(() => RiskRuleType, { description: '规则 — the rule.' })
  rule!: RiskRuleType;

  @Field(() => Tri, { description: '判断 — TRUE, FALSE or UNKNOWN on the facts recorded.' })
  result!: Verdict;

  @Field(() => [String], { description: '缺失事实 — facts the rule needs that are not recorded, named.' })
  missingFacts!: string[];

  @Field(() => [String], { description: '理由 — 符合/不符合/待核实 per condition.' })
  reasons!: string[];
}

@InputType({ description: '记录排摸走访 — a screening visit to a household of your street.' })
export class ScreeningVisitRecordInput {
  @Field(() => ID, { description: '家庭 — the household.' })
  householdId!: string;

  @Field(() => DateScalar, { description: '走访日期 — the day of the visit; not in the future.' })
  visitedOn!: string;

  @Field({ description: '走访人 — who visited.' })
  visitedBy!: string;

  @Field(() => HouseholdCategory, { description: '家庭类别 — the category found.' })
  category!: HouseholdCategory;

  @Field(() => HardshipDegree, { description: '困难程度 — the degree of hardship.' })
  degree!: HardshipDegree;

  @Field(() => [HardshipCause], { description: '致困原因 — the causes (at least one).' })
  causes!: HardshipCause[];

  @Field(() => [LivingSituation], { description: '居住状况 — the living situation (may be empty).' })
  living!: LivingSituation[];

  @Field(() => String, { nullable: true, description: '备注 — notes, at most 2,000 characters.' })
  notes?: string | null;
}

@ObjectType('ScreeningVisitPayload', { description: '走访结果 — the visit, the household’s risk after it, errors.' })
export class ScreeningVisitPayload {
  @Field(() => ScreeningVisitType, { nullable: true, description: '走访 — the visit recorded; null on error.' })
  visit!: ScreeningVisitType | null;

  @Field(() => [RiskRuleResultType], { description: '风险判断 — every active rule’s verdict after the visit.' })
  assessment!: RiskRuleResultType[];

  @Field(() => [RiskFlagType], { description: '新预警 — flags this visit raised.' })
  raisedFlags!: RiskFlagType[];

  @Field(() => [UserError], { description: '用户错误 — why the visit was not recorded.' })
  userErrors!: UserError[];
}

@InputType({ description: '新建风险规则 — a risk rule as data.' })
export class RiskRuleCreateInput {
  @Field({ description: '代码 — upper-case letters, digits and _; unique.' })
  code!: string;

  @Field({ description: '名称 — the Chinese name.' })
  name!: string;

  @Field({ description: '说明 — a Chinese description.' })
  description!: string;

  @Field(() => RiskLevel, { description: '风险等级 — the flag’s level.' })
  level!: RiskLevel;

  @Field(() => JSONScalar, { description: '规则 — the rule tree; facts from the risk catalogue.' })
  rule!: unknown;
}

@InputType({ description: '修改风险规则 — change a rule; omitted fields stay.' })
export class RiskRuleUpdateInput {
  @Field(() => ID, { description: '规则 — the rule.' })
  id!: string;

  @Field(() => String, { nullable: true, description: '名称 — the Chinese name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '说明 — a Chinese description.' })
  description?: string | null;

  @Field(() => RiskLevel, { nullable: true, description: '风险等级 — the flag’s level.' })
  level?: RiskLevel | null;

  @Field(() => JSONScalar, { nullable: true, description: '规则 — the rule tree.' })
  rule?: unknown;

  @Field(() => Boolean, { nullable: true, description: '启用 — whether assessments use it.' })
  active?: boolean | null;
}

@ObjectType('RiskRulePayload', { description: '风险规则结果 — the rule, or why not.' })
export class RiskRulePayload {
  @Field(() => RiskRuleType, { nullable: true, description: '规则 — the rule; null on error.' })
  riskRule!: RiskRuleType | null;

  @Field(() => [UserError], { description: '用户错误 — what was wrong.' })
  userErrors!: UserError[];
}

@InputType({ description: '解除预警 — resolve an open risk flag, saying why.' })
export class RiskFlagResolveInput {
  @Field(() => ID, { description: '预警 — the flag.' })
  flagId!: string;

  @Field({ description: '解除说明 — why (required).' })
  note!: string;
}

@ObjectType('RiskFlagPayload', { description: '预警结果 — the flag, or why not.' })
export class RiskFlagPayload {
  @Field(() => RiskFlagType, { nullable: true, description: '预警 — the flag; null on error.' })
  riskFlag!: RiskFlagType | null;

  @Field(() => [UserError], { description: '用户错误 — what was wrong.' })
  userErrors!: UserError[];
}

@InputType({ description: '风险家庭筛选 — narrows the worklist.' })
export class HouseholdsAtRiskFilter {
  @Field({ description: '区划 — households in this area or below (within your jurisdiction).' })
  areaCode!: string;

  @Field(() => RiskLevel, {
    nullable: true,
    description: '风险等级 — only households with an open flag of this level or higher.',
  })
  level?: RiskLevel | null;

  @Field(() => Boolean, { nullable: true, description: '到期走访 — only households whose next visit is due by today.' })
  dueForVisit?: boolean | null;
}

@ObjectType('HouseholdAtRisk', {
  description: '风险家庭 — one household on the worklist: its open flags and next visit.',
})
export class HouseholdAtRiskType {
  @Field(() => HouseholdType, { description: '家庭 — the household.' })
  household!: unknown;

  @Field(() => RiskLevel, { description: '最高风险 — the highest level among its open flags.' })
  level!: RiskLevel;

  @Field(() => [RiskFlagType], { description: '预警 — its open flags, highest level first.' })
  flags!: RiskFlagType[];

  @Field(() => DateScalar, { nullable: true, description: '上次走访 — the last visit; null when never visited.' })
  lastVisitedOn!: string | null;

  @Field(() => DateScalar, {
    description: '下次走访 — when the next visit is due (interval per risk level, SCREENING_INTERVAL_DAYS).',
  })
  nextVisitDue!: string;

  @Field(() => Int, { description: '逾期天数 — days past the due date; 0 when not yet due.' })
  daysOverdue!: number;
}

@ObjectType('HouseholdAtRiskEdge', { description: '风险家庭边 — one household on the worklist, with its cursor.' })
export class HouseholdAtRiskEdge extends EdgeType<HouseholdAtRiskType>(() => HouseholdAtRiskType, '风险家庭') {}

@ObjectType('HouseholdAtRiskConnection', { description: '风险家庭列表 — the worklist (Relay connection).' })
export class HouseholdAtRiskConnection extends ConnectionType<HouseholdAtRiskType>(
  () => HouseholdAtRiskType,
  () => HouseholdAtRiskEdge,
) {}
