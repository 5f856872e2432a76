import { registerEnumType } from 'type-graphql';

/** 救助形式 — the forms help takes (policy 三(六) 资金保障机制). */
export enum AssistanceForm {
  CASH = 'CASH',
  MEDICAL_CARE = 'MEDICAL_CARE',
  IN_KIND = 'IN_KIND',
  TEMPORARY_SHELTER = 'TEMPORARY_SHELTER',
  PROFESSIONAL_SERVICE = 'PROFESSIONAL_SERVICE',
}

export const ASSISTANCE_FORM_LABELS: Record<AssistanceForm, string> = {
  CASH: '救助金',
  MEDICAL_CARE: '送医救治',
  IN_KIND: '实物',
  TEMPORARY_SHELTER: '临时住所',
  PROFESSIONAL_SERVICE: '专业服务',
};

registerEnumType(AssistanceForm, {
  name: 'AssistanceForm',
  description: '救助形式 — the form help takes.',
  valuesConfig: {
    CASH: { description: '救助金 — cash assistance, paid out through social channels.' },
    MEDICAL_CARE: { description: '送医救治 — taking to hospital and medical treatment.' },
    IN_KIND: { description: '实物 — goods in kind (food, clothing, bedding…).' },
    TEMPORARY_SHELTER: { description: '临时住所 — temporary shelter.' },
    PROFESSIONAL_SERVICE: { description: '专业服务 — professional services (counselling, legal aid, nursing…).' },
  },
});

/** 急难类型 — the kinds of sudden hardship the policy names (三(二)、(三)). */
export enum EmergencyType {
  FIRE = 'FIRE',
  TRAFFIC_ACCIDENT = 'TRAFFIC_ACCIDENT',
  SUDDEN_ILLNESS = 'SUDDEN_ILLNESS',
  ACCIDENT = 'ACCIDENT',
  NATURAL_DISASTER = 'NATURAL_DISASTER',
  OTHER_HARDSHIP = 'OTHER_HARDSHIP',
}

export const EMERGENCY_TYPE_LABELS: Record<EmergencyType, string> = {
  FIRE: '火灾',
  TRAFFIC_ACCIDENT: '交通事故',
  SUDDEN_ILLNESS: '突发疾病',
  ACCIDENT: '意外事故',
  NATURAL_DISASTER: '自然灾害',
  OTHER_HARDSHIP: '其他特殊困难',
};

registerEnumType(EmergencyType, {
  name: 'EmergencyType',
  description: '急难类型 — the kind of sudden hardship.',
  valuesConfig: {
    FIRE: { description: '火灾 — fire.' },
    TRAFFIC_ACCIDENT: { description: '交通事故 — traffic accident.' },
    SUDDEN_ILLNESS: { description: '突发疾病 — sudden illness.' },
    ACCIDENT: { description: '意外事故 — other accident.' },
    NATURAL_DISASTER: { description: '自然灾害 — natural disaster.' },
    OTHER_HARDSHIP: { description: '其他特殊困难 — other special hardship.' },
  },
});

/** 家庭类别 — a household's standing in social assistance. */
export enum HouseholdCategory {
  NONE = 'NONE',
  MINIMUM_LIVING = 'MINIMUM_LIVING',
  LOW_INCOME = 'LOW_INCOME',
  EXTREME_POVERTY = 'EXTREME_POVERTY',
  EXPENDITURE_POVERTY = 'EXPENDITURE_POVERTY',
}

export const HOUSEHOLD_CATEGORY_LABELS: Record<HouseholdCategory, string> = {
  NONE: '一般家庭',
  MINIMUM_LIVING: '低保家庭',
  LOW_INCOME: '低收入家庭',
  EXTREME_POVERTY: '特困人员',
  EXPENDITURE_POVERTY: '支出型贫困家庭',
};

registerEnumType(HouseholdCategory, {
  name: 'HouseholdCategory',
  description: '家庭类别 — the household’s social-assistance category.',
  valuesConfig: {
    NONE: { description: '一般家庭 — none of the categories below.' },
    MINIMUM_LIVING: { description: '低保 — receives minimum living security.' },
    LOW_INCOME: { description: '低收入 — a low-income household.' },
    EXTREME_POVERTY: { description: '特困 — extreme poverty (特困人员供养).' },
    EXPENDITURE_POVERTY: { description: '支出型贫困 — poor because of heavy necessary spending (medical, education).' },
  },
});

/** 户籍 — where the household is registered. */
export enum Registration {
  SHANGHAI_HUKOU = 'SHANGHAI_HUKOU',
  RESIDENCE_PERMIT = 'RESIDENCE_PERMIT',
  OTHER = 'OTHER',
}

export const REGISTRATION_LABELS: Record<Registration, string> = {
  SHANGHAI_HUKOU: '本市户籍',
  RESIDENCE_PERMIT: '持居住证',
  OTHER: '其他',
};

registerEnumType(Registration, {
  name: 'Registration',
  description: '户籍 — the household’s registration.',
  valuesConfig: {
    SHANGHAI_HUKOU: { description: '本市户籍 — Shanghai hukou.' },
    RESIDENCE_PERMIT: { description: '持居住证 — holds a Shanghai residence permit.' },
    OTHER: { description: '其他 — neither (e.g. a visitor).' },
  },
});
