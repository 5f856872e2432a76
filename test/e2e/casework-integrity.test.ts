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
  OTHER_DISTRICT_STREET,
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

describe('one household per family in the city', () => {
  it('refuses to register a member’s ID number again: DUPLICATE, naming the household to staff who may see it', async () => {
    const family = household();
    const first = await t.gql(HouseholdCreateIdDocument, { input: family }, { token: cast.caseworker });
    expectNoErrors(first.data?.householdCreate.userErrors, first.errors);
    const existing = first.data!.householdCreate.household!.id;

    // The same family again, by a colleague of the street: refused, pointing at the household.
    const again = await t.gql(HouseholdCreateIdDocument, { input: { ...family } }, { token: cast.colleague });
    expect(again.errors).toBeUndefined();
    expect(again.data!.householdCreate.household).toBeNull();
    expect(again.data!.householdCreate.userErrors).toEqual([
      expect.objectContaining({
        code: 'DUPLICATE',
        field: ['members', '0', 'idNumber'],
        message: expect.stringContaining(existing),
      }),
    ]);
    // The same person in a household of another district: refused, without naming what the caseworker may not see.
    const elsewhere = household({ areaCode: OTHER_DISTRICT_STREET, members: [{ ...family.members[0]! }] });
    const outside = await t.gql(HouseholdCreateIdDocument, { input: elsewhere }, { token: cast.outsider });
    expect(outside.data!.householdCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'DUPLICATE', field: ['members', '0', 'idNumber'] }),
    ]);
    expect(outside.data!.householdCreate.userErrors[0]!.message).not.toContain(existing);
    // Concurrent registrations of one new family: exactly one household.
    const twins = household();
    const raced = await Promise.all(
      [1, 2, 3].map(() => t.gql(HouseholdCreateIdDocument, { input: twins }, { token: cast.caseworker })),
    );
    const codes = raced.map((r) => r.data!.householdCreate.userErrors[0]?.code ?? 'OK');
    expect(codes.sort()).toEqual(['DUPLICATE', 'DUPLICATE', 'OK']);
  });

  it('is idempotent by key: a retry returns the household first recorded, and the key is the caller’s own', async () => {
    const input = { ...household(), idempotencyKey: `household-${process.pid}-${Date.now()}` };
    const results = await Promise.all(
      [1, 2, 3].map(() => t.gql(HouseholdCreateIdDocument, { input }, { token: cast.caseworker })),
    );
    for (const r of results) expectNoErrors(r.data?.householdCreate.userErrors, r.errors);
    const ids = new Set(results.map((r) => r.data!.householdCreate.household!.id));
    expect(ids.size).toBe(1);
    // Another caller's same key is another registration (here: the same family, so DUPLICATE).
    const other = await t.gql(HouseholdCreateIdDocument, { input }, { token: cast.colleague });
    expect(other.data!.householdCreate.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE' })]);
  });
});
