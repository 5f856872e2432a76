/*
 * The rules engine: rules as data (schema, validation), a catalogue of facts contributed by the
 * modules that know them, a Chinese reading of every rule, and three-valued evaluation with a trace.
 * It depends on core only. Outcomes are codes (RULE_MET / RULE_NOT_MET / RULE_UNKNOWN); the
 * Chinese reasons are made from them by `explain` at the edge.
 */
export { FactCatalogue, type FactSpec, type FactType, type FactUnit } from './catalogue';
export {
  describeLeaf as describeLeafWith,
  describeRules as describeRulesWith,
  formatYuan,
  operatorWord,
  unitWord,
} from './describe';
export { rulesFor, type RulesEngine } from './engine';
export {
  evaluateRule,
  leafVerdict as leafVerdictWith,
  OUTCOME_OF,
  ruleVerdict,
  type RuleEvaluation,
  type RuleOutcome,
  type RuleOutcomeCode,
  type TraceEntry,
} from './evaluate';
export { explain, OUTCOME_PREFIX, outcomeText, type Explanation } from './explain';
export { COMPARISON_OPS, isLeaf, OPS, type Leaf, type Op, type Rule } from './rule';
export { TRI_VALUES, TriEnum, type Tri } from './tri';
export {
  MAX_IN_VALUES,
  MAX_LABEL_LENGTH,
  MAX_RULE_DEPTH,
  MAX_RULE_NODES,
  RULE_SCHEMA,
  validateRule,
  type RuleError,
  type RulePath,
  type RuleValidation,
} from './validate';
export {
  CASE_FACTS,
  describeLeaf,
  describeRules,
  eligibility,
  ELIGIBILITY_FACTS,
  FACT_NAMES,
  FACTS,
  factDisplayName,
  HOUSEHOLD_FACTS,
  isFactName,
  validateRules,
  type FactName,
  type Facts,
  type MemberFacts,
} from './eligibility';
