import type { FactCatalogue, FactSpec } from './catalogue';
import { describeLeaf } from './describe';
import { isLeaf, type Leaf, type Op, type Rule } from './rule';
import type { Tri } from './tri';

/** One leaf as evaluated: the leaf, its Chinese reading, its verdict and the value it tested. */
export interface TraceEntry {
  fact: string;
  op: Op;
  value: unknown;
  /** The leaf in Chinese (its own label, or one generated from the fact). */
  label: string;
  result: Tri;
  /** The value tested: the subject's value, or every member's value in order; null when unknown. */
  actual: unknown;
}

/** What a leaf's verdict means for the caller; the Chinese text is made from it at the edge. */
export type RuleOutcomeCode = 'RULE_MET' | 'RULE_NOT_MET' | 'RULE_UNKNOWN';

export const OUTCOME_OF: Readonly<Record<Tri, RuleOutcomeCode>> = {
  TRUE: 'RULE_MET',
  FALSE: 'RULE_NOT_MET',
  UNKNOWN: 'RULE_UNKNOWN',
};

/** One distinct leaf reading with its outcome, in document order. */
export interface RuleOutcome {
  code: RuleOutcomeCode;
  label: string;
}

export interface RuleEvaluation {
  result: Tri;
  trace: TraceEntry[];
  /** Distinct names of the facts a leaf needed and lacked, in document order. */
  missing: string[];
  /** Distinct (code, leaf reading) pairs, in document order. */
  outcomes: RuleOutcome[];
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
function memberResult<M>(leaf: Leaf, members: readonly M[], read: (member: M) => unknown): Tri {
  let sawUnknown = members.length === 0;
  for (const member of members) {
    const actual = read(member) ?? null;
    if (actual === null) sawUnknown = true;
    else if (holds(leaf.op, actual, leaf.value)) return 'TRUE';
  }
  if (leaf.op === 'exists') return 'FALSE';
  return sawUnknown ? 'UNKNOWN' : 'FALSE';
}

function leafResult<S, M>(leaf: Leaf, spec: FactSpec<S, M>, subject: S, catalogue: FactCatalogue<S, M>): Tri {
  return spec.ofMember
    ? memberResult(leaf, catalogue.membersOf(subject), spec.ofMember)
    : scalarResult(leaf, spec.read!(subject) ?? null);
}

/** One leaf's verdict, without trace or reasons: the fast path uses it too. */
export function leafVerdict<S, M>(leaf: Leaf, subject: S, catalogue: FactCatalogue<S, M>): Tri {
  return leafResult(leaf, catalogue.spec(leaf.fact), subject, catalogue);
}

interface State<S, M> {
  subject: S;
  catalogue: FactCatalogue<S, M>;
  trace: TraceEntry[];
  missing: string[];
  outcomes: RuleOutcome[];
}

function evaluateLeaf<S, M>(leaf: Leaf, state: State<S, M>): Tri {
  const { catalogue, subject } = state;
  const spec = catalogue.spec(leaf.fact);
  const actual = spec.ofMember
    ? catalogue.membersOf(subject).map((member) => spec.ofMember!(member) ?? null)
    : (spec.read!(subject) ?? null);
  const result = leafResult(leaf, spec, subject, catalogue);
  // Descriptions are rebuilt on each call on purpose: measured, that is cheaper than a WeakMap cache
  // for rule objects freshly loaded per request.
  const label = describeLeaf(leaf, catalogue);
  state.trace.push({ fact: leaf.fact, op: leaf.op, value: leaf.value, label, result, actual });
  const code = OUTCOME_OF[result];
  if (!state.outcomes.some((o) => o.code === code && o.label === label)) state.outcomes.push({ code, label });
  if (result === 'UNKNOWN' && !state.missing.includes(leaf.fact)) state.missing.push(leaf.fact);
  return result;
}

function evaluateNode<S, M>(rule: Rule, state: State<S, M>): Tri {
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
 * Three-valued evaluation of a validated rule tree against a subject, with a trace of every leaf.
 * A null rule means no restrictions: TRUE with an empty trace.
 */
export function evaluateRule<S, M>(rule: Rule | null, subject: S, catalogue: FactCatalogue<S, M>): RuleEvaluation {
  const state: State<S, M> = { subject, catalogue, trace: [], missing: [], outcomes: [] };
  const result = rule === null ? 'TRUE' : evaluateNode(rule, state);
  return { result, trace: state.trace, missing: state.missing, outcomes: state.outcomes };
}

/*
 * The verdict of evaluateRule() without its trace, outcomes and missing facts: ranking 10,000
 * candidates needs only the verdict, and building every leaf's Chinese description costs more than
 * the whole rest of the ranking. Kleene logic on FALSE 0 < UNKNOWN 1 < TRUE 2: `all` is the minimum,
 * `any` the maximum, `not` is 2 − v — so both may stop at their decisive value. The property tests
 * hold this equal to evaluateRule(rule, subject).result.
 */

const F = 0;
const U = 1;
const T = 2;
type Level = 0 | 1 | 2;

const TRI: readonly Tri[] = ['FALSE', 'UNKNOWN', 'TRUE'];
const LEVEL: Readonly<Record<Tri, Level>> = { FALSE: F, UNKNOWN: U, TRUE: T };

function level<S, M>(rule: Rule, subject: S, catalogue: FactCatalogue<S, M>): Level {
  if (isLeaf(rule)) return LEVEL[leafVerdict(rule, subject, catalogue)];
  if ('not' in rule) return (T - level(rule.not, subject, catalogue)) as Level;
  if ('all' in rule) {
    let min: Level = T;
    for (const child of rule.all) {
      const v = level(child, subject, catalogue);
      if (v < min) min = v;
      if (min === F) break;
    }
    return min;
  }
  let max: Level = F;
  for (const child of rule.any) {
    const v = level(child, subject, catalogue);
    if (v > max) max = v;
    if (max === T) break;
  }
  return max;
}

/** evaluateRule(rule, subject, catalogue).result, computed without building a trace. A null rule is TRUE. */
export function ruleVerdict<S, M>(rule: Rule | null, subject: S, catalogue: FactCatalogue<S, M>): Tri {
  return rule === null ? 'TRUE' : TRI[level(rule, subject, catalogue)];
}
