import type { FactCatalogue } from './catalogue';
import type { RuleEvaluation, RuleOutcome, RuleOutcomeCode } from './evaluate';

/** The Chinese reading of a rule outcome: `符合：…`, `不符合：…`, `待核实：…`. */
export const OUTCOME_PREFIX: Readonly<Record<RuleOutcomeCode, string>> = {
  RULE_MET: '符合：',
  RULE_NOT_MET: '不符合：',
  RULE_UNKNOWN: '待核实：',
};

export function outcomeText(outcome: RuleOutcome): string {
  return OUTCOME_PREFIX[outcome.code] + outcome.label;
}

/** An evaluation as shown to people: reasons and missing facts in Chinese. */
export interface Explanation {
  /** `符合：…`, `不符合：…`, `待核实：…`, one per distinct leaf reading. */
  reasons: string[];
  /** `家庭月人均收入 (household.monthlyIncomePerCapita)` for each fact a leaf needed and lacked. */
  missingFacts: string[];
}

export function explain<S, M>(evaluation: RuleEvaluation, catalogue: FactCatalogue<S, M>): Explanation {
  return {
    reasons: evaluation.outcomes.map(outcomeText),
    missingFacts: evaluation.missing.map((fact) => catalogue.displayName(fact)),
  };
}
