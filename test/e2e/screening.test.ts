import { localId } from '../../src/core/relay';
import {
  HouseholdCreateIdDocument,
  HouseholdScreeningDocument,
  HouseholdsAtRiskDocument,
  RiskFlagRaisedDocument,
  RiskFlagResolveDocument,
  RiskRuleCreateDocument,
  RiskRulesDocument,
  RiskRuleUpdateDocument,
  ScreeningVisitRecordDocument,
  type HouseholdCreateInput,
  type ScreeningVisitRecordInput,
} from '../generated/graphql';
import {
  castOf,
  expectNoErrors,
  household,
  OTHER_DISTRICT_STREET,
  STREET,
  today,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';
import { subscribe } from '../support/ws';

let t: TestHub;
let cast: Cast;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.getConnection().execute(query, params);
}

async function newHousehold(token: string, overrides: Partial<HouseholdCreateInput> = {}): Promise<string> {
  const created = await t.gql(HouseholdCreateIdDocument, { input: household(overrides) }, { token });
  expectNoErrors(created.data?.householdCreate.userErrors, created.errors);
  return created.data!.householdCreate.household!.id;
}

function visit(householdId: string, overrides: Partial<ScreeningVisitRecordInput> = {}): ScreeningVisitRecordInput {
  return {
    householdId,
    visitedOn: today(),
    visitedBy: '社区网格员 李敏、居委会 张华',
    category: 'MINIMUM_LIVING',
    degree: 'SERIOUS',
    causes: ['ILLNESS', 'CARE_BURDEN'],
    living: ['ELDERLY_ONLY'],
    notes: '户主慢性病长期服药，孙子在读小学。',
    ...overrides,
  };
}

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 1000 });
  cast = await castOf(t);
});

afterAll(async () => {
  await t.close();
});

describe('screening visits', () => {
  it('records the findings, updates the household file and keeps the history', async () => {
    const householdId = await newHousehold(cast.caseworker, { category: 'LOW_INCOME' });
    const first = await t.gql(ScreeningVisitRecordDocument, { input: visit(householdId) }, { token: cast.caseworker });
    expectNoErrors(first.data?.screeningVisitRecord.userErrors, first.errors);
    expect(first.data!.screeningVisitRecord.visit).toMatchObject({
      visitedOn: today(),
      category: 'MINIMUM_LIVING',
      degree: 'SERIOUS',
      causes: ['ILLNESS', 'CARE_BURDEN'],
      living: ['ELDERLY_ONLY'],
    });
    const second = await t.gql(
      ScreeningVisitRecordDocument,
      { input: visit(householdId, { degree: 'MILD', causes: ['OTHER'], living: [], notes: null }) },
      { token: cast.colleague },
    );
    expectNoErrors(second.data?.screeningVisitRecord.userErrors, second.errors);

    const read = await t.gql(HouseholdScreeningDocument, { id: householdId }, { token: cast.caseworker });
    const file = read.data!.node as { category: string; screeningVisits: { degree: string }[] };
    expect(file.category).toBe('MINIMUM_LIVING');
    expect(file.screeningVisits.map((v) => v.degree).sort()).toEqual(['MILD', 'SERIOUS']);

    // The visit wrote the file and was audited; reading the history was audited too.
    const audit = await sql<{ action: string; fields: string[]; purpose: string }>(
      `select action, fields, purpose from audit_entry where subject_type = 'Household' and subject_id = ? order by id`,
      [localId(householdId, 'Household')],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'CREATE', fields: ['screeningVisits'], purpose: 'SCREENING' },
        { action: 'UPDATE', fields: ['category'], purpose: 'SCREENING' },
        { action: 'READ', fields: ['screeningVisits'], purpose: 'SCREENING' },
      ]),
    );
  });

  it('refuses bad findings with userErrors and writes nothing', async () => {
    const householdId = await newHousehold(cast.caseworker);
    const before = await sql<{ n: number }>('select count(*)::int as n from screening_visit');
    const bad = await t.gql(
      ScreeningVisitRecordDocument,
      { input: visit(householdId, { visitedOn: '2999-01-01', causes: [], visitedBy: '  ' }) },
      { token: cast.caseworker },
    );
    expect(bad.errors).toBeUndefined();
    expect(bad.data!.screeningVisitRecord.visit).toBeNull();
    expect(bad.data!.screeningVisitRecord.userErrors.map((e) => e.field)).toEqual([
      ['visitedOn'],
      ['visitedBy'],
      ['causes'],
    ]);
    expect(await sql('select count(*)::int as n from screening_visit')).toEqual(before);
  });

  it('lets only staff of the household’s street record and read visits', async () => {
    const householdId = await newHousehold(cast.caseworker);
    const outsider = await t.gql(ScreeningVisitRecordDocument, { input: visit(householdId) }, { token: cast.outsider });
    expect(outsider.data!.screeningVisitRecord.userErrors[0]!.code).toBe('NOT_FOUND');
    const charity = await t.gql(ScreeningVisitRecordDocument, { input: visit(householdId) }, { token: cast.charity });
    expect(charity.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(ScreeningVisitRecordDocument, { input: visit(householdId) });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const charityRead = await t.gql(HouseholdScreeningDocument, { id: householdId }, { token: cast.charity });
    expect(charityRead.data?.node ?? null).toBeNull();
  });
});

