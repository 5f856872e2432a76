import {
  ASSISTANCE_FORM_LABELS,
  EMERGENCY_TYPE_LABELS,
  HOUSEHOLD_CATEGORY_LABELS,
  REGISTRATION_LABELS,
} from '../../core/vocabulary';

/** The facts an eligibility rule may test (API.md, Notes). */
export const FACT_NAMES = [
  'household.category',
  'household.registration',
  'household.monthlyIncomePerCapita',
  'household.size',
  'member.age',
  'member.disability',
  'member.chronicIllness',
  'case.emergencyType',
  'need.form',
] as const;

export type FactName = (typeof FACT_NAMES)[number];

export const OPS = ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'exists'] as const;

export type Op = (typeof OPS)[number];

/** The ordering operators: only numeric facts accept them. */
export const COMPARISON_OPS: readonly Op[] = ['lt', 'lte', 'gt', 'gte'];

export interface Leaf {
  fact: FactName;
  op: Op;
  value?: unknown;
  label?: string;
}

export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Leaf;

export type FactType = 'enum' | 'integer' | 'boolean';

/** fen: money in 分, shown as 元; years: an age; persons: a head count. */
export type FactUnit = 'fen' | 'years' | 'persons';

export interface FactSpec {
  readonly type: FactType;
  /** 中文名, as shown to caseworkers. */
  readonly label: string;
  readonly unit?: FactUnit;
  /** Enum facts: the allowed values and their Chinese labels. */
  readonly values?: Readonly<Record<string, string>>;
  /** Boolean facts: how a member who has / lacks the trait is described. */
  readonly yes?: string;
  readonly no?: string;
}

export const FACTS: Readonly<Record<FactName, FactSpec>> = {
  'household.category': { type: 'enum', label: '家庭类别', values: HOUSEHOLD_CATEGORY_LABELS },
  'household.registration': { type: 'enum', label: '户籍', values: REGISTRATION_LABELS },
  'household.monthlyIncomePerCapita': { type: 'integer', label: '家庭月人均收入', unit: 'fen' },
  'household.size': { type: 'integer', label: '家庭人口', unit: 'persons' },
  'member.age': { type: 'integer', label: '成员年龄', unit: 'years' },
  'member.disability': { type: 'boolean', label: '残疾', yes: '残疾', no: '无残疾' },
  'member.chronicIllness': { type: 'boolean', label: '慢性病', yes: '患慢性病', no: '无慢性病' },
  'case.emergencyType': { type: 'enum', label: '急难类型', values: EMERGENCY_TYPE_LABELS },
  'need.form': { type: 'enum', label: '需求形式', values: ASSISTANCE_FORM_LABELS },
};

export function isFactName(name: unknown): name is FactName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(FACTS, name);
}

export function isLeaf(rule: Rule): rule is Leaf {
  return 'fact' in rule;
}

/** `家庭月人均收入 (household.monthlyIncomePerCapita)` — how missing facts are reported. */
export function factDisplayName(fact: FactName): string {
  return `${FACTS[fact].label} (${fact})`;
}
