import fc from 'fast-check';
import { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../src/core/vocabulary';
import { evaluate, type Facts, type MemberFacts } from '../../src/modules/matching/eligibility';
import { describeRules, FACT_NAMES, FACTS, validateRules, type FactName, type Leaf, type Rule } from '../../src/rules';

// ---- arbitraries: valid rule trees over the known facts ----

/** Small ranges so that random facts and random thresholds actually meet. */
const INTEGER_RANGES: Record<string, [number, number]> = {
  'household.monthlyIncomePerCapita': [0, 5000],
  'household.size': [1, 6],
  'member.age': [0, 100],
};

function valueArb(fact: FactName): fc.Arbitrary<unknown> {
  const spec = FACTS[fact];
  if (spec.type === 'boolean') return fc.boolean();
  if (spec.type === 'enum') return fc.constantFrom(...Object.keys(spec.values ?? {}));
  const [min, max] = INTEGER_RANGES[fact];
  return fc.integer({ min, max });
}

function leafArb(fact: FactName, withExists: boolean): fc.Arbitrary<Leaf> {
  const ordering = FACTS[fact].type === 'integer' ? (['lt', 'lte', 'gt', 'gte'] as const) : [];
  const ops = [...(['eq', 'ne', 'in'] as const), ...ordering, ...(withExists ? (['exists'] as const) : [])];
  return fc.constantFrom(...ops).chain((op): fc.Arbitrary<Leaf> => {
    if (op === 'exists') return fc.constant({ fact, op });
    if (op === 'in')
      return fc.uniqueArray(valueArb(fact), { minLength: 1, maxLength: 3 }).map((value) => ({ fact, op, value }));
    return valueArb(fact).map((value) => ({ fact, op, value }));
  });
}

function ruleArb(withExists = true): fc.Arbitrary<Rule> {
  const leaf = fc.constantFrom(...FACT_NAMES).chain((fact) => leafArb(fact, withExists));
  // Depth 3 and at most 3 children keep every tree within 8 levels and 100 nodes.
  const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
    rule: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'rule' },
      leaf,
      fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((all): Rule => ({ all })),
      fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((any): Rule => ({ any })),
      tie('rule').map((not): Rule => ({ not })),
    ),
  }));
  return rule;
}

// ---- arbitraries: facts, complete and with some of them withheld ----

const memberArb: fc.Arbitrary<Required<MemberFacts>> = fc.record({
  age: fc.integer({ min: 0, max: 100 }),
  disability: fc.boolean(),
  chronicIllness: fc.boolean(),
});

const completeFactsArb: fc.Arbitrary<Facts> = fc.record({
  household: fc.record({
    category: fc.constantFrom(...Object.values(HouseholdCategory)),
    registration: fc.constantFrom(...Object.values(Registration)),
    monthlyIncomePerCapita: fc.integer({ min: 0, max: 5000 }),
    size: fc.integer({ min: 1, max: 6 }),
  }),
  members: fc.array(memberArb, { minLength: 1, maxLength: 4 }),
  case: fc.record({ emergencyType: fc.constantFrom(...Object.values(EmergencyType)) }),
  need: fc.record({ form: fc.constantFrom(...Object.values(AssistanceForm)) }),
});

/** Withholds a fact: sometimes undefined, sometimes null — both mean unknown. */
const hidden = <T>(value: T, hide: boolean, asNull: boolean): T | null | undefined =>
  hide ? (asNull ? null : undefined) : value;

/** A pair (fewer, more): `fewer` is `more` with some facts unknown, the member list possibly unknown. */
const refinementArb: fc.Arbitrary<[Facts, Facts]> = completeFactsArb.chain((more) =>
  fc
    .record({
      mask: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
      asNull: fc.boolean(),
      dropMembers: fc.boolean(),
    })
    .map(({ mask, asNull, dropMembers }): [Facts, Facts] => {
      let i = 0;
      const h = <T>(value: T): T | null | undefined => hidden(value, mask[i++ % mask.length], asNull);
      const members = more.members.map((m) => ({
        age: h(m.age),
        disability: h(m.disability),
        chronicIllness: h(m.chronicIllness),
      }));
      const fewer: Facts = {
        household: {
          category: h(more.household.category),
          registration: h(more.household.registration),
          monthlyIncomePerCapita: h(more.household.monthlyIncomePerCapita),
          size: h(more.household.size),
        },
        members: dropMembers ? [] : members,
        case: { emergencyType: h(more.case.emergencyType) },
        need: { form: h(more.need.form) },
      };
      return [fewer, more];
    }),
);

const anyFactsArb: fc.Arbitrary<Facts> = fc.oneof(
  completeFactsArb,
  refinementArb.map(([fewer]) => fewer),
);

function leafCount(rule: Rule): number {
  if ('all' in rule) return rule.all.reduce((n, r) => n + leafCount(r), 0);
  if ('any' in rule) return rule.any.reduce((n, r) => n + leafCount(r), 0);
  if ('not' in rule) return leafCount(rule.not);
  return 1;
}

describe('eligibility properties', () => {
  it('generated trees are valid and describable', () => {
    fc.assert(
      fc.property(ruleArb(), (rule) => {
        expect(validateRules(rule)).toEqual({ ok: true, rules: rule });
        expect(describeRules(rule).length).toBeGreaterThan(0);
      }),
    );
  });

  it('(a) not(not(r)) evaluates like r', () => {
    fc.assert(
      fc.property(ruleArb(), anyFactsArb, (rule, facts) => {
        expect(evaluate({ not: { not: rule } }, facts)).toEqual(evaluate(rule, facts));
      }),
    );
  });

  it('(b) with every fact known the result is never UNKNOWN', () => {
    fc.assert(
      fc.property(ruleArb(), completeFactsArb, (rule, facts) => {
        const out = evaluate(rule, facts);
        expect(out.result).not.toBe('UNKNOWN');
        expect(out.missingFacts).toEqual([]);
      }),
    );
  });

  // exists asks whether a fact is known, so learning the fact flips it by design: it is left out here.
  it('(c) learning more facts never reverses a TRUE or FALSE', () => {
    fc.assert(
      fc.property(ruleArb(false), refinementArb, (rule, [fewer, more]) => {
        const before = evaluate(rule, fewer).result;
        if (before !== 'UNKNOWN') expect(evaluate(rule, more).result).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it('De Morgan: not(all(a, b)) is any(not a, not b)', () => {
    fc.assert(
      fc.property(ruleArb(), ruleArb(), anyFactsArb, (a, b, facts) => {
        const left = evaluate({ not: { all: [a, b] } }, facts).result;
        expect(evaluate({ any: [{ not: a }, { not: b }] }, facts).result).toBe(left);
      }),
    );
  });

  it('traces every leaf, and an UNKNOWN result always names a missing fact', () => {
    fc.assert(
      fc.property(ruleArb(), anyFactsArb, (rule, facts) => {
        const out = evaluate(rule, facts);
        expect(out.trace).toHaveLength(leafCount(rule));
        if (out.result === 'UNKNOWN') expect(out.missingFacts.length).toBeGreaterThan(0);
        const unknownFacts = new Set(out.trace.filter((t) => t.result === 'UNKNOWN').map((t) => t.fact));
        expect(out.missingFacts).toHaveLength(unknownFacts.size);
      }),
    );
  });
});
