import { TestClock } from '../../src/core/clock';
import { createLogger } from '../../src/core/logger';
import { localId } from '../../src/core/relay';
import { anonymiseExpired, RETENTION_JOB } from '../../src/modules/privacy/retention';
import {
  CaseCloseDocument,
  CaseVerifyDocument,
  CommitmentCreateDocument,
  EmergencyCaseAcceptDocument,
  EmergencyReportDocument,
  HouseholdConsentWithdrawDocument,
  HouseholdDataExportDocument,
  HouseholdPrivacyDocument,
  HouseholdScreeningDocument,
  MatchResourcesDocument,
  NeedCreateDocument,
  ReferralAcceptDocument,
  ReferralCompleteDocument,
  ScreeningVisitRecordDocument,
} from '../generated/graphql';
import {
  castOf,
  expectNoErrors,
  needOf,
  project,
  publishedProject,
  STREET,
  today,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';

const DAY_MS = 24 * 3600_000;
const ANONYMISED = '〔已匿名化〕';

let t: TestHub;
let cast: Cast;
let fund: string;
const clock = new TestClock();

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.fork().getConnection().execute(query, params);
}

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 1000 }, { clock });
  cast = await castOf(t);
  fund = await publishedProject(
    t,
    cast.charity,
    project(cast.charityOrgId, { capacity: { unit: 'fen', total: 100_000_000 } }),
  );
});
afterAll(() => t.close());
beforeEach(() => clock.set(Date.now()));

/** A commitment of `amount` fen from the fund to the need; its referral's id. */
async function commitFund(needId: string, amount: number): Promise<string> {
  const committed = await t.gql(
    CommitmentCreateDocument,
    { input: { needId, resourceId: fund, amount } },
    { token: cast.caseworker },
  );
  expectNoErrors(committed.data?.commitmentCreate.userErrors, committed.errors);
  return committed.data!.commitmentCreate.commitment!.referral.id;
}

/** The charity accepts the referral and delivers `amountFen` in cash, with a note. */
async function deliverCash(referralId: string, amountFen: number, note: string): Promise<void> {
  const accepted = await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
  expectNoErrors(accepted.data?.referralAccept.userErrors, accepted.errors);
  const completed = await t.gql(
    ReferralCompleteDocument,
    { input: { id: referralId, form: 'CASH', amountFen, fundSource: '慈善募捐', deliveredOn: today(), note } },
    { token: cast.charity },
  );
  expectNoErrors(completed.data?.referralComplete.userErrors, completed.errors);
}

/** A case helped through the whole loop (need, referral, aid with a note, a screening visit) and then closed. */
async function helpedFamily(options: { close?: boolean } = {}) {
  const { caseId, householdId } = await verifiedCase(t, cast);
  const needId = await needOf(t, cast.caseworker, {
    caseId,
    form: 'CASH',
    description: '王建国家火灾后临时生活费用，本人患慢性病',
    amountFen: 200_000,
    urgency: 'HIGH',
  });
  const referralId = await commitFund(needId, 200_000);
  await deliverCash(referralId, 200_000, '已转入王建国本人银行卡');
  const visited = await t.gql(
    ScreeningVisitRecordDocument,
    {
      input: {
        householdId,
        visitedOn: today(),
        visitedBy: '社工李四',
        category: 'LOW_INCOME',
        degree: 'SERIOUS',
        causes: ['ILLNESS'],
        living: ['ELDERLY_ONLY'],
        notes: '户主王建国独居，患糖尿病',
      },
    },
    { token: cast.caseworker },
  );
  expectNoErrors(visited.data?.screeningVisitRecord.userErrors, visited.errors);
  if (options.close !== false) {
    const closed = await t.gql(
      CaseCloseDocument,
      { input: { id: caseId, note: '救助已到位' } },
      { token: cast.caseworker },
    );
    expectNoErrors(closed.data?.emergencyCaseClose.userErrors, closed.errors);
  }
  return {
    caseId,
    householdId,
    needId,
    referralId,
    hid: localId(householdId, 'Household')!,
    cid: localId(caseId, 'EmergencyCase')!,
  };
}

