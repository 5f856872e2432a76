import fc from 'fast-check';
import { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../src/core/vocabulary';
import { evaluate } from '../../src/modules/matching/eligibility';
import { eligibility } from '../../src/rules';
import {
  factsFor,
  hardFilterReason,
  matchResources,
  type CandidateResource,
  type HouseholdInput,
  type NeedInput,
} from '../../src/modules/matching/engine';
import type { Leaf, Rule } from '../../src/rules';

const NOW = new Date('2024-06-15T04:00:00Z');
const DAY = 24 * 3600 * 1000;
const FORMS = Object.values(AssistanceForm);
const TYPES = Object.values(EmergencyType);
const STREETS = ['310101002', '310101007', '310104003'];
/** Every code a resource may serve: the streets, their districts, the city, and an unrelated district. */
const AREA_CODES = [...STREETS, '310101', '310104', '310000', '310115'];
const STATUSES = ['PUBLISHED', 'PUBLISHED', 'PUBLISHED', 'DRAFT', 'EXHAUSTED', 'EXPIRED', 'WITHDRAWN'];
const KINDS = ['GOVERNMENT_PROGRAMME', 'CHARITY_PROJECT', 'DONATION', 'VOLUNTEER_OFFER'] as const;
const URGENCIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

// ---- arbitraries ----

const orUnknown = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { freq: 3, nil: null });

const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({
    fact: fc.constant('household.category' as const),
    op: fc.constant('in' as const),
    value: fc.uniqueArray(fc.constantFrom(...Object.values(HouseholdCategory)), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    fact: fc.constant('household.registration' as const),
    op: fc.constantFrom('eq' as const, 'ne' as const),
    value: fc.constantFrom(...Object.values(Registration)),
  }),
  fc.record({
    fact: fc.constant('household.monthlyIncomePerCapita' as const),
    op: fc.constantFrom('lt' as const, 'lte' as const, 'gte' as const),
    value: fc.integer({ min: 0, max: 500_000 }),
  }),
  fc.record({
    fact: fc.constantFrom('household.size' as const, 'member.age' as const),
    op: fc.constantFrom('lt' as const, 'gt' as const, 'eq' as const),
    value: fc.integer({ min: 0, max: 90 }),
  }),
  fc.record({
    fact: fc.constantFrom('member.disability' as const, 'member.chronicIllness' as const),
    op: fc.constant('eq' as const),
    value: fc.boolean(),
  }),
  fc.record({
    fact: fc.constant('case.emergencyType' as const),
    op: fc.constant('in' as const),
    value: fc.subarray(TYPES, { minLength: 1 }),
  }),
  fc.record({
    fact: fc.constant('need.form' as const),
    op: fc.constant('eq' as const),
    value: fc.constantFrom(...FORMS),
  }),
  fc.record({
    fact: fc.constantFrom(
      'household.monthlyIncomePerCapita' as const,
      'member.age' as const,
      'member.disability' as const,
    ),
    op: fc.constant('exists' as const),
  }),
);

const { rule: ruleArb } = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'rule' },
    leafArb,
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((all): Rule => ({ all })),
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((any): Rule => ({ any })),
    tie('rule').map((not): Rule => ({ not })),
  ),
}));

const dateArb = fc.integer({ min: -30, max: 30 }).map((days) => new Date(NOW.getTime() + days * DAY));

const needArb: fc.Arbitrary<NeedInput> = fc.record({
  id: fc.constant('need'),
  form: fc.constantFrom(...FORMS),
  description: fc.constant('急需帮助'),
  amountFen: orUnknown(fc.integer({ min: 1, max: 1_000_000 })),
  quantity: orUnknown(fc.integer({ min: 1, max: 20 })),
  urgency: fc.constantFrom(...URGENCIES),
  areaCode: fc.constantFrom(...STREETS),
  emergencyType: fc.constantFrom(...TYPES),
  occurredAt: fc.integer({ min: -20, max: 0 }).map((days) => new Date(NOW.getTime() + days * DAY)),
});

const householdArb: fc.Arbitrary<HouseholdInput | null> = fc.option(
  fc.record({
    category: orUnknown(fc.constantFrom(...Object.values(HouseholdCategory))),
    registration: orUnknown(fc.constantFrom(...Object.values(Registration))),
    monthlyIncomePerCapitaFen: orUnknown(fc.integer({ min: 0, max: 500_000 })),
    members: fc.array(
      fc.record({
        birthDate: orUnknown(
          fc
            .date({ min: new Date('1930-01-01'), max: new Date('2024-06-01'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10)),
        ),
        disability: orUnknown(fc.boolean()),
        chronicIllness: orUnknown(fc.boolean()),
      }),
      { maxLength: 4 },
    ),
  }),
  { freq: 5, nil: null },
);

const resourceArb = (id: string): fc.Arbitrary<CandidateResource> =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom(...KINDS),
    title: fc.constant(id),
    description: fc.constant(''),
    status: fc.constantFrom(...STATUSES),
    forms: fc.subarray(FORMS, { minLength: 1 }),
    emergencyTypes: fc.subarray(TYPES, { minLength: 1 }),
    serviceAreaCodes: fc.subarray(AREA_CODES, { minLength: 1, maxLength: 3 }),
    availableFrom: fc.option(dateArb, { nil: null }),
    availableUntil: fc.option(dateArb, { nil: null }),
    capacityUnit: fc.constantFrom(null, 'fen', '份'),
    capacityRemaining: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
    eligibilityRules: fc.option(ruleArb, { freq: 2, nil: null }),
    statutory: fc.option(fc.boolean(), { nil: undefined }),
  });

