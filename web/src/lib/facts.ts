import { CATEGORY, EMERGENCY, FORM, REGISTRATION } from './format';

// The eligibility facts a rule may test (the hub's fact catalogue, API.md "Notes"), with their Chinese labels.
export interface Fact {
  name: string;
  label: string;
  type: 'enum' | 'integer' | 'boolean';
  unit?: 'fen' | 'years' | 'persons';
  values?: Record<string, string>;
}
export const FACTS: Fact[] = [
  { name: 'household.category', label: '家庭类别', type: 'enum', values: CATEGORY },
  { name: 'household.registration', label: '户籍', type: 'enum', values: REGISTRATION },
  { name: 'household.monthlyIncomePerCapita', label: '家庭月人均收入', type: 'integer', unit: 'fen' },
  { name: 'household.size', label: '家庭人口', type: 'integer', unit: 'persons' },
  { name: 'member.age', label: '有成员年龄', type: 'integer', unit: 'years' },
  { name: 'member.disability', label: '有成员残疾', type: 'boolean' },
  { name: 'member.chronicIllness', label: '有成员患慢性病', type: 'boolean' },
  { name: 'case.emergencyType', label: '急难类型', type: 'enum', values: EMERGENCY },
  { name: 'need.form', label: '需求形式', type: 'enum', values: FORM },
];
export const OPS: Record<string, string> = { lt: '低于', lte: '不高于', gt: '高于', gte: '不低于', eq: '等于' };
export const UNIT: Record<string, string> = { fen: '元', years: '岁', persons: '人' };

export interface Condition {
  fact: string;
  op: string;
  values: string[]; // enum
  number: string; // integer (yuan for money)
  flag: boolean; // boolean
}

export const factOf = (name: string) => FACTS.find((f) => f.name === name)!;

/** A condition as a rule leaf with its Chinese label; null while incomplete. */
export function leafOf(c: Condition): Record<string, unknown> | null {
  const fact = factOf(c.fact);
  if (fact.type === 'enum') {
    if (!c.values.length) return null;
    return {
      fact: c.fact,
      op: 'in',
      value: c.values,
      label: `${fact.label}为${c.values.map((v) => fact.values![v]).join('或')}`,
    };
  }
  if (fact.type === 'boolean') {
    return {
      fact: c.fact,
      op: 'eq',
      value: c.flag,
      label: c.flag ? fact.label : `${fact.label.replace('有成员', '无成员')}`,
    };
  }
  const n = Number(c.number);
  if (c.number === '' || !Number.isFinite(n) || n < 0) return null;
  const value = fact.unit === 'fen' ? Math.round(n * 100) : Math.round(n);
  return {
    fact: c.fact,
    op: c.op,
    value,
    label: `${fact.label}${OPS[c.op]}${c.number}${UNIT[fact.unit!] ?? ''}`,
  };
}