async function personalOf(hid: string) {
  const [h] = await sql<{ address: string; income: number | null; anonymised_at: Date | null }>(
    'select address, monthly_income_per_capita_fen as income, anonymised_at from household where id = ?',
    [hid],
  );
  const members = await sql<Record<string, unknown>>(
    'select name, id_number, birth_date, phone, disability, chronic_illness, relation from household_member where household_id = ? order by position',
    [hid],
  );
  return { ...h!, members };
}

describe('PIPL retention: anonymised RETENTION_MONTHS after the last case closed', () => {
  it('keeps a family until the period has run, then anonymises every module’s personal fields once, keeping the aid chain and the audit trail', async () => {
    const closed = await helpedFamily();
    const open = await helpedFamily({ close: false });
    const auditBefore = await sql<{ id: string }>('select id::text from audit_entry where subject_id = ? order by id', [
      closed.hid,
    ]);

    // One day short of 36 months: nothing happens.
    const start = clock.now().getTime();
    clock.set(new Date(start).setUTCMonth(new Date(start).getUTCMonth() + 36) - DAY_MS);
    expect(await t.hub.jobs.run(RETENTION_JOB)).toBe(0);
    expect((await personalOf(closed.hid)).members[0]).toMatchObject({ name: '王建国', phone: '13912345678' });

    clock.advance(2 * DAY_MS);
    expect(await t.hub.jobs.run(RETENTION_JOB)).toBe(1);
    const at = clock.now();
    // Idempotent: a second run finds nothing.
    expect(await t.hub.jobs.run(RETENTION_JOB)).toBe(0);

    const after = await personalOf(closed.hid);
    expect(after).toMatchObject({ address: ANONYMISED, income: null });
    expect(new Date(String(after.anonymised_at)).getTime()).toBe(at.getTime());
    for (const m of after.members) {
      expect(m).toMatchObject({
        name: ANONYMISED,
        id_number: null,
        birth_date: null,
        phone: null,
        disability: null,
        chronic_illness: null,
      });
    }
    expect(after.members.map((m) => m.relation)).toEqual(['户主', '孙子']);

    const [c] = await sql<Record<string, unknown>>(
      `select description, address, reporter_name, reporter_phone, verification_note, tracking_hash, request_hash,
         status, closed_at is not null as closed, anonymised_at = ? as anonymised_then from emergency_case where id = ?`,
      [at, closed.cid],
    );
    expect(c).toMatchObject({
      description: ANONYMISED,
      address: null,
      reporter_name: null,
      reporter_phone: null,
      verification_note: null,
      tracking_hash: null,
      request_hash: 'erased:anonymised',
      status: 'CLOSED',
      closed: true,
      anonymised_then: true,
    });
    const [need] = await sql<Record<string, unknown>>(
      'select description, amount_fen, form, status, delivered from need where case_id = ?',
      [closed.cid],
    );
    expect(need).toEqual({
      description: ANONYMISED,
      amount_fen: 200_000,
      form: 'CASH',
      status: 'MET',
      delivered: 200_000,
    });
    const [referral] = await sql<{ status: string; history: { status: string; note: string | null }[] }>(
      'select status, history from referral where case_id = ?',
      [closed.cid],
    );
    expect(referral!.status).toBe('COMPLETED');
    expect(referral!.history.map((s) => s.status)).toEqual(['SENT', 'ACCEPTED', 'COMPLETED']);
    expect(referral!.history.every((s) => s.note === null)).toBe(true);
    // The aid chain's figures stay; its free text goes.
    const aid = await sql<Record<string, unknown>>(
      `select form, amount_fen, fund_source, to_char(delivered_on, 'YYYY-MM-DD') as delivered_on, note
       from assistance_record where household_id = ?`,
      [closed.hid],
    );
    expect(aid).toEqual([
      { form: 'CASH', amount_fen: 200_000, fund_source: '慈善募捐', delivered_on: today(), note: null },
    ]);
    const visits = await sql<Record<string, unknown>>(
      'select degree, causes, notes from screening_visit where household_id = ?',
      [closed.hid],
    );
    expect(visits).toEqual([{ degree: 'SERIOUS', causes: ['ILLNESS'], notes: null }]);
    const flags = await sql<{ facts: unknown[] }>('select facts from risk_flag where household_id = ?', [closed.hid]);
    for (const f of flags) expect(f.facts).toEqual([]);

    // The audit trail is whole, plus one entry: the system job, when, which fields.
    const audit = await sql<Record<string, unknown>>(
      `select id::text, action, actor_subject, actor_role, purpose, request_id, fields, at from audit_entry where subject_id = ? order by id`,
      [closed.hid],
    );
    expect(audit.map((a) => a.id)).toEqual(expect.arrayContaining(auditBefore.map((a) => a.id)));
    const anonymised = audit.filter((a) => a.action === 'ANONYMISE');
    expect(anonymised).toHaveLength(1);
    expect(anonymised[0]).toMatchObject({
      action: 'ANONYMISE',
      actor_subject: 'system',
      actor_role: 'SYSTEM',
      purpose: 'RETENTION',
      request_id: `job.${RETENTION_JOB}`,
      fields: expect.arrayContaining(['members.name', 'members.idNumber', 'address', 'cases.reporterPhone']),
    });

    // No personal value of the family is left anywhere in its rows.
    const leftovers = await sql<{ n: number }>(
      `select count(*)::int as n from (
         select address as v from household where id = ? union all
         select name from household_member where household_id = ? union all
         select description from emergency_case where household_id = ? union all
         select note from assistance_record where household_id = ? union all
         select notes from screening_visit where household_id = ?) x where v like '%王建国%' or v like '%糖尿病%'`,
      [closed.hid, closed.hid, closed.hid, closed.hid, closed.hid],
    );
    expect(leftovers[0]!.n).toBe(0);

    // The household with an open case is untouched.
    expect((await personalOf(open.hid)).members[0]).toMatchObject({ name: '王建国', phone: '13912345678' });
    expect((await personalOf(open.hid)).anonymised_at).toBeNull();

    // Staff see when it happened; the file reads as anonymised.
    const seen = await t.gql(HouseholdPrivacyDocument, { id: closed.householdId }, { token: cast.caseworker });
    expect(seen.data!.node).toMatchObject({
      address: ANONYMISED,
      anonymisedAt: at.toISOString(),
      members: [
        { name: ANONYMISED, idNumber: null, phone: null },
        { name: ANONYMISED, idNumber: null, phone: null },
      ],
    });

    // An anonymised household takes no new case.
    const report = await t.gql(EmergencyReportDocument, {
      input: {
        emergencyType: 'FIRE',
        occurredAt: new Date(clock.now().getTime() - 3600_000).toISOString(),
        areaCode: STREET,
        description: '再次起火',
        channel: 'HOTLINE',
        idempotencyKey: `again-${Date.now()}`,
      },
    });
    const newCase = report.data!.emergencyReport.emergencyCase!.id;
    await t.gql(EmergencyCaseAcceptDocument, { input: { id: newCase } }, { token: cast.caseworker });
    const verify = await t.gql(
      CaseVerifyDocument,
      { input: { id: newCase, householdId: closed.householdId, verified: true } },
      { token: cast.caseworker },
    );
    expect(verify.data!.emergencyCaseVerify.userErrors).toEqual([
      expect.objectContaining({ code: 'CONSENT_WITHDRAWN', field: ['householdId'] }),
    ]);
  });

  it('shares the work between instances running at once: each household anonymised once, one audit entry each', async () => {
    const families = [await helpedFamily(), await helpedFamily(), await helpedFamily()];
    clock.advance(37 * 31 * DAY_MS);
    const log = createLogger({ logLevel: 'silent' });
    // Batches of one, so the runs interleave household by household.
    const runs = await Promise.all(
      [1, 2, 3].map(() => anonymiseExpired(t.orm, clock, log, { months: 36, batch: 1, maxBatches: 10 })),
    );
    expect(runs.reduce((a, b) => a + b, 0)).toBe(3);
    for (const f of families) {
      const entries = await sql<{ n: number }>(
        `select count(*)::int as n from audit_entry where subject_id = ? and action = 'ANONYMISE'`,
        [f.hid],
      );
      expect(entries[0]!.n).toBe(1);
      expect((await personalOf(f.hid)).members[0]!.name).toBe(ANONYMISED);
    }
  });
});