/** Candidate ids r0, r1, … (some repeated); a repeated id is another object with the same id. */
const candidatesArb: fc.Arbitrary<CandidateResource[]> = fc
  .array(fc.integer({ min: 0, max: 40 }), { maxLength: 40 })
  .chain((nums) => (nums.length === 0 ? fc.constant([]) : fc.tuple(...nums.map((n) => resourceArb(`r${n}`)))));

const optionsArb: fc.Arbitrary<RunOptions> = fc.record({
  includeIneligible: fc.boolean(),
  first: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  text: fc.boolean(),
});

interface RunOptions {
  includeIneligible: boolean;
  first: number | undefined;
  text: boolean;
}

const textScore = (r: CandidateResource): number => ((r.id.length * 37 + r.serviceAreaCodes.length) % 11) / 10;

function run(need: NeedInput, household: HouseholdInput | null, candidates: CandidateResource[], o: RunOptions) {
  return matchResources(need, household, candidates, {
    now: NOW,
    first: o.first,
    includeIneligible: o.includeIneligible,
    textScore: o.text ? textScore : undefined,
  });
}

/** The area rule, written independently: the need's street, its district or the city. */
function servesArea(r: CandidateResource, street: string): boolean {
  return r.serviceAreaCodes.some((code) => code === street || code === street.slice(0, 6) || code === '310000');
}

describe('matching properties', () => {
  it('ranks on the same verdict as the full evaluator', () => {
    fc.assert(
      fc.property(needArb, householdArb, fc.option(ruleArb, { nil: null }), (need, household, rule) => {
        const facts = factsFor(need, household);
        expect(eligibility.verdict(rule, facts)).toBe(evaluate(rule, facts).result);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns only resources that pass every hard filter, and FALSE ones only when asked', () => {
    fc.assert(
      fc.property(needArb, householdArb, candidatesArb, optionsArb, (need, household, candidates, o) => {
        const byId = new Map(candidates.map((r): [string, CandidateResource] => [r.id, r]).reverse()); // first occurrence wins
        for (const m of run(need, household, candidates, o)) {
          const r = byId.get(m.resourceId)!;
          expect(hardFilterReason(need, r, NOW)).toBeNull();
          expect(r.status).toBe('PUBLISHED');
          expect(servesArea(r, need.areaCode)).toBe(true);
          expect(r.forms).toContain(need.form);
          expect(r.emergencyTypes).toContain(need.emergencyType);
          expect(r.availableFrom === null || r.availableFrom <= NOW).toBe(true);
          expect(r.availableUntil === null || r.availableUntil > NOW).toBe(true);
          expect(r.capacityRemaining === null || r.capacityRemaining > 0).toBe(true);
          const evaluation = evaluate(r.eligibilityRules, factsFor(need, household));
          expect(m.eligibility).toBe(evaluation.result);
          expect(m.missingFacts).toEqual(evaluation.missingFacts);
          if (!o.includeIneligible) expect(m.eligibility).not.toBe('FALSE');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns a duplicate-free subset of the input, ranked by non-increasing score, FALSE last', () => {
    fc.assert(
      fc.property(needArb, householdArb, candidatesArb, optionsArb, (need, household, candidates, o) => {
        const out = run(need, household, candidates, o);
        const inputIds = new Set(candidates.map((r) => r.id));
        const outIds = out.map((m) => m.resourceId);
        expect(new Set(outIds).size).toBe(outIds.length);
        for (const id of outIds) expect(inputIds.has(id)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(o.first ?? 20);
        for (let i = 0; i < out.length; i += 1) {
          expect(out[i].score).toBeGreaterThanOrEqual(0);
          expect(out[i].score).toBeLessThanOrEqual(1);
          expect(out[i].reasons.length).toBeGreaterThan(0);
          if (i === 0) continue;
          expect(out[i].score).toBeLessThanOrEqual(out[i - 1].score);
          if (out[i].score === out[i - 1].score) expect(out[i].resourceId > out[i - 1].resourceId).toBe(true);
          if (out[i - 1].eligibility === 'FALSE') expect(out[i].eligibility).toBe('FALSE');
          if (out[i - 1].eligibility === 'UNKNOWN') expect(out[i].eligibility).not.toBe('TRUE');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns every admissible resource up to first, whatever the input order', () => {
    fc.assert(
      fc.property(
        needArb,
        householdArb,
        candidatesArb,
        optionsArb,
        fc.integer(),
        (need, household, candidates, o, seed) => {
          const unique = [...new Map(candidates.map((r) => [r.id, r])).values()];
          const facts = factsFor(need, household);
          const admissible = unique.filter(
            (r) =>
              hardFilterReason(need, r, NOW) === null &&
              (o.includeIneligible || evaluate(r.eligibilityRules, facts).result !== 'FALSE'),
          );
          const out = run(need, household, unique, o);
          expect(out.length).toBe(Math.min(admissible.length, o.first ?? 20));
          const shuffled = [...unique].sort(
            (a, b) => ((a.id.charCodeAt(1) * seed) % 7) - ((b.id.charCodeAt(1) * seed) % 7),
          );
          expect(run(need, household, shuffled, o)).toEqual(out);
        },
      ),
      { numRuns: 200 },
    );
  });
});
