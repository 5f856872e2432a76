/** A rule tree's leaf operators. */
export const OPS = ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'exists'] as const;

export type Op = (typeof OPS)[number];

/** The ordering operators: only numeric facts accept them. */
export const COMPARISON_OPS: readonly Op[] = ['lt', 'lte', 'gt', 'gte'];

/** A test of one fact; `fact` names an entry of the catalogue the rule is validated against. */
export interface Leaf {
  fact: string;
  op: Op;
  value?: unknown;
  label?: string;
}

/** A rule as data: `{all: […]}`, `{any: […]}`, `{not: …}` or a leaf. */
export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Leaf;

export function isLeaf(rule: Rule): rule is Leaf {
  return 'fact' in rule;
}