describe('householdDataExport: the data subject’s copy', () => {
  it('gives a coordinator of the jurisdiction everything held on the household, audited; FORBIDDEN to everyone else', async () => {
    const family = await helpedFamily();
    const exported = await t.gql(
      HouseholdDataExportDocument,
      { householdId: family.householdId },
      { token: cast.districtCoordinator },
    );
    expect(exported.errors).toBeUndefined();
    const copy = exported.data!.householdDataExport as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(copy).toMatchObject({
      format: 'jiujinan.household-export.v1',
      householdId: family.householdId,
      household: { areaCode: STREET, address: '南京东路街道某弄12号302室', category: 'LOW_INCOME' },
    });
    expect(copy.household.consentBasis).toContain('个人信息保护法');
    expect(copy.members).toEqual([
      expect.objectContaining({ name: '王建国', idNumber: expect.stringMatching(/^3101/), phone: '13912345678' }),
      expect.objectContaining({ name: '王小明', birthDate: '2015-06-01', relation: '孙子' }),
    ]);
    expect(copy.cases).toEqual([
      expect.objectContaining({
        id: family.caseId,
        status: 'CLOSED',
        description: expect.any(String),
        closedAt: expect.stringMatching(/Z$/),
        needs: [expect.objectContaining({ id: family.needId, form: 'CASH', amountFen: 200_000, status: 'MET' })],
      }),
    ]);
    expect(copy.referrals).toEqual([
      expect.objectContaining({
        id: family.referralId,
        status: 'COMPLETED',
        provider: expect.stringContaining('互助社'),
        amount: 200_000,
      }),
    ]);
    expect(copy.assistance).toEqual([
      expect.objectContaining({
        form: 'CASH',
        amountFen: 200_000,
        fundSource: '慈善募捐',
        deliveredOn: today(),
        note: '已转入王建国本人银行卡',
        provider: expect.stringContaining('互助社'),
      }),
    ]);
    expect(copy.screeningVisits).toEqual([
      expect.objectContaining({ degree: 'SERIOUS', notes: '户主王建国独居，患糖尿病', visitedOn: today() }),
    ]);

    const exports = async () =>
      sql<{ actor_subject: string; purpose: string; fields: string[] }>(
        `select actor_subject, purpose, fields from audit_entry where subject_id = ? and action = 'EXPORT'`,
        [family.hid],
      );
    expect(await exports()).toEqual([
      expect.objectContaining({
        purpose: 'DATA_SUBJECT_REQUEST',
        fields: expect.arrayContaining(['members', 'cases']),
      }),
    ]);
    const [entry] = await exports();
    expect(entry!.actor_subject).toMatch(/^district-coordinator/);

    // Caseworkers, auditors, providers, the public and coordinators elsewhere get no copy, and no entry is written.
    const elsewhere = await t.token('COORDINATOR', { area: '310104', sub: 'coordinator-xuhui' });
    for (const token of [cast.caseworker, cast.auditor, cast.charity, elsewhere, undefined]) {
      const refused = await t.gql(HouseholdDataExportDocument, { householdId: family.householdId }, { token });
      expect(refused.data?.householdDataExport ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
      expect(JSON.stringify(refused)).not.toContain('王建国');
    }
    expect(await exports()).toHaveLength(1);
    const unknown = await t.gql(
      HouseholdDataExportDocument,
      { householdId: 'SG91c2Vob2xkOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==' },
      { token: cast.districtCoordinator },
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('householdConsentWithdraw', () => {
  it('records who, when and why; then matching, referrals, screening and new cases refuse the household, and the aid chain stays', async () => {
    const family = await helpedFamily({ close: false });
    const secondNeed = await needOf(t, cast.caseworker, {
      caseId: family.caseId,
      form: 'CASH',
      description: '后续生活费用',
      amountFen: 100_000,
      urgency: 'MEDIUM',
    });
    const withdraw = (token: string | undefined, reason = '户主本人于街道窗口书面撤回同意') =>
      t.gql(HouseholdConsentWithdrawDocument, { input: { householdId: family.householdId, reason } }, { token });

    // Bad input and the wrong people first: nothing is recorded.
    expect((await withdraw(cast.caseworker, ' ')).data!.householdConsentWithdraw.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['reason'] }),
    ]);
    for (const token of [cast.outsider, cast.charity, cast.auditor, undefined]) {
      const refused = await withdraw(token);
      expect(refused.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
    }
    const [untouched] = await sql<{ withdrawn: boolean }>(
      'select consent_withdrawn_at is not null as withdrawn from household where id = ?',
      [family.hid],
    );
    expect(untouched!.withdrawn).toBe(false);

    const done = await withdraw(cast.caseworker);
    expect(done.data!.householdConsentWithdraw.userErrors).toEqual([]);
    expect(done.data!.householdConsentWithdraw.household!.consentWithdrawal).toEqual({
      at: clock.now().toISOString(),
      recordedBy: expect.stringMatching(/^caseworker/),
      reason: '户主本人于街道窗口书面撤回同意',
    });
    expect((await withdraw(cast.caseworker)).data!.householdConsentWithdraw.userErrors).toEqual([
      expect.objectContaining({ code: 'WRONG_STATE' }),
    ]);
    const audit = await sql<{ action: string; purpose: string }>(
      `select action, purpose from audit_entry where subject_id = ? and action = 'WITHDRAW_CONSENT'`,
      [family.hid],
    );
    expect(audit).toEqual([{ action: 'WITHDRAW_CONSENT', purpose: 'DATA_SUBJECT_REQUEST' }]);

    // No new matching …
    const matched = await t.gql(MatchResourcesDocument, { needId: secondNeed, first: 10 }, { token: cast.caseworker });
    expect(matched.errors?.[0]?.extensions?.code).toBe('CONSENT_WITHDRAWN');
    // … no new referral, nothing reserved …
    const [before] = await sql<{ remaining: number }>(
      'select capacity_remaining as remaining from resource where id = ?',
      [localId(fund, 'CharityProject') ?? ''],
    );
    const committed = await t.gql(
      CommitmentCreateDocument,
      { input: { needId: secondNeed, resourceId: fund, amount: 100_000 } },
      { token: cast.caseworker },
    );
    expect(committed.data!.commitmentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'CONSENT_WITHDRAWN', field: ['needId'] }),
    ]);
    const [after] = await sql<{ remaining: number }>(
      'select capacity_remaining as remaining from resource where id = ?',
      [localId(fund, 'CharityProject') ?? ''],
    );
    expect(after).toEqual(before);
    // … no new screening visit …
    const visit = await t.gql(
      ScreeningVisitRecordDocument,
      {
        input: {
          householdId: family.householdId,
          visitedOn: today(),
          visitedBy: '社工李四',
          category: 'LOW_INCOME',
          degree: 'MILD',
          causes: ['ILLNESS'],
          living: [],
        },
      },
      { token: cast.caseworker },
    );
    expect(visit.data!.screeningVisitRecord.userErrors).toEqual([
      expect.objectContaining({ code: 'CONSENT_WITHDRAWN', field: ['householdId'] }),
    ]);
    // … no new risk assessment (an empty one would read as "no risk"), while the visits on record stay readable …
    const screening = await t.gql(HouseholdScreeningDocument, { id: family.householdId }, { token: cast.caseworker });
    expect(screening.errors).toEqual([
      expect.objectContaining({
        path: ['node', 'riskAssessment'],
        extensions: expect.objectContaining({ code: 'CONSENT_WITHDRAWN' }),
      }),
    ]);
    expect((screening.data!.node as { screeningVisits: unknown[] }).screeningVisits).toHaveLength(1);
    // … and no new case linked to it.
    const report = await t.gql(EmergencyReportDocument, {
      input: {
        emergencyType: 'FIRE',
        occurredAt: new Date(clock.now().getTime() - 3600_000).toISOString(),
        areaCode: STREET,
        description: '再次求助',
        channel: 'HOTLINE',
        idempotencyKey: `withdrawn-${Date.now()}`,
      },
    });
    const newCase = report.data!.emergencyReport.emergencyCase!.id;
    await t.gql(EmergencyCaseAcceptDocument, { input: { id: newCase } }, { token: cast.caseworker });
    const verify = await t.gql(
      CaseVerifyDocument,
      { input: { id: newCase, householdId: family.householdId, verified: true } },
      { token: cast.caseworker },
    );
    expect(verify.data!.emergencyCaseVerify.userErrors).toEqual([
      expect.objectContaining({ code: 'CONSENT_WITHDRAWN', field: ['householdId'] }),
    ]);

    // What the law requires stays: the aid chain, the audit trail, the file (until retention) and the subject's copy.
    const aid = await sql<{ amount_fen: number }>('select amount_fen from assistance_record where household_id = ?', [
      family.hid,
    ]);
    expect(aid).toEqual([{ amount_fen: 200_000 }]);
    const copy = await t.gql(
      HouseholdDataExportDocument,
      { householdId: family.householdId },
      { token: cast.districtCoordinator },
    );
    expect(
      (copy.data!.householdDataExport as { household: { consentWithdrawalReason: string } }).household,
    ).toMatchObject({
      consentWithdrawalReason: '户主本人于街道窗口书面撤回同意',
    });
    const seen = await t.gql(HouseholdPrivacyDocument, { id: family.householdId }, { token: cast.auditor });
    expect((seen.data!.node as { consentWithdrawal: unknown }).consentWithdrawal).toMatchObject({
      reason: '户主本人于街道窗口书面撤回同意',
    });
  });

  it('takes no new need on the household’s open case, while the aid already under way is finished and the case closed', async () => {
    const { caseId, householdId } = await verifiedCase(t, cast);
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'CASH',
      description: '火灾后临时生活费用',
      amountFen: 150_000,
      urgency: 'HIGH',
    });
    const referralId = await commitFund(needId, 150_000);
    const withdrawn = await t.gql(
      HouseholdConsentWithdrawDocument,
      { input: { householdId, reason: '户主本人电话撤回同意，已书面确认' } },
      { token: cast.caseworker },
    );
    expectNoErrors(withdrawn.data?.householdConsentWithdraw.userErrors, withdrawn.errors);

    // A new need on the same case is refused, and nothing is written.
    const hid = localId(householdId, 'Household')!;
    const needsOfHousehold = () =>
      sql<{ n: string }>(
        `select count(*)::text as n from need n join emergency_case c on c.id = n.case_id where c.household_id = ?`,
        [hid],
      );
    const needsBefore = await needsOfHousehold();
    const refused = await t.gql(
      NeedCreateDocument,
      { input: { caseId, form: 'IN_KIND', description: '被褥和衣物', quantity: 3, unit: '套', urgency: 'MEDIUM' } },
      { token: cast.caseworker },
    );
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.needCreate.need).toBeNull();
    expect(refused.data!.needCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'CONSENT_WITHDRAWN', field: ['caseId'] }),
    ]);
    expect(await needsOfHousehold()).toEqual(needsBefore);

    // The referral made before the withdrawal is accepted and completed: the aid is recorded, the case closes.
    await deliverCash(referralId, 150_000, '已转账');
    const aid = await sql<{ amount_fen: number }>('select amount_fen from assistance_record where household_id = ?', [
      hid,
    ]);
    expect(aid).toEqual([{ amount_fen: 150_000 }]);
    const closed = await t.gql(
      CaseCloseDocument,
      { input: { id: caseId, note: '救助已到位' } },
      { token: cast.caseworker },
    );
    expectNoErrors(closed.data?.emergencyCaseClose.userErrors, closed.errors);
  });
});
