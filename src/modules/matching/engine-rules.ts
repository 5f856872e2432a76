import { isLeaf, type Leaf, type Op, type Rule } from '../resources/eligibility-rules';
import type { Facts, MemberFacts, Tri } from './eligibility';

/*
 * The verdict of eligibility.ts's evaluate(), without its trace, reasons and missing facts: ranking
 * 10,000 candidates needs only the verdict, and building every leaf's Chinese description costs more
 * than the whole rest of the ranking. The engine calls the full evaluate() for the few matches it
 * returns. Kleene logic on FALSE 0 < UNKNOWN 1 < TRUE 2: `all` is the minimum, `any` the maximum,
 * `not` is 2 − v — so both may stop at their decisive value. The property tests hold this equal to
 * evaluate(rule, facts).result.
 */

const F = 0;
const U = 1;
const T = 2;
type Level = 0 | 1 | 2;

const TRI: readonly Tri[] = ['FALSE', 'UNKNOWN', 'TRUE'];

const MEMBER_KEYS: Readonly<Record<string, keyof MemberFacts>> = {
  'member.age': 'age',
  'member.disability': 'disability',
  'member.chronicIllness': 'chronicIllness',
};

function scalar(leaf: Leaf, facts: Facts): unknown {
  switch (leaf.fact) {
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

function leafLevel(leaf: Leaf, facts: Facts): Level {
  const key = MEMBER_KEYS[leaf.fact];
  if (key === undefined) {
    const actual = scalar(leaf, facts) ?? null;
    if (actual === null) return leaf.op === 'exists' ? F : U;
    return holds(leaf.op, actual, leaf.value) ? T : F;
  }
  // Some member satisfies → TRUE; every member known not to → FALSE; otherwise (or no members) UNKNOWN.
  let sawUnknown = facts.members.length === 0;
  for (const member of facts.members) {
    const actual = member[key] ?? null;
    if (actual === null) sawUnknown = true;
    else if (holds(leaf.op, actual, leaf.value)) return T;
  }
  if (leaf.op === 'exists') return F;
  return sawUnknown ? U : F;
}

function level(rule: Rule, facts: Facts): Level {
  if (isLeaf(rule)) return leafLevel(rule, facts);
  if ('not' in rule) return (T - level(rule.not, facts)) as Level;
  if ('all' in rule) {
    let min: Level = T;
    for (const child of rule.all) {
      const v = level(child, facts);
      if (v < min) min = v;
      if (min === F) break;
    }
    return min;
  }
  let max: Level = F;
  for (const child of rule.any) {
    const v = level(child, facts);
    if (v > max) max = v;
    if (max === T) break;
  }
  return max;
}

/** evaluate(rule, facts).result, computed without building a trace. A null rule is TRUE. */
export function verdict(rule: Rule | null, facts: Facts): Tri {
  return rule === null ? 'TRUE' : TRI[level(rule, facts)];
}
