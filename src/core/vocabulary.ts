import { declareEnum, type EnumValue, labelsOf } from './enums';

/** 救助形式 — the forms help takes (policy 三(六) 资金保障机制). */
export const AssistanceForm = declareEnum('AssistanceForm', '救助形式 — the form help takes.', {
  CASH: ['救助金', 'cash assistance, paid out through social channels.'],
  MEDICAL_CARE: ['送医救治', 'taking to hospital and medical treatment.'],
  IN_KIND: ['实物', 'goods in kind (food, clothing, bedding…).'],
  TEMPORARY_SHELTER: ['临时住所', 'temporary shelter.'],
  PROFESSIONAL_SERVICE: ['专业服务', 'professional services (counselling, legal aid, nursing…).'],
});
export type AssistanceForm = EnumValue<typeof AssistanceForm>;

export const ASSISTANCE_FORM_LABELS: Readonly<Record<AssistanceForm, string>> = labelsOf(AssistanceForm);

/** 急难类型 — the kinds of sudden hardship the policy names (三(二)、(三)). */
export const EmergencyType = declareEnum('EmergencyType', '急难类型 — the kind of sudden hardship.', {
  FIRE: ['火灾', 'fire.'],
  TRAFFIC_ACCIDENT: ['交通事故', 'traffic accident.'],
  SUDDEN_ILLNESS: ['突发疾病', 'sudden illness.'],
  ACCIDENT: ['意外事故', 'other accident.'],
  NATURAL_DISASTER: ['自然灾害', 'natural disaster.'],
  OTHER_HARDSHIP: ['其他特殊困难', 'other special hardship.'],
});
export type EmergencyType = EnumValue<typeof EmergencyType>;

export const EMERGENCY_TYPE_LABELS: Readonly<Record<EmergencyType, string>> = labelsOf(EmergencyType);

/** 家庭类别 — a household's standing in social assistance. */
export const HouseholdCategory = declareEnum(
  'HouseholdCategory',
  '家庭类别 — the household’s social-assistance category.',
  {
    NONE: ['一般家庭', 'none of the categories below.'],
    MINIMUM_LIVING: { label: '低保家庭', description: '低保 — receives minimum living security.' },
    LOW_INCOME: { label: '低收入家庭', description: '低收入 — a low-income household.' },
    EXTREME_POVERTY: { label: '特困人员', description: '特困 — extreme poverty (特困人员供养).' },
    EXPENDITURE_POVERTY: {
      label: '支出型贫困家庭',
      description: '支出型贫困 — poor because of heavy necessary spending (medical, education).',
    },
  },
);
export type HouseholdCategory = EnumValue<typeof HouseholdCategory>;

export const HOUSEHOLD_CATEGORY_LABELS: Readonly<Record<HouseholdCategory, string>> = labelsOf(HouseholdCategory);

/** 户籍 — where the household is registered. */
export const Registration = declareEnum('Registration', '户籍 — the household’s registration.', {
  SHANGHAI_HUKOU: ['本市户籍', 'Shanghai hukou.'],
  RESIDENCE_PERMIT: ['持居住证', 'holds a Shanghai residence permit.'],
  OTHER: ['其他', 'neither (e.g. a visitor).'],
});
export type Registration = EnumValue<typeof Registration>;

export const REGISTRATION_LABELS: Readonly<Record<Registration, string>> = labelsOf(Registration);