describe('risk rules and early warning', () => {
  it('leaves a rule UNKNOWN and names the fact when the income is missing', async () => {
    const householdId = await newHousehold(cast.caseworker); // chronic illness recorded, income not
    const recorded = await t.gql(
      ScreeningVisitRecordDocument,
      { input: visit(householdId) },
      { token: cast.caseworker },
    );
    const rule = recorded.data!.screeningVisitRecord.assessment.find(
      (a) => a.rule.code === 'LOW_INCOME_CHRONIC_ILLNESS',
    )!;
    expect(rule.result).toBe('UNKNOWN');
    expect(rule.missingFacts).toEqual(['家庭月人均收入 (household.monthlyIncomePerCapita)']);
    expect(recorded.data!.screeningVisitRecord.raisedFlags.map((f) => f.rule.code)).not.toContain(
      'LOW_INCOME_CHRONIC_ILLNESS',
    );
  });

  it('raises a HIGH flag that reaches the street’s caseworker and not another district’s', async () => {
    const street = await subscribe(t.url, RiskFlagRaisedDocument, { areaCode: STREET }, cast.colleague);
    const district = await subscribe(t.url, RiskFlagRaisedDocument, { areaCode: '310101' }, cast.districtCoordinator);
    const other = await subscribe(t.url, RiskFlagRaisedDocument, { areaCode: OTHER_DISTRICT_STREET }, cast.outsider);
    const forbidden = await subscribe(t.url, RiskFlagRaisedDocument, { areaCode: STREET }, cast.outsider);
    try {
      const householdId = await newHousehold(cast.caseworker, { monthlyIncomePerCapitaFen: 100_000 });
      const recorded = await t.gql(
        ScreeningVisitRecordDocument,
        { input: visit(householdId, { living: [] }) },
        { token: cast.caseworker },
      );
      expectNoErrors(recorded.data?.screeningVisitRecord.userErrors, recorded.errors);
      const flag = recorded.data!.screeningVisitRecord.raisedFlags.find(
        (f) => f.rule.code === 'LOW_INCOME_CHRONIC_ILLNESS',
      )!;
      expect(flag.level).toBe('HIGH');
      expect(flag.facts!.map((f) => f.fact).sort()).toEqual([
        'household.monthlyIncomePerCapita',
        'member.chronicIllness',
      ]);

      const [got] = await street.waitFor(1);
      expect(got!.riskFlagRaised).toMatchObject({ id: flag.id, level: 'HIGH', areaCode: STREET, householdId });
      await district.waitFor(1);

      // A flag in the other district afterwards: its caseworker gets that one, and only that one.
      const outsiderHousehold = await newHousehold(cast.outsider, {
        areaCode: OTHER_DISTRICT_STREET,
        address: '枫林路街道某弄1号',
        monthlyIncomePerCapitaFen: 90_000,
      });
      await t.gql(
        ScreeningVisitRecordDocument,
        { input: visit(outsiderHousehold, { living: [] }) },
        { token: cast.outsider },
      );
      const received = await other.waitFor(1);
      expect(received.map((r) => r.riskFlagRaised.areaCode)).toEqual([OTHER_DISTRICT_STREET]);
      expect(received.map((r) => r.riskFlagRaised.householdId)).toEqual([outsiderHousehold]);
      expect(forbidden.received).toEqual([]);
      expect(JSON.stringify(forbidden.errors)).toContain('FORBIDDEN');
      // The street's stream did not get the other district's flag (delivered in order after it).
      expect(street.received.map((r) => r.riskFlagRaised.areaCode)).toEqual([STREET]);
    } finally {
      await Promise.all([street.close(), district.close(), other.close(), forbidden.close()]);
    }
  });

  it('raises a flag once however often the household is assessed, and resolving it records who and why', async () => {
    const householdId = await newHousehold(cast.caseworker, { monthlyIncomePerCapitaFen: 120_000 });
    await t.gql(ScreeningVisitRecordDocument, { input: visit(householdId) }, { token: cast.caseworker });
    const again = await t.gql(ScreeningVisitRecordDocument, { input: visit(householdId) }, { token: cast.caseworker });
    expect(again.data!.screeningVisitRecord.raisedFlags).toEqual([]);
    const read = await t.gql(HouseholdScreeningDocument, { id: householdId }, { token: cast.caseworker });
    const flags = (read.data!.node as { riskFlags: { id: string; rule: { code: string } }[] }).riskFlags;
    expect(flags.filter((f) => f.rule.code === 'LOW_INCOME_CHRONIC_ILLNESS')).toHaveLength(1);
    const flagId = flags.find((f) => f.rule.code === 'LOW_INCOME_CHRONIC_ILLNESS')!.id;

    const noNote = await t.gql(RiskFlagResolveDocument, { input: { flagId, note: ' ' } }, { token: cast.caseworker });
    expect(noNote.data!.riskFlagResolve.userErrors[0]!.field).toEqual(['note']);
    const outsider = await t.gql(
      RiskFlagResolveDocument,
      { input: { flagId, note: '已处理' } },
      { token: cast.outsider },
    );
    expect(outsider.data!.riskFlagResolve.userErrors[0]!.code).toBe('NOT_FOUND');
    const resolved = await t.gql(
      RiskFlagResolveDocument,
      { input: { flagId, note: '已纳入低保，医疗救助已落实' } },
      { token: cast.colleague },
    );
    expectNoErrors(resolved.data?.riskFlagResolve.userErrors, resolved.errors);
    const [row] = await sql<{ resolved_by: string; resolution_note: string; resolved_at: Date }>(
      'select resolved_by, resolution_note, resolved_at from risk_flag where id = ?',
      [localId(flagId, 'RiskFlag')],
    );
    expect(row!.resolution_note).toBe('已纳入低保，医疗救助已落实');
    expect(row!.resolved_by).toMatch(/^colleague-/);
    expect(row!.resolved_at).not.toBeNull();
    const twice = await t.gql(RiskFlagResolveDocument, { input: { flagId, note: '再次' } }, { token: cast.caseworker });
    expect(twice.data!.riskFlagResolve.userErrors[0]!.code).toBe('WRONG_STATE');
  });

  it('lists households at risk by level, then next visit due, for the jurisdiction only', async () => {
    const high = await newHousehold(cast.caseworker, { monthlyIncomePerCapitaFen: 110_000 });
    await t.gql(ScreeningVisitRecordDocument, { input: visit(high) }, { token: cast.caseworker });
    const list = await t.gql(
      HouseholdsAtRiskDocument,
      { filter: { areaCode: STREET, level: 'HIGH' }, first: 100 },
      { token: cast.caseworker },
    );
    expect(list.errors).toBeUndefined();
    const nodes = list.data!.householdsAtRisk.nodes;
    expect(nodes.map((n) => n.household.id)).toContain(high);
    expect(nodes.every((n) => n.level === 'HIGH')).toBe(true);
    const mine = nodes.find((n) => n.household.id === high)!;
    expect(mine.lastVisitedOn).toBe(today());
    const due = new Date(`${today()}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 30);
    expect(mine.nextVisitDue).toBe(due.toISOString().slice(0, 10));
    const dues = nodes.map((n) => n.nextVisitDue);
    expect([...dues].sort()).toEqual(dues);

    const outsider = await t.gql(HouseholdsAtRiskDocument, { filter: { areaCode: STREET } }, { token: cast.outsider });
    expect(outsider.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const charity = await t.gql(HouseholdsAtRiskDocument, { filter: { areaCode: STREET } }, { token: cast.charity });
    expect(charity.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('lets coordinators define rules as data, validated against the risk facts', async () => {
    const code = `TEST_EMERGENCY_${Date.now()}`;
    const bad = await t.gql(
      RiskRuleCreateDocument,
      {
        input: {
          code,
          name: '测试',
          description: '测试',
          level: 'LOW',
          rule: { fact: 'household.shoeSize', op: 'gt', value: 1 },
        },
      },
      { token: cast.coordinator },
    );
    expect(bad.data!.riskRuleCreate.userErrors[0]).toMatchObject({ field: ['rule', 'fact'], code: 'INVALID' });
    const byCaseworker = await t.gql(
      RiskRuleCreateDocument,
      {
        input: {
          code,
          name: '测试',
          description: '测试',
          level: 'LOW',
          rule: { fact: 'screening.livesAlone', op: 'eq', value: true },
        },
      },
      { token: cast.caseworker },
    );
    expect(byCaseworker.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    // A rule on the case history: the next case step re-assesses the household (event history job).
    const created = await t.gql(
      RiskRuleCreateDocument,
      {
        input: {
          code,
          name: '本年度发生急难',
          description: '12个月内发生过急难',
          level: 'MEDIUM',
          rule: { fact: 'history.emergenciesIn12Months', op: 'gte', value: 1 },
        },
      },
      { token: cast.coordinator },
    );
    expectNoErrors(created.data?.riskRuleCreate.userErrors, created.errors);
    expect(created.data!.riskRuleCreate.riskRule!.reading).toBe('12个月内急难次数不少于 1 次');
    const rules = await t.gql(RiskRulesDocument, {}, { token: cast.auditor });
    expect(rules.data!.riskRules.map((r) => r.code)).toEqual(expect.arrayContaining([code, 'ELDERLY_LIVING_ALONE']));

    const { householdId } = await verifiedCase(t, cast);
    await t.hub.jobs.run('screening.reassess');
    const read = await t.gql(HouseholdScreeningDocument, { id: householdId }, { token: cast.caseworker });
    const flags = (read.data!.node as { riskFlags: { rule: { code: string }; level: string }[] }).riskFlags;
    expect(flags.filter((f) => f.rule.code === code)).toEqual([
      {
        rule: { code },
        level: 'MEDIUM',
        id: expect.any(String),
        resolvedAt: null,
        resolvedBy: null,
        resolutionNote: null,
      },
    ]);

    const off = await t.gql(
      RiskRuleUpdateDocument,
      { input: { id: created.data!.riskRuleCreate.riskRule!.id, active: false } },
      { token: cast.coordinator },
    );
    expect(off.data!.riskRuleUpdate.riskRule!.active).toBe(false);
  });
});
