import { declareEnum, labelsOf, type EnumValue } from '../../core/enums';

export const HardshipDegree = declareEnum('HardshipDegree', '困难程度 — how hard the household’s situation is.', {
  MILD: ['一般困难', 'gets by with some help.'],
  SERIOUS: ['较重困难', 'basic needs at risk without help.'],
  CRITICAL: ['特别困难', 'life, health or shelter at stake now.'],
});
export type HardshipDegree = EnumValue<typeof HardshipDegree>;
export const HARDSHIP_DEGREE_LABELS = labelsOf(HardshipDegree);

export const HardshipCause = declareEnum('HardshipCause', '致困原因 — why the household is in hardship.', {
  ILLNESS: ['疾病', 'illness.'],
  DISABILITY: ['残疾', 'disability.'],
  UNEMPLOYMENT: ['失业', 'unemployment.'],
  ACCIDENT: ['意外事故', 'an accident.'],
  DISASTER: ['灾害', 'a disaster.'],
  EDUCATION_COST: ['教育支出', 'the cost of schooling.'],
  CARE_BURDEN: ['照护负担', 'caring for a dependent member.'],
  OTHER: ['其他', 'another cause.'],
});
export type HardshipCause = EnumValue<typeof HardshipCause>;

export const LivingSituation = declareEnum('LivingSituation', '居住状况 — how the household lives.', {
  LIVES_ALONE: ['独居', 'one person living alone.'],
  ELDERLY_ONLY: ['纯老家庭', 'only elderly members.'],
  CHILD_WITHOUT_GUARDIAN: ['事实无人抚养儿童', 'a child with no one to care for it.'],
  SEVERE_DISABILITY_CARE: ['重残照护', 'a severely disabled member needing care.'],
  NO_FIXED_HOME: ['无固定住所', 'no fixed place to live.'],
  OTHER: ['其他', 'another situation worth noting.'],
});
export type LivingSituation = EnumValue<typeof LivingSituation>;

export const RiskLevel = declareEnum('RiskLevel', '风险等级 — how urgently a risk calls for attention.', {
  LOW: ['低', 'watch at the next regular visit.'],
  MEDIUM: ['中', 'visit soon.'],
  HIGH: ['高', 'act now.'],
});
export type RiskLevel = EnumValue<typeof RiskLevel>;

/** HIGH 3 > MEDIUM 2 > LOW 1: the worklist's order. */
export const RISK_RANK: Readonly<Record<RiskLevel, number>> = { LOW: 1, MEDIUM: 2, HIGH: 3 };
