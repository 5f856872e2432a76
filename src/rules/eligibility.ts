import {
  ASSISTANCE_FORM_LABELS,
  EMERGENCY_TYPE_LABELS,
  HOUSEHOLD_CATEGORY_LABELS,
  REGISTRATION_LABELS,
  type AssistanceForm,
  type EmergencyType,
  type HouseholdCategory,
  type Registration,
} from '../core/vocabulary';
import { FactCatalogue, type FactSpec } from './catalogue';
import { rulesFor } from './engine';
import type { Leaf, Rule } from './rule';
import type { RuleValidation } from './validate';

/*
 * The eligibility vocabulary: what a resource's rules (API.md, Notes) may say about the household,
 * its members, the case and the need. The resource catalogue validates and describes rules with it;
 * matching and commitments evaluate them. It depends on core's vocabulary only, so the catalogue of
 * resources needs nothing from casework. Other rule kinds (risk screening) extend it with `.with()`.
 */

/** One household member; undefined or null is unknown, never false or zero. */
export interface MemberFacts {
  age?: number | null;
  disability?: boolean | null;
  chronicIllness?: boolean | null;
}

/** What is known of a household, its case and the need; undefined or null is unknown. */
export interface Facts {
  household: {
    category?: HouseholdCategory | null;
    registration?: Registration | null;
    monthlyIncomePerCapita?: number | null;
    size?: number | null;
  };
  members: MemberFacts[];
  case: { emergencyType?: EmergencyType | null };
  need: { form?: AssistanceForm | null };
}

type Spec = FactSpec<Facts, MemberFacts>;

/** Facts of the household file and its members. */
export const HOUSEHOLD_FACTS = {
  'household.category': {
    type: 'enum',
    label: '家庭类别',
    values: HOUSEHOLD_CATEGORY_LABELS,
    read: (f) => f.household.category,
  },
  'household.registration': {
    type: 'enum',
    label: '户籍',
    values: REGISTRATION_LABELS,
    read: (f) => f.household.registration,
  },
  'household.monthlyIncomePerCapita': {
    type: 'integer',
    label: '家庭月人均收入',
    unit: 'fen',
    read: (f) => f.household.monthlyIncomePerCapita,
  },
  'household.size': { type: 'integer', label: '家庭人口', unit: 'persons', read: (f) => f.household.size },
  'member.age': { type: 'integer', label: '成员年龄', unit: 'years', ofMember: (m) => m.age },
  'member.disability': { type: 'boolean', label: '残疾', yes: '残疾', no: '无残疾', ofMember: (m) => m.disability },
  'member.chronicIllness': {
    type: 'boolean',
    label: '慢性病',
    yes: '患慢性病',
    no: '无慢性病',
    ofMember: (m) => m.chronicIllness,
  },
} as const satisfies Record<string, Spec>;

/** Facts of the emergency case and the need being matched. */
export const CASE_FACTS = {
  'case.emergencyType': {
    type: 'enum',
    label: '急难类型',
    values: EMERGENCY_TYPE_LABELS,
    read: (f) => f.case.emergencyType,
  },
  'need.form': { type: 'enum', label: '需求形式', values: ASSISTANCE_FORM_LABELS, read: (f) => f.need.form },
} as const satisfies Record<string, Spec>;

export type FactName = keyof typeof HOUSEHOLD_FACTS | keyof typeof CASE_FACTS;

export const FACTS: Readonly<Record<FactName, FactSpec<Facts, MemberFacts>>> = { ...HOUSEHOLD_FACTS, ...CASE_FACTS };

export const FACT_NAMES = Object.keys(FACTS) as FactName[];

export const ELIGIBILITY_FACTS = FactCatalogue.of<Facts, MemberFacts>((f) => f.members, HOUSEHOLD_FACTS).with<Facts>(
  CASE_FACTS,
);

/** The rules engine on the eligibility vocabulary. */
export const eligibility = rulesFor(ELIGIBILITY_FACTS);

export function isFactName(name: unknown): name is FactName {
  return ELIGIBILITY_FACTS.has(name);
}

/** `家庭月人均收入 (household.monthlyIncomePerCapita)` — how missing facts are reported. */
export function factDisplayName(fact: FactName): string {
  return ELIGIBILITY_FACTS.displayName(fact);
}

/** Checks an eligibility tree (size, shape, facts, operators, values); paths are relative to its root. */
export function validateRules(rules: unknown): RuleValidation {
  return eligibility.validate(rules);
}

/** A deterministic Chinese reading of an eligibility tree. */
export function describeRules(rule: Rule): string {
  return eligibility.describe(rule);
}

/** One eligibility leaf in Chinese: its own `label` when given, else generated from the fact's label. */
export function describeLeaf(leaf: Leaf): string {
  return eligibility.describeLeaf(leaf);
}
