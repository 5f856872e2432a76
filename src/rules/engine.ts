import type { FactCatalogue } from './catalogue';
import { describeLeaf, describeRules } from './describe';
import { evaluateRule, leafVerdict, ruleVerdict, type RuleEvaluation } from './evaluate';
import { explain, type Explanation } from './explain';
import type { Leaf, Rule } from './rule';
import type { Tri } from './tri';
import { validateRule, type RuleValidation } from './validate';

/** The engine bound to one catalogue: what a module that evaluates one kind of rule holds. */
export interface RulesEngine<S, M> {
  readonly catalogue: FactCatalogue<S, M>;
  validate(rules: unknown): RuleValidation;
  describe(rule: Rule): string;
  describeLeaf(leaf: Leaf): string;
  /** Verdict, trace, outcome codes and missing fact names. */
  evaluate(rule: Rule | null, subject: S): RuleEvaluation;
  /** The verdict alone (no trace, no text): for ranking many candidates. */
  verdict(rule: Rule | null, subject: S): Tri;
  leafVerdict(leaf: Leaf, subject: S): Tri;
  /** The evaluation's reasons and missing facts in Chinese. */
  explain(evaluation: RuleEvaluation): Explanation;
}

export function rulesFor<S, M>(catalogue: FactCatalogue<S, M>): RulesEngine<S, M> {
  return {
    catalogue,
    validate: (rules) => validateRule(rules, catalogue),
    describe: (rule) => describeRules(rule, catalogue),
    describeLeaf: (leaf) => describeLeaf(leaf, catalogue),
    evaluate: (rule, subject) => evaluateRule(rule, subject, catalogue),
    verdict: (rule, subject) => ruleVerdict(rule, subject, catalogue),
    leafVerdict: (leaf, subject) => leafVerdict(leaf, subject, catalogue),
    explain: (evaluation) => explain(evaluation, catalogue),
  };
}
