import { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../src/core/vocabulary';
import {
  factsFor,
  hardFilterReason,
  matchResources,
  rankScore,
  type CandidateResource,
  type HouseholdInput,
  type NeedInput,
} from '../../src/modules/matching/engine';
import type { Rule } from '../../src/rules';

const STREET = '310101002'; // 黄浦区 南京东路街道
const OTHER_STREET = '310101007';
const DISTRICT = '310101';
const OTHER_DISTRICT = '310104';
const CITY = '310000';
const NOW = new Date('2024-06-15T04:00:00Z');

function need(over: Partial<NeedInput> = {}): NeedInput {
  return {
    id: 'need-1',
    form: AssistanceForm.CASH,
    description: '火灾后急需生活费',
    amountFen: 500_000,
    quantity: null,
    urgency: 'HIGH',
    areaCode: STREET,
    emergencyType: EmergencyType.FIRE,
    occurredAt: '2024-06-10T02:00:00Z',
    ...over,
  };
}

function household(over: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    category: HouseholdCategory.LOW_INCOME,
    registration: Registration.SHANGHAI_HUKOU,
    monthlyIncomePerCapitaFen: 150_000,
    members: [
      { birthDate: '1980-03-01', disability: false, chronicIllness: false },
      { birthDate: '2010-06-11', disability: null, chronicIllness: null },
    ],
    ...over,
  };
}

function resource(id: string, over: Partial<CandidateResource> = {}): CandidateResource {
  return {
    id,
    kind: 'CHARITY_PROJECT',
    title: `资源 ${id}`,
    description: '',
    status: 'PUBLISHED',
    forms: [AssistanceForm.CASH, AssistanceForm.IN_KIND],
    emergencyTypes: [EmergencyType.FIRE, EmergencyType.SUDDEN_ILLNESS],
    serviceAreaCodes: [DISTRICT],
    availableFrom: null,
    availableUntil: null,
    capacityUnit: null,
    capacityRemaining: null,
    eligibilityRules: null,
    ...over,
  };
}

const ASSISTED: Rule = {
  fact: 'household.category',
  op: 'in',
  value: ['MINIMUM_LIVING', 'LOW_INCOME'],
  label: '低保或低收入家庭',
};
const INCOME: Rule = {
  fact: 'household.monthlyIncomePerCapita',
  op: 'lt',
  value: 302_000,
  label: '月人均收入低于 3,020 元',
};
const HUKOU_ONLY: Rule = { fact: 'household.registration', op: 'eq', value: 'OTHER', label: '非本市户籍' };

const ids = (results: { resourceId: string }[]): string[] => results.map((m) => m.resourceId);
const run = (
  candidates: CandidateResource[],
  opts: Partial<Parameters<typeof matchResources>[3]> = {},
  n = need(),
  h: HouseholdInput | null = household(),
) => matchResources(n, h, candidates, { now: NOW, ...opts });

describe('hard filters', () => {
  const excluded: [string, Partial<CandidateResource>, string][] = [
    ['another district', { serviceAreaCodes: [OTHER_DISTRICT] }, '不在服务区域内'],
    ['another street of the district', { serviceAreaCodes: [OTHER_STREET] }, '不在服务区域内'],
    ['another form', { forms: [AssistanceForm.MEDICAL_CARE] }, '救助形式不符'],
    ['another emergency type', { emergencyTypes: [EmergencyType.NATURAL_DISASTER] }, '急难类型不符'],
    ['unpublished', { status: 'DRAFT' }, '资源未发布'],
    ['exhausted', { status: 'EXHAUSTED' }, '资源未发布'],
    ['expired', { availableUntil: new Date('2024-06-01T00:00:00Z') }, '已过期'],
    ['ending exactly now', { availableUntil: NOW }, '已过期'],
    ['not yet started', { availableFrom: new Date('2024-07-01T00:00:00Z') }, '尚未开始'],
    ['zero capacity', { capacityUnit: 'fen', capacityRemaining: 0 }, '容量已用尽'],
  ];

  it.each(excluded)('never matches a resource for %s', (_name, over, reason) => {
    const r = resource('x', over);
    expect(hardFilterReason(need(), r, NOW)).toBe(reason);
    expect(run([r])).toEqual([]);
    expect(run([r], { includeIneligible: true })).toEqual([]);
  });

  it('matches city-wide, district-wide and street resources of a street need', () => {
    const rs = [
      resource('city', { serviceAreaCodes: [CITY] }),
      resource('district', { serviceAreaCodes: [DISTRICT] }),
      resource('street', { serviceAreaCodes: [OTHER_DISTRICT, STREET] }),
    ];
    for (const r of rs) expect(hardFilterReason(need(), r, NOW)).toBeNull();
    const out = run(rs);
    expect(out.map((m) => [m.resourceId, m.locality])).toEqual([
      ['street', 'STREET'],
      ['district', 'DISTRICT'],
      ['city', 'CITY'],
    ]);
  });

  it('accepts a resource within its availability window and with capacity left', () => {
    const r = resource('ok', {
      availableFrom: NOW,
      availableUntil: new Date(NOW.getTime() + 1),
      capacityUnit: '份',
      capacityRemaining: 1,
    });
    expect(hardFilterReason(need(), r, NOW)).toBeNull();
    expect(ids(run([r]))).toEqual(['ok']);
  });
});

