import { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../src/core/vocabulary';
import { ageOn, evaluate, type Facts, type MemberFacts, type Tri } from '../../src/modules/matching/eligibility';
import type { Leaf, Rule } from '../../src/rules';

function facts(over: Partial<Facts> = {}): Facts {
  return {
    household: { category: HouseholdCategory.MINIMUM_LIVING, registration: Registration.SHANGHAI_HUKOU, size: 3 },
    members: [],
    case: { emergencyType: EmergencyType.FIRE },
    need: { form: AssistanceForm.CASH },
    ...over,
  };
}

// Three leaves whose value under facts() is fixed: TRUE, FALSE and UNKNOWN (income is not given).
const T: Leaf = { fact: 'need.form', op: 'eq', value: 'CASH' };
const F: Leaf = { fact: 'case.emergencyType', op: 'eq', value: 'NATURAL_DISASTER' };
const U: Leaf = { fact: 'household.monthlyIncomePerCapita', op: 'lt', value: 200000 };
const LEAVES: Record<Tri, Leaf> = { TRUE: T, FALSE: F, UNKNOWN: U };

const result = (rule: Rule | null, f: Facts = facts()): Tri => evaluate(rule, f).result;

describe('evaluate: Kleene logic', () => {
  it('gives each test leaf its value', () => {
    expect([result(T), result(F), result(U)]).toEqual(['TRUE', 'FALSE', 'UNKNOWN']);
  });

  const pairs: [Tri, Tri, Tri, Tri][] = [
    // a, b, all(a, b), any(a, b)
    ['TRUE', 'TRUE', 'TRUE', 'TRUE'],
    ['TRUE', 'FALSE', 'FALSE', 'TRUE'],
    ['TRUE', 'UNKNOWN', 'UNKNOWN', 'TRUE'],
    ['FALSE', 'TRUE', 'FALSE', 'TRUE'],
    ['FALSE', 'FALSE', 'FALSE', 'FALSE'],
    ['FALSE', 'UNKNOWN', 'FALSE', 'UNKNOWN'],
    ['UNKNOWN', 'TRUE', 'UNKNOWN', 'TRUE'],
    ['UNKNOWN', 'FALSE', 'FALSE', 'UNKNOWN'],
    ['UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
  ];
  it.each(pairs)('%s, %s: all → %s, any → %s', (a, b, all, any) => {
    expect(result({ all: [LEAVES[a], LEAVES[b]] })).toBe(all);
    expect(result({ any: [LEAVES[a], LEAVES[b]] })).toBe(any);
  });

  it.each<[Tri, Tri]>([
    ['TRUE', 'FALSE'],
    ['FALSE', 'TRUE'],
    ['UNKNOWN', 'UNKNOWN'],
  ])('not %s → %s', (a, negated) => {
    expect(result({ not: LEAVES[a] })).toBe(negated);
  });

  it('treats empty groups as their identities and a null rule as no restriction', () => {
    expect(result({ all: [] })).toBe('TRUE');
    expect(result({ any: [] })).toBe('FALSE');
    expect(evaluate(null, facts())).toEqual({ result: 'TRUE', trace: [], missingFacts: [], reasons: [] });
  });

  it('evaluates every leaf, without short-circuit, in document order', () => {
    const { trace } = evaluate({ any: [T, { all: [F, U] }, { not: T }] }, facts());
    expect(trace.map((t) => t.fact)).toEqual([
      'need.form',
      'case.emergencyType',
      'household.monthlyIncomePerCapita',
      'need.form',
    ]);
  });
});

describe('evaluate: unknown facts', () => {
  it('reports missing income as UNKNOWN, naming the fact', () => {
    const out = evaluate({ all: [T, U] }, facts());
    expect(out.result).toBe('UNKNOWN');
    expect(out.missingFacts).toEqual(['家庭月人均收入 (household.monthlyIncomePerCapita)']);
    expect(out.reasons).toEqual(['符合：需求形式为救助金', '待核实：家庭月人均收入低于 2,000.00 元']);
    expect(out.trace[1]).toEqual({
      fact: 'household.monthlyIncomePerCapita',
      op: 'lt',
      value: 200000,
      label: '家庭月人均收入低于 2,000.00 元',
      result: 'UNKNOWN',
      actual: null,
    });
  });

  it('treats null and undefined alike, and zero as a known value', () => {
    const base = facts();
    expect(result(U, { ...base, household: { ...base.household, monthlyIncomePerCapita: null } })).toBe('UNKNOWN');
    expect(result(U, { ...base, household: { ...base.household, monthlyIncomePerCapita: 0 } })).toBe('TRUE');
    expect(result({ fact: 'household.category', op: 'ne', value: 'NONE' }, facts({ household: {} }))).toBe('UNKNOWN');
    expect(result({ fact: 'need.form', op: 'in', value: ['CASH'] }, facts({ need: { form: null } }))).toBe('UNKNOWN');
  });

  it('reads exists as known / not known, never UNKNOWN', () => {
    const exists: Leaf = { fact: 'household.monthlyIncomePerCapita', op: 'exists' };
    const withIncome = facts({ household: { monthlyIncomePerCapita: 0 } });
    expect(result(exists, withIncome)).toBe('TRUE');
    expect(result(exists)).toBe('FALSE');
    expect(result({ not: exists })).toBe('TRUE');
    expect(evaluate(exists, facts()).missingFacts).toEqual([]);
  });

  it('lists distinct missing facts and distinct reasons', () => {
    const out = evaluate({ any: [U, U, { fact: 'member.age', op: 'gte', value: 60 }, F] }, facts());
    expect(out.result).toBe('UNKNOWN');
    expect(out.missingFacts).toEqual(['家庭月人均收入 (household.monthlyIncomePerCapita)', '成员年龄 (member.age)']);
    expect(out.reasons).toEqual([
      '待核实：家庭月人均收入低于 2,000.00 元',
      '待核实：成员年龄不小于 60 岁',
      '不符合：急难类型为自然灾害',
    ]);
    expect(out.trace).toHaveLength(4);
  });

  it('uses the leaf label in trace and reasons', () => {
    const out = evaluate({ ...F, label: '自然灾害受灾家庭' }, facts());
    expect(out.trace[0].label).toBe('自然灾害受灾家庭');
    expect(out.reasons).toEqual(['不符合：自然灾害受灾家庭']);
  });
});

describe('evaluate: operators', () => {
  const income = (fen: number): Facts => facts({ household: { monthlyIncomePerCapita: fen } });
  it.each<[Leaf['op'], number, Tri, Tri, Tri]>([
    // op, threshold, income below / equal / above
    ['lt', 1000, 'TRUE', 'FALSE', 'FALSE'],
    ['lte', 1000, 'TRUE', 'TRUE', 'FALSE'],
    ['gt', 1000, 'FALSE', 'FALSE', 'TRUE'],
    ['gte', 1000, 'FALSE', 'TRUE', 'TRUE'],
    ['eq', 1000, 'FALSE', 'TRUE', 'FALSE'],
    ['ne', 1000, 'TRUE', 'FALSE', 'TRUE'],
  ])('%s %d', (op, value, below, equal, above) => {
    const rule: Leaf = { fact: 'household.monthlyIncomePerCapita', op, value };
    expect([result(rule, income(999)), result(rule, income(1000)), result(rule, income(1001))]).toEqual([
      below,
      equal,
      above,
    ]);
  });

  it('matches enum values with in', () => {
    const poor: Leaf = { fact: 'household.category', op: 'in', value: ['MINIMUM_LIVING', 'LOW_INCOME'] };
    expect(result(poor)).toBe('TRUE');
    expect(result(poor, facts({ household: { category: HouseholdCategory.NONE } }))).toBe('FALSE');
    expect(evaluate(poor, facts()).trace[0].actual).toBe('MINIMUM_LIVING');
  });
});

describe('evaluate: member.* leaves hold when some member satisfies them', () => {
  const elderly: Leaf = { fact: 'member.age', op: 'gte', value: 60 };
  const disabled: Leaf = { fact: 'member.disability', op: 'eq', value: true };
  const withMembers = (...members: MemberFacts[]): Facts => facts({ members });

  it('is TRUE when one member satisfies, even if others are unknown', () => {
    expect(result(elderly, withMembers({ age: 34 }, {}, { age: 72 }))).toBe('TRUE');
    expect(result(disabled, withMembers({ disability: null }, { disability: true }))).toBe('TRUE');
  });

  it('is FALSE only when every member is known not to', () => {
    expect(result(elderly, withMembers({ age: 34 }, { age: 8 }))).toBe('FALSE');
    expect(result(disabled, withMembers({ disability: false }, { disability: false }))).toBe('FALSE');
  });

  it('is UNKNOWN when no member satisfies and some are unknown', () => {
    const out = evaluate(elderly, withMembers({ age: 34 }, { age: null }, {}));
    expect(out.result).toBe('UNKNOWN');
    expect(out.missingFacts).toEqual(['成员年龄 (member.age)']);
    expect(out.trace[0].actual).toEqual([34, null, null]);
  });

  it('is UNKNOWN when there are no members', () => {
    expect(result(elderly, withMembers())).toBe('UNKNOWN');
    expect(result({ not: disabled }, withMembers())).toBe('UNKNOWN');
  });

  it('quantifies each leaf separately (one member may satisfy one leaf, another the other)', () => {
    const rule: Rule = { all: [elderly, disabled] };
    expect(result(rule, withMembers({ age: 70, disability: false }, { age: 30, disability: true }))).toBe('TRUE');
  });

  it('reads ne as “some member differs” and exists as “some member is known”', () => {
    const notChronic: Leaf = { fact: 'member.chronicIllness', op: 'ne', value: true };
    expect(result(notChronic, withMembers({ chronicIllness: true }, { chronicIllness: false }))).toBe('TRUE');
    expect(result(notChronic, withMembers({ chronicIllness: true }))).toBe('FALSE');
    const ageKnown: Leaf = { fact: 'member.age', op: 'exists' };
    expect(result(ageKnown, withMembers({}, { age: 0 }))).toBe('TRUE');
    expect(result(ageKnown, withMembers({}, { age: null }))).toBe('FALSE');
    expect(result(ageKnown, withMembers())).toBe('FALSE');
  });
});

describe('ageOn', () => {
  it.each([
    ['1964-06-15', '2024-06-14', 59],
    ['1964-06-15', '2024-06-15', 60],
    ['1964-06-15', '2024-06-16', 60],
    ['1964-06-15', '2024-12-31', 60],
    ['1964-06-15', '2025-01-01', 60],
    ['2024-03-01', '2024-03-01', 0],
    ['2000-02-29', '2023-02-28', 22],
    ['2000-02-29', '2023-03-01', 23],
    ['2000-02-29', '2024-02-28', 23],
    ['2000-02-29', '2024-02-29', 24],
    ['1999-03-01', '2024-02-29', 24],
    ['1999-03-01', '2024-03-01', 25],
  ])('born %s, on %s → %d', (birth, day, age) => {
    expect(ageOn(birth, day)).toBe(age);
  });

  it('takes the calendar date in Shanghai for instants', () => {
    // 16:30 UTC on 14 June is already 00:30 on 15 June in Shanghai.
    expect(ageOn('1964-06-15', new Date('2024-06-14T16:30:00Z'))).toBe(60);
    expect(ageOn('1964-06-15', new Date('2024-06-14T15:59:59Z'))).toBe(59);
    expect(ageOn('1964-06-15', '2024-06-15T00:10:00+08:00')).toBe(60);
    expect(ageOn('1964-06-15', '2024-06-14T23:50:00+08:00')).toBe(59);
  });

  it('rejects invalid dates', () => {
    expect(() => ageOn('2023-02-29', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('15/06/1964', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('1964-06-15', 'yesterday')).toThrow(RangeError);
  });
});
