import { isLeaf, type Leaf, type Rule } from '../resources/eligibility-rules';
import { leafVerdict, type Facts, type Tri } from './eligibility';

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

const LEVEL: Readonly<Record<Tri, Level>> = { FALSE: F, UNKNOWN: U, TRUE: T };

function leafLevel(leaf: Leaf, facts: Facts): Level {
  return LEVEL[leafVerdict(leaf, facts)];
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
