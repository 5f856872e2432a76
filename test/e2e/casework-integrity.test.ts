import {
  CaseVerifyDocument,
  CommitmentCreateDocument,
  EmergencyCaseAcceptDocument,
  EmergencyReportDocument,
  HouseholdCreateIdDocument,
  GovernmentProgrammeCreateDocument,
  ReferralAcceptDocument,
  ReferralCompleteDocument,
  ResourceCapacityDocument,
  ResourcePublishDocument,
} from '../generated/graphql';
import {
  castOf,
  DISTRICT,
  expectNoErrors,
  household,
  needOf,
  STREET,
  today,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';

/** Rules that could be walked around (issue: integrity review): each case here was possible before. */
let t: TestHub;
let cast: Cast;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
  cast = await castOf(t);
});
afterAll(() => t.close());

async function programme(capFen: number | null, total = 10_000_000): Promise<string> {
  const created = await t.gql(
    GovernmentProgrammeCreateDocument,
    {
      input: {
        providerId: cast.charityOrgId,
        title: `区级临时救助（每案上限测试）-${process.pid}-${Date.now()}`,
        description: '区级临时救助',
        forms: ['CASH'],
        emergencyTypes: ['FIRE'],
        serviceAreaCodes: [DISTRICT],
        capacity: { unit: 'fen', total },
        benefitCapFen: capFen,
      },
    },
    { token: cast.coordinator },
  );
  const id = created.data!.governmentProgrammeCreate.resource!.id;
  await t.gql(ResourcePublishDocument, { input: { id } }, { token: cast.coordinator });
  return id;
}
const cashNeed = (caseId: string, amountFen: number) =>
  needOf(t, cast.caseworker, { caseId, form: 'CASH', description: '临时生活费', amountFen, urgency: 'HIGH' });
const commit = (needId: string, resourceId: string, amount: number) =>
  t.gql(CommitmentCreateDocument, { input: { needId, resourceId, amount } }, { token: cast.caseworker });
async function remaining(id: string): Promise<number> {
  const { data } = await t.gql(ResourceCapacityDocument, { id }, { token: cast.coordinator });
  return (data!.node as { capacity: { remaining: number } }).capacity.remaining;
}

describe('a programme’s cap is per case', () => {
  it('refuses a second commitment of 5,000 fen on the same case against a 5,000 cap, also when sent at once', async () => {
    const fund = await programme(5_000);
    const { caseId } = await verifiedCase(t, cast);
    const first = await commit(await cashNeed(caseId, 5_000), fund, 5_000);
    expectNoErrors(first.data?.commitmentCreate.userErrors, first.errors);
    const second = await commit(await cashNeed(caseId, 5_000), fund, 5_000);
    expect(second.data!.commitmentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['amount'], message: expect.stringContaining('上限') }),
    ]);

    // Concurrent: four needs of one case ask for 2,000 each; the case lock lets exactly two in.
    const other = (await verifiedCase(t, cast)).caseId;
    const needs = await Promise.all([1, 2, 3, 4].map(() => cashNeed(other, 2_000)));
    const results = await Promise.all(needs.map((n) => commit(n, fund, 2_000)));
    const codes = results.map((r) => r.data!.commitmentCreate.userErrors[0]?.code ?? 'OK');
    expect(codes.sort()).toEqual(['INVALID', 'INVALID', 'OK', 'OK']);
    // Another case still has its own cap.
    const third = (await verifiedCase(t, cast)).caseId;
    const fresh = await commit(await cashNeed(third, 5_000), fund, 5_000);
    expectNoErrors(fresh.data?.commitmentCreate.userErrors, fresh.errors);
  });
});

describe('completion never exceeds the commitment', () => {
  it('refuses to record more money than was committed, and keeps what was used when less was given', async () => {
    const fund = await programme(5_000, 100_000);
    const { caseId } = await verifiedCase(t, cast);
    const committed = await commit(await cashNeed(caseId, 4_000), fund, 3_000);
    expectNoErrors(committed.data?.commitmentCreate.userErrors, committed.errors);
    const referralId = committed.data!.commitmentCreate.commitment!.referral.id;
    await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    const complete = (amountFen: number) =>
      t.gql(
        ReferralCompleteDocument,
        { input: { id: referralId, form: 'CASH', amountFen, deliveredOn: today() } },
        { token: cast.charity },
      );
    const over = await complete(4_000);
    expect(over.data!.referralComplete.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['amountFen'] }),
    ]);
    expect(over.data!.referralComplete.referral).toBeNull();
    expect(await remaining(fund)).toBe(97_000);

    const less = await complete(2_000);
    expectNoErrors(less.data?.referralComplete.userErrors, less.errors);
    expect(less.data!.referralComplete.referral!.commitment).toEqual(
      expect.objectContaining({ status: 'USED', amount: 2_000 }),
    );
    expect(await remaining(fund)).toBe(98_000);
    // What was used counts against the case's cap: 3,000 of 5,000 are left, not 2,000.
    const more = await commit(await cashNeed(caseId, 3_000), fund, 3_000);
    expectNoErrors(more.data?.commitmentCreate.userErrors, more.errors);
  });
});

describe('no pool starvation', () => {
  it('verifies three times the pool size of cases at once (each holds its case lock while it reads the household)', async () => {
    const pool = (t.orm.config.get('pool') as { max: number }).max;
    const n = 3 * pool;
    const prepared: { id: string; householdId: string }[] = [];
    for (let i = 0; i < n; i++) {
      const reported = await t.gql(EmergencyReportDocument, {
        input: {
          emergencyType: 'FIRE',
          occurredAt: new Date(Date.now() - 3600_000).toISOString(),
          areaCode: STREET,
          description: '居民家中起火。',
          channel: 'HOTLINE',
          idempotencyKey: `starve-${process.pid}-${Date.now()}-${i}`,
        },
      });
      const id = reported.data!.emergencyReport.emergencyCase!.id;
      await t.gql(EmergencyCaseAcceptDocument, { input: { id } }, { token: cast.caseworker });
      const created = await t.gql(HouseholdCreateIdDocument, { input: household() }, { token: cast.caseworker });
      expectNoErrors(created.data?.householdCreate.userErrors, created.errors);
      prepared.push({ id, householdId: created.data!.householdCreate.household!.id });
    }
    // Before, each verification held a pooled connection (and the case's row lock) and waited for a
    // second one for its loaders: with every connection taken, none could go on, and all failed at the
    // pool's acquire timeout.
    const results = await Promise.all(
      prepared.map((input) =>
        t.gql(CaseVerifyDocument, { input: { ...input, verified: true } }, { token: cast.caseworker }),
      ),
    );
    for (const r of results) expectNoErrors(r.data?.emergencyCaseVerify.userErrors, r.errors);
    expect(results.map((r) => r.data!.emergencyCaseVerify.emergencyCase!.status)).toEqual(
      Array.from({ length: n }, () => 'VERIFIED'),
    );
  }, 120_000);
});
