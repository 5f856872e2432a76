import type { Rule } from '../../rules';
import type { RiskLevel } from './screening.enums';

export interface SeededRiskRule {
  code: string;
  name: string;
  description: string;
  level: RiskLevel;
  rule: Rule;
}

/*
 * The risk rules a fresh hub starts with; coordinators change them (riskRuleUpdate) or add more.
 * 1,490 元 is Shanghai's monthly 低保 standard from 2024-07; the rule carries the number as data, so
 * a new standard is a rule update, not a code change.
 */
export const SEEDED_RISK_RULES: readonly SeededRiskRule[] = [
  {
    code: 'LOW_INCOME_CHRONIC_ILLNESS',
    name: '低保线以下且有慢性病',
    description: '家庭月人均收入低于本市低保标准，且有成员患慢性病',
    level: 'HIGH',
    rule: {
      all: [
        {
          fact: 'household.monthlyIncomePerCapita',
          op: 'lt',
          value: 149000,
          label: '月人均收入低于本市低保标准（1,490 元）',
        },
        { fact: 'member.chronicIllness', op: 'eq', value: true },
      ],
    },
  },
  {
    code: 'ELDERLY_LIVING_ALONE',
    name: '独居老人',
    description: '独居，且成员年满 60 周岁',
    level: 'HIGH',
    rule: {
      all: [
        { fact: 'screening.livesAlone', op: 'eq', value: true },
        { fact: 'member.age', op: 'gte', value: 60 },
      ],
    },
  },
  {
    code: 'CHILD_WITHOUT_GUARDIAN',
    name: '事实无人抚养儿童',
    description: '家中有事实无人抚养的儿童',
    level: 'HIGH',
    rule: { fact: 'screening.childWithoutGuardian', op: 'eq', value: true },
  },
  {
    code: 'CRITICAL_HARDSHIP',
    name: '特别困难',
    description: '排摸认定为特别困难',
    level: 'HIGH',
    rule: { fact: 'screening.degree', op: 'eq', value: 'CRITICAL' },
  },
  {
    code: 'REPEATED_EMERGENCY',
    name: '12个月内再次遭遇急难',
    description: '12个月内发生两次及以上急难',
    level: 'MEDIUM',
    rule: { fact: 'history.emergenciesIn12Months', op: 'gte', value: 2 },
  },
  {
    code: 'AID_EXHAUSTED_NEED_OPEN',
    name: '救助已用尽而需求未满足',
    description: '已获救助的事件仍有未满足的需求',
    level: 'MEDIUM',
    rule: { fact: 'history.aidExhaustedNeedOpen', op: 'eq', value: true },
  },
  {
    code: 'NO_RECENT_VISIT',
    name: '超期未走访',
    description: '超过 180 天未走访',
    level: 'LOW',
    rule: { fact: 'screening.daysSinceVisit', op: 'gt', value: 180 },
  },
];