describe('eligibility', () => {
  it('excludes FALSE rules by default and returns them last, with reasons, when includeIneligible', () => {
    const rs = [resource('a-no', { eligibilityRules: HUKOU_ONLY }), resource('b-yes', { eligibilityRules: ASSISTED })];
    expect(ids(run(rs))).toEqual(['b-yes']);
    const all = run(rs, { includeIneligible: true });
    expect(ids(all)).toEqual(['b-yes', 'a-no']);
    expect(all[1].eligibility).toBe('FALSE');
    expect(all[1].reasons).toContain('不符合：非本市户籍');
    expect(all[0].reasons).toContain('符合：低保或低收入家庭');
  });

  it('reports a missing income as UNKNOWN with the missing fact', () => {
    const [m] = run(
      [resource('r', { eligibilityRules: INCOME })],
      {},
      need(),
      household({ monthlyIncomePerCapitaFen: null }),
    );
    expect(m.eligibility).toBe('UNKNOWN');
    expect(m.missingFacts).toEqual(['家庭月人均收入 (household.monthlyIncomePerCapita)']);
    expect(m.reasons).toContain('待核实：月人均收入低于 3,020 元');
  });

  it('treats a missing household as unknown facts', () => {
    const [m] = run([resource('r', { eligibilityRules: ASSISTED })], {}, need(), null);
    expect(m.eligibility).toBe('UNKNOWN');
    expect(m.missingFacts).toEqual(['家庭类别 (household.category)']);
  });

  it('says so when a resource has no rules', () => {
    const [m] = run([resource('r')]);
    expect(m.eligibility).toBe('TRUE');
    expect(m.reasons[0]).toBe('无资格限制');
  });

  it('takes member ages on the day of the emergency', () => {
    // The younger member turns 14 on 2024-06-11, the day after the emergency (Shanghai time).
    const facts = factsFor(need(), household());
    expect(facts.members.map((m) => m.age)).toEqual([44, 13]);
    expect(facts.household.size).toBe(2);
    expect(facts.case.emergencyType).toBe('FIRE');
    expect(facts.need.form).toBe('CASH');
    const child: Rule = { fact: 'member.age', op: 'lt', value: 14, label: '有未满 14 周岁的成员' };
    expect(run([resource('r', { eligibilityRules: child })])[0].eligibility).toBe('TRUE');
    const later = need({ occurredAt: '2024-06-11T00:00:00+08:00' });
    expect(run([resource('r', { eligibilityRules: child })], {}, later)).toEqual([]);
  });

  it('builds all-unknown facts without a household', () => {
    const facts = factsFor(need(), null);
    expect(facts.household).toEqual({ category: null, registration: null, monthlyIncomePerCapita: null, size: null });
    expect(facts.members).toEqual([]);
  });
});

