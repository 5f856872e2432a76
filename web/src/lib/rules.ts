import type { ConsoleEligibilityFactsQuery } from '../gql/graphql';

// The rule builder's model: conditions over the hub's fact catalogue (`eligibilityFacts`), turned into
// rule leaves and back. The labels, values, units and operator words all come from the catalogue.

export type Fact = ConsoleEligibilityFactsQuery['eligibilityFacts'][number];

export interface Condition {
  fact: string;
  op: string; // integer facts: lt, lte, gt, gte, eq
  values: string[]; // enum facts
  number: string; // integer facts, as typed (yuan for money)
  flag: boolean; // boolean facts
}

export type Leaf = { fact: string; op: string; value: unknown };
export type Rules = Leaf | { all: Leaf[] } | { any: Leaf[] };

/** The ordering and equality operators a number condition offers, in the catalogue's words for the fact. */
export function numberOps(fact: Fact): { op: string; label: string }[] {
  return fact.operators.filter((o) => ['lt', 'lte', 'gt', 'gte', 'eq'].includes(o.op));
}

export function blankCondition(fact: Fact): Condition {
  return { fact: fact.name, op: 'lte', values: [], number: '', flag: true };
}

/** A condition as a rule leaf; null while incomplete. The hub writes the Chinese reading. */
export function leafOf(fact: Fact, c: Condition): Leaf | null {
  if (fact.type === 'ENUM') return c.values.length ? { fact: fact.name, op: 'in', value: [...c.values] } : null;
  if (fact.type === 'BOOLEAN') return { fact: fact.name, op: 'eq', value: c.flag };
  const n = Number(c.number);
  if (c.number.trim() === '' || !Number.isFinite(n) || n < 0) return null;
  return { fact: fact.name, op: c.op, value: fact.unit === 'FEN' ? Math.round(n * 100) : Math.round(n) };
}

/** How a condition reads, from the catalogue's labels (the preview beside the builder). */
export function conditionText(fact: Fact, c: Condition): string {
  if (fact.type === 'ENUM') {
    const names = c.values.map((v) => fact.options.find((o) => o.value === v)?.label ?? v);
    return `${fact.label}为${names.join('或')}`;
  }
  if (fact.type === 'BOOLEAN') {
    const trait = (c.flag ? fact.yesLabel : fact.noLabel) ?? fact.label;
    return fact.perMember ? `有成员${trait}` : trait;
  }
  const word = fact.operators.find((o) => o.op === c.op)?.label ?? c.op;
  return `${fact.label}${word} ${c.number}${fact.unitLabel ? ` ${fact.unitLabel}` : ''}`;
}

/** The conditions a stored rule tree comes from, or null when the form cannot show it (nested, negated…). */
export function conditionsOf(
  rules: unknown,
  facts: Fact[],
): { combine: 'all' | 'any'; conditions: Condition[] } | null {
  if (rules === null || rules === undefined) return { combine: 'all', conditions: [] };
  if (typeof rules !== 'object') return null;
  const node = rules as Record<string, unknown>;
  const combine: 'all' | 'any' = 'any' in node ? 'any' : 'all';
  const leaves = Array.isArray(node.all)
    ? node.all
    : Array.isArray(node.any)
      ? node.any
      : 'fact' in node
        ? [node]
        : null;
  if (!leaves) return null;
  const conditions: Condition[] = [];
  for (const item of leaves as Record<string, unknown>[]) {
    const fact = facts.find((f) => f.name === item?.fact);
    if (!fact) return null;
    const c = blankCondition(fact);
    if (fact.type === 'ENUM' && (item.op === 'in' || item.op === 'eq')) {
      c.values = (Array.isArray(item.value) ? item.value : [item.value]).map(String);
    } else if (fact.type === 'BOOLEAN' && item.op === 'eq' && typeof item.value === 'boolean') {
      c.flag = item.value;
    } else if (
      fact.type === 'INTEGER' &&
      numberOps(fact).some((o) => o.op === item.op) &&
      typeof item.value === 'number'
    ) {
      c.op = String(item.op);
      c.number = String(fact.unit === 'FEN' ? item.value / 100 : item.value);
    } else {
      return null;
    }
    conditions.push(c);
  }
  return { combine, conditions };
}
