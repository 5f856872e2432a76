import { Writable } from 'node:stream';
import { createLogger } from '../../src/core/logger';
import { fromGlobalId } from '../../src/core/relay';
import {
  CaseCloseDocument,
  CaseContactDocument,
  EmergencyReportDocument,
  CaseDetailDocument,
  CommitmentCreateDocument,
  MatchResourcesDocument,
  NodeByIdDocument,
  ReferralAcceptDocument,
  ReferralCompleteDocument,
  ReferralHouseholdDocument,
  ReferralsDocument,
} from '../generated/graphql';
import {
  castOf,
  DISTRICT,
  expectNoErrors,
  needOf,
  OTHER_DISTRICT_STREET,
  project,
  publishedProject,
  STREET,
  today,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';

// Everything the hub logs, at debug level, across the whole loop.
const logged: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logged.push(chunk.toString('utf8'));
    done();
  },
});

let t: TestHub;
let cast: Cast;
beforeAll(async () => {
  t = await startTestHub(
    { reportRateLimitPerMinute: 10_000, logLevel: 'debug' },
    { log: createLogger({ logLevel: 'debug' }, logStream) },
  );
  cast = await castOf(t);
});
afterAll(() => t.close());

describe('the whole loop: report → accept → verify → need → match → commit → refer → deliver → close', () => {
  it('follows one fire from the public report to the closed case, with the aid on the household’s chain', async () => {
    // The charity's project, and three that must never match: another district, another form, rules FALSE.
    const fund = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, {
        eligibilityRules: {
          fact: 'household.monthlyIncomePerCapita',
          op: 'lt',
          value: 300000,
          label: '家庭月人均收入低于3000元',
        },
      }),
    );
    const elsewhere = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, { serviceAreaCodes: [OTHER_DISTRICT_STREET] }),
    );
    const inKind = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, { forms: ['IN_KIND'], capacity: { unit: '份', total: 10 } }),
    );
    const forMigrants = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, {
        eligibilityRules: { fact: 'household.registration', op: 'in', value: ['RESIDENCE_PERMIT'] },
      }),
    );

    // Income not recorded: unknown, never zero.
    const { caseId, householdId } = await verifiedCase(t, cast);
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'CASH',
      description: '火灾后临时生活费用',
      amountFen: 500_000,
      urgency: 'HIGH',
    });

    const matched = await t.gql(MatchResourcesDocument, { needId, first: 100 }, { token: cast.caseworker });
    expect(matched.errors).toBeUndefined();
    const matches = matched.data!.matchResources;
    const ids = matches.map((m) => m.resource.id);
    expect(ids).toContain(fund);
    for (const never of [elsewhere, inKind, forMigrants]) expect(ids).not.toContain(never);
    const ours = matches.find((m) => m.resource.id === fund)!;
    expect(ours.eligibility).toBe('UNKNOWN');
    expect(ours.missingFacts).toEqual([expect.stringContaining('household.monthlyIncomePerCapita')]);
    expect(ours.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^待核实：/), '服务范围：本区']));
    expect(ours.locality).toBe('DISTRICT');
    // Ranked: every TRUE before every UNKNOWN, scores descending.
    const scores = matches.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const firstUnknown = matches.findIndex((m) => m.eligibility === 'UNKNOWN');
    expect(matches.slice(firstUnknown).every((m) => m.eligibility !== 'TRUE')).toBe(true);

    const withIneligible = await t.gql(
      MatchResourcesDocument,
      { needId, first: 100, includeIneligible: true },
      { token: cast.caseworker },
    );
    const ineligible = withIneligible.data!.matchResources.find((m) => m.resource.id === forMigrants)!;
    expect(ineligible.eligibility).toBe('FALSE');
    expect(ineligible.reasons.some((r) => r.startsWith('不符合：'))).toBe(true);
    expect(withIneligible.data!.matchResources.map((m) => m.resource.id)).not.toContain(elsewhere);

    // Commit: capacity reserved, referral sent to the charity.
    const committed = await t.gql(
      CommitmentCreateDocument,
      { input: { needId, resourceId: fund, amount: 500_000 } },
      { token: cast.caseworker },
    );
    expectNoErrors(committed.data?.commitmentCreate.userErrors, committed.errors);
    const commitment = committed.data!.commitmentCreate.commitment!;
    expect(commitment).toMatchObject({ amount: 500_000, unit: 'fen', status: 'HELD' });
    expect(commitment.referral).toMatchObject({ status: 'SENT', to: { id: cast.charityOrgId }, need: { id: needId } });
    const referralId = commitment.referral.id;

    // The provider sees its referral and the household's contact details, nothing more; another charity sees nothing.
    const inbox = await t.gql(ReferralsDocument, { filter: { status: 'SENT' } }, { token: cast.charity });
    expect(inbox.data!.referrals.nodes.map((r) => r.id)).toContain(referralId);
    expect(
      (await t.gql(ReferralsDocument, {}, { token: cast.otherCharity })).data!.referrals.nodes.map((r) => r.id),
    ).not.toContain(referralId);
    const contact = await t.gql(ReferralHouseholdDocument, { id: referralId }, { token: cast.charity });
    const seen = contact.data!.node as {
      household: {
        address: string | null;
        members: { name: string | null; phone: string | null; idNumber: string | null; birthDate: string | null }[];
      };
    };
    expect(seen.household.address).toBe('南京东路街道某弄12号302室');
    expect(seen.household.members[0]).toEqual({
      name: '王建国',
      phone: '13912345678',
      idNumber: null,
      birthDate: null,
    });
    expect(
      (await t.gql(ReferralHouseholdDocument, { id: referralId }, { token: cast.otherCharity })).data!.node,
    ).toBeNull();
    expect((await t.gql(NodeByIdDocument, { id: householdId }, { token: cast.otherCharity })).data!.node).toBeNull();

    const accepted = await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    expectNoErrors(accepted.data?.referralAccept.userErrors, accepted.errors);
    expect(accepted.data!.referralAccept.referral).toMatchObject({
      status: 'ACCEPTED',
      commitment: { status: 'CONFIRMED' },
    });

    const completed = await t.gql(
      ReferralCompleteDocument,
      {
        input: {
          id: referralId,
          form: 'CASH',
          amountFen: 500_000,
          fundSource: '慈善募捐',
          deliveredOn: today(),
          note: '已转入银行卡',
        },
      },
      { token: cast.charity },
    );
    expectNoErrors(completed.data?.referralComplete.userErrors, completed.errors);
    const done = completed.data!.referralComplete.referral!;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      dueAt: null,
      commitment: { status: 'USED' },
      need: { status: 'MET' },
    });
    expect(done.assistanceRecord).toMatchObject({ form: 'CASH', amountFen: 500_000, duplicateOf: null });
    expect(done.history.map((s) => s.status)).toEqual(['SENT', 'ACCEPTED', 'COMPLETED']);
    expect(done.history.every((s) => !Number.isNaN(Date.parse(s.at)))).toBe(true);

    // Once completed, the provider no longer sees the household.
    const after = await t.gql(ReferralHouseholdDocument, { id: referralId }, { token: cast.charity });
    expect((after.data!.node as { household: unknown }).household).toBeNull();

    const detail = await t.gql(CaseDetailDocument, { id: caseId }, { token: cast.caseworker });
    const c = detail.data!.node as {
      status: string;
      firstAssistedAt: string | null;
      household: {
        id: string;
        assistanceRecords: {
          form: string;
          amountFen: number;
          fundSource: string;
          deliveredOn: string;
          provider: { name: string };
        }[];
      };
      needs: { status: string; delivered: number }[];
    };
    expect(c.status).toBe('ASSISTED');
    expect(c.firstAssistedAt).not.toBeNull();
    expect(c.needs).toEqual([expect.objectContaining({ status: 'MET', delivered: 500_000 })]);
    expect(c.household.id).toBe(householdId);
    expect(c.household.assistanceRecords).toEqual([
      expect.objectContaining({
        form: 'CASH',
        amountFen: 500_000,
        fundSource: '慈善募捐',
        deliveredOn: today(),
        provider: { name: expect.any(String) },
      }),
    ]);

    const closed = await t.gql(
      CaseCloseDocument,
      { input: { id: caseId, note: '救助已到位' } },
      { token: cast.caseworker },
    );
    expectNoErrors(closed.data?.emergencyCaseClose.userErrors, closed.errors);
    expect(closed.data!.emergencyCaseClose.emergencyCase).toMatchObject({
      status: 'CLOSED',
      closedAt: expect.any(String),
    });
  });

  it('keeps the district in view: a coordinator of the district sees the case; a caseworker elsewhere does not', async () => {
    const { caseId } = await verifiedCase(t, cast);
    const district = await t.token('COORDINATOR', { area: DISTRICT });
    expect((await t.gql(CaseDetailDocument, { id: caseId }, { token: district })).data!.node).toMatchObject({
      status: 'VERIFIED',
    });
    expect((await t.gql(CaseDetailDocument, { id: caseId }, { token: cast.outsider })).data!.node).toBeNull();
    expect(STREET.startsWith(DISTRICT)).toBe(true);
  });

  it('shows the report’s contact details to staff of the area only, auditing each read', async () => {
    const reported = await t.gql(EmergencyReportDocument, {
      input: {
        emergencyType: 'FIRE',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        areaCode: STREET,
        description: '楼道起火',
        channel: 'PUBLIC_REPORT',
        address: '南京东路某弄7号',
        reporterName: '李热心',
        reporterPhone: '13700001111',
        idempotencyKey: `contact-${Date.now()}`,
      },
    });
    const caseId = reported.data!.emergencyReport.emergencyCase!.id;
    const subjectId = fromGlobalId(caseId)!.id;
    const audits = async () =>
      t.orm.em
        .getConnection()
        .execute<{ actor_role: string; fields: string[]; purpose: string }[]>(
          `select actor_role, fields, purpose from audit_entry where subject_type = 'EmergencyCase' and subject_id = ? order by id`,
          [subjectId],
        );

    for (const token of [undefined, cast.outsider, cast.charity]) {
      const { data } = await t.gql(CaseContactDocument, { id: caseId }, { token });
      expect(JSON.stringify(data)).not.toMatch(/李热心|13700001111|南京东路某弄7号/);
    }
    expect(await audits()).toEqual([]);

    const staff = await t.gql(CaseContactDocument, { id: caseId }, { token: cast.caseworker });
    expect(staff.data!.node).toMatchObject({
      description: '楼道起火',
      channel: 'PUBLIC_REPORT',
      address: '南京东路某弄7号',
      reporterName: '李热心',
      reporterPhone: '13700001111',
    });
    await t.gql(CaseContactDocument, { id: caseId }, { token: cast.auditor });
    expect(await audits()).toEqual([
      {
        actor_role: 'CASEWORKER',
        fields: ['address', 'description', 'reporterName', 'reporterPhone'],
        purpose: 'CASEWORK',
      },
      {
        actor_role: 'AUDITOR',
        fields: ['address', 'description', 'reporterName', 'reporterPhone'],
        purpose: 'SUPERVISION',
      },
    ]);
  });
});

describe('the log', () => {
  it('holds no personal value after the whole loop and its refusals', () => {
    // After every request of the loop (and the failures on the way), no personal value is in the log.
    const text = logged.join('');
    expect(text).toContain('"msg":"request"');
    for (const value of [
      '王建国',
      '王小明',
      '310101194912310021',
      '13912345678',
      '南京东路街道某弄12号302室',
      '李热心',
      '13700001111',
      '南京东路某弄7号',
    ]) {
      expect(text).not.toContain(value);
    }
  });
});