describe('ranking', () => {
  it('puts eligible before unknown', () => {
    const rs = [resource('a-unknown', { eligibilityRules: INCOME, serviceAreaCodes: [STREET] }), resource('b-true')];
    const out = run(rs, {}, need(), household({ monthlyIncomePerCapitaFen: null }));
    expect(ids(out)).toEqual(['b-true', 'a-unknown']);
    expect(out[0].score).toBeGreaterThan(out[1].score);
  });

  it('ranks a statutory programme above an equally eligible charity project for a CASH need', () => {
    const rs = [
      resource('a-charity', { eligibilityRules: ASSISTED }),
      resource('z-programme', { kind: 'GOVERNMENT_PROGRAMME', eligibilityRules: ASSISTED, serviceAreaCodes: [CITY] }),
    ];
    const out = run(rs);
    expect(ids(out)).toEqual(['z-programme', 'a-charity']);
    expect(out[0].reasons).toContain('法定救助项目优先');
    // Not for other forms: there locality decides.
    expect(ids(run(rs, {}, need({ form: AssistanceForm.IN_KIND, amountFen: null })))).toEqual([
      'a-charity',
      'z-programme',
    ]);
    // An explicit statutory flag wins over the kind.
    const flagged = [rs[0], { ...rs[1], statutory: false }];
    expect(ids(run(flagged))).toEqual(['a-charity', 'z-programme']);
  });

  it('does not put a programme first when eligibility is only unknown', () => {
    const rs = [
      resource('a-charity', { eligibilityRules: INCOME }),
      resource('z-programme', { kind: 'GOVERNMENT_PROGRAMME', eligibilityRules: INCOME, serviceAreaCodes: [CITY] }),
    ];
    expect(ids(run(rs, {}, need(), household({ monthlyIncomePerCapitaFen: null })))).toEqual([
      'a-charity',
      'z-programme',
    ]);
  });

  it('prefers street over district over city at equal eligibility', () => {
    const rs = [
      resource('a', { serviceAreaCodes: [CITY] }),
      resource('b', { serviceAreaCodes: [DISTRICT] }),
      resource('c', { serviceAreaCodes: [STREET] }),
    ];
    const out = run(rs);
    expect(ids(out)).toEqual(['c', 'b', 'a']);
    expect(out[0].reasons).toContain('服务范围：本街道');
    expect(out[1].reasons).toContain('服务范围：本区');
    expect(out[2].reasons).toContain('服务范围：全市');
  });

  it('prefers capacity that covers the need; a CRITICAL need weighs it above locality', () => {
    const rs = [
      resource('near-short', { serviceAreaCodes: [STREET], capacityUnit: 'fen', capacityRemaining: 100_000 }),
      resource('far-enough', { serviceAreaCodes: [DISTRICT], capacityUnit: 'fen', capacityRemaining: 900_000 }),
      resource('far-short', { serviceAreaCodes: [DISTRICT], capacityUnit: 'fen', capacityRemaining: 1 }),
      resource('far-unlimited', { serviceAreaCodes: [DISTRICT] }),
    ];
    const normal = run(rs);
    expect(ids(normal)).toEqual(['near-short', 'far-enough', 'far-unlimited', 'far-short']);
    expect(normal[0].reasons).toContain('剩余容量不足以满足全部需求（剩余 1,000.00 元，需要 5,000.00 元）');
    expect(normal[1].reasons).toContain('剩余容量充足（剩余 9,000.00 元）');
    expect(normal[2].reasons).toContain('容量不限');
    const critical = run(rs, {}, need({ urgency: 'CRITICAL' }));
    expect(ids(critical)).toEqual(['far-enough', 'far-unlimited', 'near-short', 'far-short']);
    expect(critical[0].reasons).toContain('紧急需求：可立即足额提供');
  });

  it('compares non-money capacity with the quantity needed', () => {
    const bed = { forms: [AssistanceForm.TEMPORARY_SHELTER], capacityUnit: '张床位' };
    const rs = [
      resource('a-few', { ...bed, capacityRemaining: 2 }),
      resource('b-many', { ...bed, capacityRemaining: 10 }),
    ];
    const shelter = need({ form: AssistanceForm.TEMPORARY_SHELTER, amountFen: null, quantity: 4 });
    expect(ids(run(rs, {}, shelter))).toEqual(['b-many', 'a-few']);
    const unsized = run(rs, {}, need({ ...shelter, quantity: null }));
    expect(ids(unsized)).toEqual(['a-few', 'b-many']);
    expect(unsized[0].reasons).toContain('剩余 2 张床位，需求数量未登记');
  });

  it('uses text relevance last, and breaks full ties by resource id', () => {
    const rs = ['d', 'b', 'c', 'a'].map((id) => resource(id));
    expect(ids(run(rs))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(run([...rs].reverse()))).toEqual(['a', 'b', 'c', 'd']);
    const text = (r: CandidateResource): number => ({ c: 0.9, d: 0.4 })[r.id] ?? 0;
    const out = run(rs, { textScore: text });
    expect(ids(out)).toEqual(['c', 'd', 'a', 'b']);
    expect(out[0].reasons).toContain('与需求描述相关（相关度 0.90）');
    // Text never lifts a resource over a better locality.
    const street = resource('z-street', { serviceAreaCodes: [STREET] });
    expect(ids(run([...rs, street], { textScore: () => 1 }))[0]).toBe('z-street');
    expect(ids(run([street, ...rs], { textScore: (r) => (r.id === 'z-street' ? 0 : 1) }))[0]).toBe('z-street');
  });

  it('scores in [0, 1], strictly ordered by the lexicographic keys', () => {
    expect(rankScore('FALSE', false, 'CITY', 0, false, 0)).toBe(0);
    expect(rankScore('TRUE', true, 'STREET', 2, false, 1)).toBe(1);
    expect(rankScore('TRUE', false, 'CITY', 0, false, 0)).toBeGreaterThan(
      rankScore('UNKNOWN', true, 'STREET', 2, true, 1),
    );
    expect(rankScore('UNKNOWN', false, 'CITY', 0, false, 0.001)).toBeGreaterThan(
      rankScore('UNKNOWN', false, 'CITY', 0, false, 0),
    );
  });
});

describe('output', () => {
  it('limits to first (default 20, at most 100) and counts duplicate ids once', () => {
    const rs = Array.from({ length: 150 }, (_, i) => resource(`r${String(i).padStart(3, '0')}`));
    expect(run(rs)).toHaveLength(20);
    expect(run(rs, { first: 100 })).toHaveLength(100);
    expect(run(rs, { first: 0 })).toEqual([]);
    expect(() => run(rs, { first: 101 })).toThrow(RangeError);
    expect(() => run(rs, { first: 2.5 })).toThrow(RangeError);
    expect(ids(run([resource('a'), resource('a', { serviceAreaCodes: [STREET] })]))).toEqual(['a']);
  });
});
