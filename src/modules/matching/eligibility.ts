import { eligibility, type Facts, type MemberFacts, type Rule, type TraceEntry, type Tri } from '../../rules';

export type { Facts, MemberFacts, TraceEntry, Tri };

/** An eligibility verdict as matching shows it: the engine's evaluation with its reasons in Chinese. */
export interface Evaluation {
  result: Tri;
  trace: TraceEntry[];
  /** `家庭月人均收入 (household.monthlyIncomePerCapita)` for each fact a leaf needed and lacked. */
  missingFacts: string[];
  /** `符合：…`, `不符合：…`, `待核实：…`, one per distinct leaf reading. */
  reasons: string[];
}

/**
 * Three-valued evaluation of a validated rule tree against what is known of a household, its case
 * and the need, explained in Chinese. A null rule means no restrictions: TRUE with an empty trace.
 */
export function evaluate(rule: Rule | null, facts: Facts): Evaluation {
  const evaluation = eligibility.evaluate(rule, facts);
  const { reasons, missingFacts } = eligibility.explain(evaluation);
  return { result: evaluation.result, trace: evaluation.trace, missingFacts, reasons };
}

export { ageOn } from '../../core/age';
