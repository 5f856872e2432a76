import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { declareEnum, type EnumValue } from '../../core/enums';
import { DateScalar } from '../../core/scalars';

export const SupervisionGroupBy = declareEnum(
  'SupervisionGroupBy',
  '汇总方式 — how a supervision report groups its figures.',
  {
    STREET: ['按街镇', 'one group per street or town.'],
    DISTRICT: ['按区', 'one group per district.'],
    MONTH: ['按月', 'one group per calendar month (Asia/Shanghai).'],
  },
);
export type SupervisionGroupBy = EnumValue<typeof SupervisionGroupBy>;

@ObjectType('SupervisionCount', { description: '分类计数 — how many records fall under one key.' })
export class SupervisionCount {
  @Field({ description: '代码 — the key, e.g. HOTLINE, FIRE or a decline reason.' })
  key!: string;

  @Field({ description: '名称 — the key’s Chinese label.' })
  label!: string;

  @Field(() => Int, { description: '数量 — how many.' })
  count!: number;
}

@ObjectType('DurationStats', {
  description: '时长统计 — hours a step took: how many did it, median and 90th percentile.',
})
export class DurationStats {
  @Field(() => Int, { description: '件数 — how many cases reached the step.' })
  count!: number;

  @Field(() => Float, { nullable: true, description: '中位数（小时） — p50 in hours, two decimals; null when none.' })
  p50Hours!: number | null;

  @Field(() => Float, { nullable: true, description: '90分位（小时） — p90 in hours, two decimals; null when none.' })
  p90Hours!: number | null;
}

@ObjectType('ProviderPerformance', {
  description: '社会组织绩效 — how one provider handled the referrals sent to it (绩效评估).',
})
export class ProviderPerformance {
  @Field(() => ID, { description: '组织 — the organisation’s global ID.' })
  organizationId!: string;

  @Field({ description: '名称 — the organisation’s name.' })
  name!: string;

  @Field(() => Int, { description: '收到转介 — referrals sent to it.' })
  sent!: number;

  @Field(() => Int, { description: '已接收 — accepted (then started or completed).' })
  accepted!: number;

  @Field(() => Int, { description: '已拒绝 — declined.' })
  declined!: number;

  @Field(() => Int, { description: '已完成 — completed.' })
  completed!: number;

  @Field(() => Float, { nullable: true, description: '接收用时中位数（小时） — hours from sending to accepting, p50.' })
  hoursToAcceptP50!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '完成用时中位数（小时） — hours from sending to completing, p50.',
  })
  hoursToCompleteP50!: number | null;
}

@ObjectType('AidFigure', { description: '救助金额 — aid given in one form from one fund source.' })
export class AidFigure {
  @Field({ description: '救助形式 — the AssistanceForm.' })
  form!: string;

  @Field({ description: '资金来源 — the fund source as recorded; empty when none.' })
  fundSource!: string;

  @Field(() => Int, { description: '记录数 — assistance records.' })
  records!: number;

  @Field(() => Float, { description: '金额（分） — the amounts in fen (integers; Float only for size).' })
  amountFen!: number;
}

@ObjectType('SupervisionGroup', { description: '督查分组 — the figures of one street, district or month.' })
export class SupervisionGroup {
  @Field({ description: '分组 — the street or district code, or the month YYYY-MM.' })
  key!: string;

  @Field({ description: '名称 — the area’s name, or the month.' })
  label!: string;

  @Field(() => Int, { description: '报告事件 — cases reported in the period.' })
  casesReported!: number;

  @Field(() => [SupervisionCount], { description: '按渠道 — cases by intake channel.' })
  byChannel!: SupervisionCount[];

  @Field(() => [SupervisionCount], { description: '按类型 — cases by emergency type.' })
  byType!: SupervisionCount[];

  @Field(() => DurationStats, { description: '报告至受理 — hours from report to a caseworker accepting it (首问).' })
  reportToAccept!: DurationStats;

  @Field(() => DurationStats, { description: '报告至核实 — hours from report to verification.' })
  reportToVerify!: DurationStats;

  @Field(() => DurationStats, { description: '报告至首次救助 — hours from report to the first help.' })
  reportToFirstAssistance!: DurationStats;

  @Field(() => Int, { description: '核实超时 — verified late, or unverified past the deadline.' })
  casesVerifyOverdue!: number;

  @Field(() => Int, { description: '救助超时 — first help late, or none yet past the deadline.' })
  casesRespondOverdue!: number;

  @Field(() => Int, { description: '加急事件 — expedited cases (先行救助).' })
  expeditedCases!: number;

  @Field(() => Int, { description: '补办超时 — expedited cases whose paperwork is late.' })
  expeditedPaperworkOverdue!: number;

  @Field(() => Int, { description: '转介发出 — referrals sent in the period.' })
  referralsSent!: number;

  @Field(() => Int, { description: '转介接收 — of them, accepted.' })
  referralsAccepted!: number;

  @Field(() => Int, { description: '转介拒绝 — of them, declined.' })
  referralsDeclined!: number;

  @Field(() => Int, { description: '转介完成 — of them, completed.' })
  referralsCompleted!: number;

  @Field(() => Int, { description: '转介超时 — of them, still open past their deadline.' })
  referralsOverdue!: number;

  @Field(() => [SupervisionCount], { description: '拒绝原因 — decline reasons as given.' })
  declineReasons!: SupervisionCount[];

  @Field(() => [ProviderPerformance], { description: '社会组织绩效 — each provider’s handling of its referrals.' })
  providers!: ProviderPerformance[];

  @Field(() => Int, { description: '上报未满足 — needs escalated in the period and still unmet.' })
  needsEscalatedUnmet!: number;

  @Field(() => [AidFigure], { description: '救助情况 — aid delivered in the period by form and fund source.' })
  aid!: AidFigure[];

  @Field(() => Int, { description: '重复救助提示 — aid records flagged as possible duplicates.' })
  duplicateAidFlags!: number;

  @Field(() => Int, { description: '排摸户数 — households visited in the period.' })
  householdsScreened!: number;

  @Field(() => Int, { description: '预警发出 — risk flags raised in the period.' })
  flagsRaised!: number;

  @Field(() => Int, { description: '预警解除 — risk flags resolved in the period.' })
  flagsResolved!: number;
}

@ObjectType('SupervisionReport', {
  description: '督查报告 — figures of a jurisdiction over a period, from the recorded timestamps (加强监查).',
})
export class SupervisionReport {
  @Field({ description: '区划 — the area reported on.' })
  areaCode!: string;

  @Field(() => DateScalar, { description: '起始日 — the first day (Asia/Shanghai).' })
  from!: string;

  @Field(() => DateScalar, { description: '截止日 — the last day, included.' })
  to!: string;

  @Field(() => SupervisionGroupBy, { description: '汇总方式 — how the groups are made.' })
  groupBy!: SupervisionGroupBy;

  @Field({ description: '生成时间 — when the figures were computed (overdue is judged then).' })
  generatedAt!: Date;

  @Field(() => [SupervisionGroup], { description: '分组 — the groups, in key order.' })
  groups!: SupervisionGroup[];
}
