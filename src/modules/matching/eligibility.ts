import { later, toDate, utcDay } from '../../core/clock';
import type { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../core/vocabulary';
import {
  describeLeaf,
  FACT_NAMES,
  factDisplayName,
  isLeaf,
  type FactName,
  type Leaf,
  type Op,
  type Rule,
} from '../resources/eligibility-rules';

/** Kleene truth values: UNKNOWN means a fact the rule needs has not been collected. */
export type Tri = 'TRUE' | 'FALSE' | 'UNKNOWN';

/** One household member; undefined or null is unknown, never false or zero. */
export interface MemberFacts {
  age?: number | null;
  disability?: boolean | null;
  chronicIllness?: boolean | null;
}

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

export interface TraceEntry {
  fact: FactName;
  op: Op;
  value: unknown;
  /** The leaf in Chinese (its own label, or one generated from the fact). */
  label: string;
  result: Tri;
  /** The value tested: a household/case/need value, or every member's value in order; null when unknown. */
  actual: unknown;
}

export interface Evaluation {
  result: Tri;
  trace: TraceEntry[];
  /** `家庭月人均收入 (household.monthlyIncomePerCapita)` for each fact a leaf needed and lacked. */
  missingFacts: string[];
  /** `符合：…`, `不符合：…`, `待核实：…`, one per distinct leaf reading. */
  reasons: string[];
}

type MemberKey = keyof MemberFacts;

const MEMBER_KEYS: Partial<Record<FactName, MemberKey>> = {
  'member.age': 'age',
  'member.disability': 'disability',
  'member.chronicIllness': 'chronicIllness',
};

// Static per fact, so an unknown leaf costs no string building.
const MISSING_NAMES = Object.fromEntries(FACT_NAMES.map((fact) => [fact, factDisplayName(fact)])) as Record<
  FactName,
  string
>;

const REASON_PREFIX: Record<Tri, string> = { TRUE: '符合：', FALSE: '不符合：', UNKNOWN: '待核实：' };

function scalarFact(fact: FactName, facts: Facts): unknown {
  switch (fact) {
    case 'household.category':
      return facts.household.category;
    case 'household.registration':
      return facts.household.registration;
    case 'household.monthlyIncomePerCapita':
      return facts.household.monthlyIncomePerCapita;
    case 'household.size':
      return facts.household.size;
    case 'case.emergencyType':
      return facts.case.emergencyType;
    case 'need.form':
      return facts.need.form;
    default:
      return undefined;
  }
}

/** Whether a known value satisfies the leaf (validation guarantees the value's type). */
function holds(op: Op, actual: unknown, value: unknown): boolean {
  switch (op) {
    case 'eq':
      return actual === value;
    case 'ne':
      return actual !== value;
    case 'in':
      return (value as unknown[]).includes(actual);
    case 'lt':
      return (actual as number) < (value as number);
    case 'lte':
      return (actual as number) <= (value as number);
    case 'gt':
      return (actual as number) > (value as number);
    case 'gte':
      return (actual as number) >= (value as number);
    case 'exists':
      return true;
  }
}

function scalarResult(leaf: Leaf, actual: unknown): Tri {
  if (actual === null) return leaf.op === 'exists' ? 'FALSE' : 'UNKNOWN';
  return holds(leaf.op, actual, leaf.value) ? 'TRUE' : 'FALSE';
}

/** Some member satisfies → TRUE; every member known not to → FALSE; otherwise (or no members) UNKNOWN. */
function memberResult(leaf: Leaf, members: MemberFacts[], key: MemberKey): Tri {
  let sawUnknown = members.length === 0;
  for (const member of members) {
    const actual = member[key] ?? null;
    if (actual === null) sawUnknown = true;
    else if (holds(leaf.op, actual, leaf.value)) return 'TRUE';
  }
  if (leaf.op === 'exists') return 'FALSE';
  return sawUnknown ? 'UNKNOWN' : 'FALSE';
}

/** One leaf's verdict, without trace or reasons: the engine's fast path uses it too. */
export function leafVerdict(leaf: Leaf, facts: Facts): Tri {
  const key = MEMBER_KEYS[leaf.fact];
  return key === undefined
    ? scalarResult(leaf, scalarFact(leaf.fact, facts) ?? null)
    : memberResult(leaf, facts.members, key);
}

interface State {
  facts: Facts;
  trace: TraceEntry[];
  missingFacts: string[];
  reasons: string[];
}

function evaluateLeaf(leaf: Leaf, state: State): Tri {
  const key = MEMBER_KEYS[leaf.fact];
  let actual: unknown;
  let result: Tri;
  if (key === undefined) {
    actual = scalarFact(leaf.fact, state.facts) ?? null;
    result = scalarResult(leaf, actual);
  } else {
    actual = state.facts.members.map((member) => member[key] ?? null);
    result = memberResult(leaf, state.facts.members, key);
  }
  // Descriptions are rebuilt on each call on purpose: measured, that is cheaper than a WeakMap cache
  // for rule objects freshly loaded per request.
  const label = describeLeaf(leaf);
  state.trace.push({ fact: leaf.fact, op: leaf.op, value: leaf.value, label, result, actual });
  const reason = REASON_PREFIX[result] + label;
  if (!state.reasons.includes(reason)) state.reasons.push(reason);
  const missing = MISSING_NAMES[leaf.fact];
  if (result === 'UNKNOWN' && !state.missingFacts.includes(missing)) state.missingFacts.push(missing);
  return result;
}

function evaluateNode(rule: Rule, state: State): Tri {
  if (isLeaf(rule)) return evaluateLeaf(rule, state);
  if ('not' in rule) {
    const inner = evaluateNode(rule.not, state);
    return inner === 'TRUE' ? 'FALSE' : inner === 'FALSE' ? 'TRUE' : 'UNKNOWN';
  }
  const isAll = 'all' in rule;
  const children = isAll ? rule.all : rule.any;
  // Every child is evaluated (no short circuit): the trace must show every leaf.
  let sawDecisive = false;
  let sawUnknown = false;
  for (const child of children) {
    const result = evaluateNode(child, state);
    if (result === 'UNKNOWN') sawUnknown = true;
    else if (result === (isAll ? 'FALSE' : 'TRUE')) sawDecisive = true;
  }
  if (sawDecisive) return isAll ? 'FALSE' : 'TRUE';
  if (sawUnknown) return 'UNKNOWN';
  return isAll ? 'TRUE' : 'FALSE';
}

/**
 * Three-valued evaluation of a validated rule tree against what is known of a household, its case
 * and the need. A null rule means no restrictions: TRUE with an empty trace.
 */
export function evaluate(rule: Rule | null, facts: Facts): Evaluation {
  const state: State = { facts, trace: [], missingFacts: [], reasons: [] };
  const result = rule === null ? 'TRUE' : evaluateNode(rule, state);
  return { result, trace: state.trace, missingFacts: state.missingFacts, reasons: state.reasons };
}

// ---- ages ----

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset gives the business
// calendar date without depending on the runtime's time-zone data.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function parseDateOnly(text: string): { y: number; m: number; d: number } | null {
  const match = DATE_ONLY.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = utcDay(y, m, d);
  const valid = check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d;
  return valid ? { y, m, d } : null;
}

function shanghaiDate(day: Date | string): { y: number; m: number; d: number } {
  if (typeof day === 'string') {
    const dateOnly = parseDateOnly(day);
    if (dateOnly) return dateOnly;
  }
  const instant = typeof day === 'string' ? toDate(day) : day;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`无效的日期 ${String(day)} (invalid date)`);
  const local = later(instant, SHANGHAI_OFFSET_MS);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

/**
 * Full years (周岁) on a day, on the Asia/Shanghai calendar: the age goes up on the birthday itself;
 * someone born on 29 February turns a year older on 1 March in common years. Negative when the
 * birth date is after the day.
 */
export function ageOn(birthDate: string, day: Date | string): number {
  const birth = parseDateOnly(birthDate);
  if (!birth) throw new RangeError(`无效的出生日期 ${birthDate} (invalid birth date, expected YYYY-MM-DD)`);
  const on = shanghaiDate(day);
  const beforeBirthday = on.m < birth.m || (on.m === birth.m && on.d < birth.d);
  return on.y - birth.y - (beforeBirthday ? 1 : 0);
}
