import { fromGlobalId } from '../../src/core/relay';
import {
  AssistanceAcknowledgeDocument,
  AssistanceRecordsDocument,
  CaseCloseDocument,
  CaseExpediteDocument,
  CaseVerifyDocument,
  CommitmentCreateDocument,
  EmergencyCaseAcceptDocument,
  EmergencyReportDocument,
  GovernmentProgrammeCreateDocument,
  HouseholdCreateIdDocument,
  MatchFoundDocument,
  NeedCancelDocument,
  NeedCreateDocument,
  NeedEscalateDocument,
  NeedsDocument,
  ReferralAcceptDocument,
  ReferralCancelDocument,
  ReferralCompleteDocument,
  ReferralDeclineDocument,
  ReferralStartDocument,
  ReferralsDocument,
  ReferralUpdatedDocument,
  ResourcePublishDocument,
  ResourceCapacityDocument,
} from '../generated/graphql';
import {
  castOf,
  DISTRICT,
  expectNoErrors,
  household,
  needOf,
  project,
  publishedProject,
  STREET,
  today,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';
import { sleep, subscribe } from '../support/ws';

let t: TestHub;
let cast: Cast;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
  cast = await castOf(t);
});
afterAll(() => t.close());

const local = (globalId: string): string => fromGlobalId(globalId)!.id;

async function remaining(resourceId: string): Promise<{ remaining: number; status: string }> {
  const { data } = await t.gql(ResourceCapacityDocument, { id: resourceId }, { token: cast.coordinator });
  const node = data!.node as { capacity: { remaining: number }; status: string };
  return { remaining: node.capacity.remaining, status: node.status };
}

/** A need of a fresh verified case, with a referral for `amount` of `resourceId` sent. */
async function referred(
  resourceId: string,
  amount: number,
  needInput: { form?: 'CASH' | 'IN_KIND'; amountFen?: number; quantity?: number } = {},
) {
  const { caseId, householdId } = await verifiedCase(t, cast);
  const needId = await needOf(t, cast.caseworker, {
    caseId,
    form: needInput.form ?? 'CASH',
    description: '火灾后临时生活费用',
    amountFen: needInput.amountFen ?? (needInput.form === 'IN_KIND' ? undefined : amount),
    quantity: needInput.quantity,
    urgency: 'HIGH',
  });
  const committed = await t.gql(
    CommitmentCreateDocument,
    { input: { needId, resourceId, amount } },
    { token: cast.caseworker },
  );
  expectNoErrors(committed.data?.commitmentCreate.userErrors, committed.errors);
  return { caseId, householdId, needId, referralId: committed.data!.commitmentCreate.commitment!.referral.id };
}

describe('commitments never over-allocate', () => {
  it('gives exactly 5 of 12 concurrent commitments of 1 against a capacity of 5', async () => {
    const parcels = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, { forms: ['IN_KIND'], capacity: { unit: '份', total: 5 } }),
    );
    const { caseId } = await verifiedCase(t, cast);
    const needIds = await Promise.all(
      Array.from({ length: 12 }, () =>
        needOf(t, cast.caseworker, {
          caseId,
          form: 'IN_KIND',
          description: '生活物资',
          quantity: 1,
          unit: '份',
          urgency: 'MEDIUM',
        }),
      ),
    );
    const results = await Promise.all(
      needIds.map((needId) =>
        t.gql(
          CommitmentCreateDocument,
          { input: { needId, resourceId: parcels, amount: 1 } },
          { token: cast.caseworker },
        ),
      ),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const codes = results.map((r): string => r.data!.commitmentCreate.userErrors[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(5);
    expect(codes.filter((c) => c === 'INSUFFICIENT_CAPACITY')).toHaveLength(7);
    expect(await remaining(parcels)).toEqual({ remaining: 0, status: 'EXHAUSTED' });
    const [held] = await t.orm.em
      .getConnection()
      .execute<{ n: number; total: number }[]>(
        `select count(*)::int as n, sum(amount)::int as total from commitment where need_id = any(?::uuid[])`,
        [`{${needIds.map(local).join(',')}}`],
      );
    expect(held).toEqual({ n: 5, total: 5 });
  });

  it('never reserves more than the need still wants, nor more than a programme’s cap per case', async () => {
    const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const { caseId } = await verifiedCase(t, cast);
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'CASH',
      description: '生活费',
      amountFen: 30_000,
      urgency: 'HIGH',
    });
    const commit = (resourceId: string, amount: number) =>
      t.gql(CommitmentCreateDocument, { input: { needId, resourceId, amount } }, { token: cast.caseworker });
    expect((await commit(fund, 40_000)).data!.commitmentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['amount'] }),
    ]);
    expectNoErrors((await commit(fund, 20_000)).data?.commitmentCreate.userErrors, undefined);
    expect((await commit(fund, 20_000)).data!.commitmentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['amount'] }),
    ]);
    expectNoErrors((await commit(fund, 10_000)).data?.commitmentCreate.userErrors, undefined);

    const programme = await t.gql(
      GovernmentProgrammeCreateDocument,
      {
        input: {
          providerId: cast.charityOrgId,
          title: '区级临时救助（测试）',
          description: '区级临时救助',
          forms: ['CASH'],
          emergencyTypes: ['FIRE'],
          serviceAreaCodes: [DISTRICT],
          capacity: { unit: 'fen', total: 10_000_000 },
          benefitCapFen: 5_000,
        },
      },
      { token: cast.coordinator },
    );
    const programmeId = programme.data!.governmentProgrammeCreate.resource!.id;
    await t.gql(ResourcePublishDocument, { input: { id: programmeId } }, { token: cast.coordinator });
    const other = await needOf(t, cast.caseworker, {
      caseId,
      form: 'CASH',
      description: '医药费',
      amountFen: 100_000,
      urgency: 'HIGH',
    });
    const capped = await t.gql(
      CommitmentCreateDocument,
      { input: { needId: other, resourceId: programmeId, amount: 6_000 } },
      { token: cast.caseworker },
    );
    expect(capped.data!.commitmentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['amount'], message: expect.stringContaining('上限') }),
    ]);
  });

  it('gives capacity back when the provider declines, and refuses a decline without a reason', async () => {
    const fund = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, { capacity: { unit: 'fen', total: 300_000 } }),
    );
    const { referralId } = await referred(fund, 200_000);
    expect(await remaining(fund)).toEqual({ remaining: 100_000, status: 'PUBLISHED' });

    const blank = await t.gql(
      ReferralDeclineDocument,
      { input: { id: referralId, reason: ' ' } },
      { token: cast.charity },
    );
    expect(blank.data!.referralDecline.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['reason'] }),
    ]);
    const declined = await t.gql(
      ReferralDeclineDocument,
      { input: { id: referralId, reason: '本月资金已用完' } },
      { token: cast.charity },
    );
    expectNoErrors(declined.data?.referralDecline.userErrors, declined.errors);
    expect(declined.data!.referralDecline.referral).toMatchObject({
      status: 'DECLINED',
      reason: '本月资金已用完',
      commitment: { status: 'RELEASED' },
    });
    expect(await remaining(fund)).toEqual({ remaining: 300_000, status: 'PUBLISHED' });

    const again = await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    expect(again.data!.referralAccept.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
  });

  it('releases a hold the provider never accepted once its deadline passes', async () => {
    const fund = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, { capacity: { unit: 'fen', total: 100_000 } }),
    );
    const { referralId } = await referred(fund, 100_000);
    expect(await remaining(fund)).toEqual({ remaining: 0, status: 'EXHAUSTED' });
    await t.orm.em
      .getConnection()
      .execute(
        `update commitment set hold_until = now() - interval '1 minute' where id = (select commitment_id from referral where id = ?)`,
        [local(referralId)],
      );
    const releaseLapsedHolds = () => t.hub.jobs.run('referrals.releaseLapsedHolds');
    // The hub's own 15-second sweep may get there first; either way the hold is released exactly once.
    await releaseLapsedHolds();
    expect(await remaining(fund)).toEqual({ remaining: 100_000, status: 'PUBLISHED' });
    const { data } = await t.gql(ReferralsDocument, { filter: { status: 'CANCELLED' } }, { token: cast.charity });
    const lapsed = data!.referrals.nodes.find((r) => r.id === referralId)!;
    expect(lapsed).toMatchObject({ status: 'CANCELLED', commitment: { status: 'RELEASED' } });
    expect(lapsed.history.at(-1)).toMatchObject({ status: 'CANCELLED', actor: 'system', actorRole: 'SYSTEM' });
    expect(await releaseLapsedHolds()).toBe(0);
  });

  it('lists an accepted referral past its due time as overdue', async () => {
    const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const { referralId } = await referred(fund, 10_000);
    await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    const before = await t.gql(ReferralsDocument, { filter: { overdue: true } }, { token: cast.caseworker });
    expect(before.data!.referrals.nodes.map((r) => r.id)).not.toContain(referralId);
    await t.orm.em
      .getConnection()
      .execute(`update referral set due_at = now() - interval '1 hour' where id = ?`, [local(referralId)]);
    const after = await t.gql(ReferralsDocument, { filter: { overdue: true } }, { token: cast.caseworker });
    expect(after.data!.referrals.nodes.find((r) => r.id === referralId)).toMatchObject({
      overdue: true,
      status: 'ACCEPTED',
    });
  });
});

describe('case steps', () => {
  it('takes needs only once verified or expedited; an expedited case is helped first and verified later', async () => {
    const reported = await t.gql(EmergencyReportDocument, {
      input: {
        emergencyType: 'SUDDEN_ILLNESS',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        areaCode: STREET,
        description: '家中主要劳动力突发脑卒中入院。',
        channel: 'COMMITTEE',
        idempotencyKey: `expedite-${Date.now()}`,
      },
    });
    const caseId = reported.data!.emergencyReport.emergencyCase!.id;
    const need = {
      caseId,
      form: 'MEDICAL_CARE' as const,
      description: '住院押金',
      amountFen: 2_000_000,
      urgency: 'CRITICAL' as const,
    };

    const unowned = await t.gql(NeedCreateDocument, { input: need }, { token: cast.caseworker });
    expect(unowned.data!.needCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'WRONG_STATE', field: ['caseId'] }),
    ]);
    await t.gql(EmergencyCaseAcceptDocument, { input: { id: caseId } }, { token: cast.caseworker });
    const unverified = await t.gql(NeedCreateDocument, { input: need }, { token: cast.caseworker });
    expect(unverified.data!.needCreate.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);

    const noReason = await t.gql(CaseExpediteDocument, { input: { id: caseId } }, { token: cast.caseworker });
    expect(noReason.data!.emergencyCaseExpedite.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['note'] }),
    ]);
    const expedited = await t.gql(
      CaseExpediteDocument,
      { input: { id: caseId, note: '病情危重，先行救助' } },
      { token: cast.caseworker },
    );
    expectNoErrors(expedited.data?.emergencyCaseExpedite.userErrors, expedited.errors);
    expect(expedited.data!.emergencyCaseExpedite.emergencyCase).toMatchObject({ expedited: true, status: 'REPORTED' });
    // Paperwork due later than the usual 24 hours.
    expect(Date.parse(expedited.data!.emergencyCaseExpedite.emergencyCase!.verifyDueAt!)).toBeGreaterThan(
      Date.now() + 100 * 3600_000,
    );

    const created = await t.gql(NeedCreateDocument, { input: need }, { token: cast.caseworker });
    expectNoErrors(created.data?.needCreate.userErrors, created.errors);
    expect(created.data!.needCreate.need!.case.status).toBe('RESPONDING');

    const noHousehold = await t.gql(
      CaseVerifyDocument,
      { input: { id: caseId, verified: true } },
      { token: cast.caseworker },
    );
    expect(noHousehold.data!.emergencyCaseVerify.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['householdId'] }),
    ]);
    const colleague = await t.gql(
      CaseVerifyDocument,
      { input: { id: caseId, verified: false } },
      { token: cast.colleague },
    );
    expect(colleague.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rejectLate = await t.gql(
      CaseVerifyDocument,
      { input: { id: caseId, verified: false } },
      { token: cast.caseworker },
    );
    expect(rejectLate.data!.emergencyCaseVerify.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
  });

  it('helps an expedited case first and verifies it afterwards, then closes it', async () => {
    const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const reported = await t.gql(EmergencyReportDocument, {
      input: {
        emergencyType: 'FIRE',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        areaCode: STREET,
        description: '夜间火灾，一家人无处可去。',
        channel: 'HOTLINE',
        idempotencyKey: `expedited-loop-${Date.now()}`,
      },
    });
    const caseId = reported.data!.emergencyReport.emergencyCase!.id;
    await t.gql(EmergencyCaseAcceptDocument, { input: { id: caseId } }, { token: cast.caseworker });
    await t.gql(
      CaseExpediteDocument,
      { input: { id: caseId, note: '夜间火灾，先行救助' } },
      { token: cast.caseworker },
    );
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'CASH',
      description: '应急生活费',
      amountFen: 20_000,
      urgency: 'CRITICAL',
    });
    const committed = await t.gql(
      CommitmentCreateDocument,
      { input: { needId, resourceId: fund, amount: 20_000 } },
      { token: cast.caseworker },
    );
    const referralId = committed.data!.commitmentCreate.commitment!.referral.id;
    await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    const done = await t.gql(
      ReferralCompleteDocument,
      { input: { id: referralId, form: 'CASH', amountFen: 20_000, deliveredOn: today() } },
      { token: cast.charity },
    );
    expect(done.data!.referralComplete.referral!.need.status).toBe('MET');

    const early = await t.gql(CaseCloseDocument, { input: { id: caseId } }, { token: cast.caseworker });
    expect(early.data!.emergencyCaseClose.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
    const householdId = (await t.gql(HouseholdCreateIdDocument, { input: household() }, { token: cast.caseworker }))
      .data!.householdCreate.household!.id;
    const verified = await t.gql(
      CaseVerifyDocument,
      { input: { id: caseId, householdId, verified: true, note: '事后补办' } },
      { token: cast.caseworker },
    );
    expectNoErrors(verified.data?.emergencyCaseVerify.userErrors, verified.errors);
    expect(verified.data!.emergencyCaseVerify.emergencyCase).toMatchObject({
      status: 'ASSISTED',
      household: { id: householdId },
    });
    const records = await t.gql(AssistanceRecordsDocument, { filter: { householdId } }, { token: cast.caseworker });
    expect(records.data!.assistanceRecords.totalCount).toBe(1);
    const closed = await t.gql(CaseCloseDocument, { input: { id: caseId } }, { token: cast.caseworker });
    expect(closed.data!.emergencyCaseClose.emergencyCase!.status).toBe('CLOSED');
  });

  it('escalates an uncovered need to the district, and only the district’s coordinators send it to the city', async () => {
    const { caseId } = await verifiedCase(t, cast);
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'TEMPORARY_SHELTER',
      description: '一家五口需过渡安置三个月',
      quantity: 1,
      urgency: 'HIGH',
    });
    const toDistrict = await t.gql(
      NeedEscalateDocument,
      { input: { needId, note: '本街道无可用安置床位' } },
      { token: cast.caseworker },
    );
    expectNoErrors(toDistrict.data?.needEscalate.userErrors, toDistrict.errors);
    expect(toDistrict.data!.needEscalate.need).toMatchObject({ status: 'ESCALATED', escalationLevel: 'DISTRICT' });

    const listed = await t.gql(
      NeedsDocument,
      { filter: { escalationLevel: 'DISTRICT' } },
      { token: cast.districtCoordinator },
    );
    expect(listed.data!.needs.nodes.map((n) => n.id)).toContain(needId);
    const byCity = await t.gql(NeedsDocument, { filter: { escalationLevel: 'CITY' } }, { token: cast.coordinator });
    expect(byCity.data!.needs.nodes.map((n) => n.id)).not.toContain(needId);

    const again = await t.gql(
      NeedEscalateDocument,
      { input: { needId, note: '再次上报' } },
      { token: cast.caseworker },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const toCity = await t.gql(
      NeedEscalateDocument,
      { input: { needId, note: '全区安置点已满，请市级统筹' } },
      { token: cast.districtCoordinator },
    );
    expect(toCity.data!.needEscalate.need).toMatchObject({
      escalationLevel: 'CITY',
      escalationNote: '全区安置点已满，请市级统筹',
    });
    const atCity = await t.gql(NeedsDocument, { filter: { escalationLevel: 'CITY' } }, { token: cast.coordinator });
    expect(atCity.data!.needs.nodes.map((n) => n.id)).toContain(needId);
    const top = await t.gql(NeedEscalateDocument, { input: { needId, note: '再上报' } }, { token: cast.coordinator });
    expect(top.data!.needEscalate.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
  });
});

describe('referral and need steps', () => {
  it('marks delivery begun, keeps every step in the history, and completes from IN_PROGRESS', async () => {
    const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const { referralId } = await referred(fund, 20_000);
    const early = await t.gql(ReferralStartDocument, { input: { id: referralId } }, { token: cast.charity });
    expect(early.data!.referralStart.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
    await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    const started = await t.gql(ReferralStartDocument, { input: { id: referralId } }, { token: cast.charity });
    expectNoErrors(started.data?.referralStart.userErrors, started.errors);
    expect(started.data!.referralStart.referral!.status).toBe('IN_PROGRESS');
    const done = await t.gql(
      ReferralCompleteDocument,
      { input: { id: referralId, form: 'CASH', amountFen: 20_000, deliveredOn: today() } },
      { token: cast.charity },
    );
    expect(done.data!.referralComplete.referral!.history.map((h) => h.status)).toEqual([
      'SENT',
      'ACCEPTED',
      'IN_PROGRESS',
      'COMPLETED',
    ]);
  });

  it('withdraws a need only once its referrals are cancelled; the case is assisted when the rest are met', async () => {
    const fund = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, { capacity: { unit: 'fen', total: 100_000 } }),
    );
    const { caseId, needId, referralId } = await referred(fund, 30_000);
    const other = await needOf(t, cast.caseworker, {
      caseId,
      form: 'IN_KIND',
      description: '被褥',
      quantity: 2,
      urgency: 'LOW',
    });
    const committed = await t.gql(
      CommitmentCreateDocument,
      { input: { needId: other, resourceId: fund, amount: 10_000 } },
      { token: cast.caseworker },
    );
    expect(committed.data!.commitmentCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['resourceId'] }),
    ]);

    await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    await t.gql(
      ReferralCompleteDocument,
      { input: { id: referralId, form: 'CASH', amountFen: 30_000, deliveredOn: today() } },
      { token: cast.charity },
    );
    const cancelled = await t.gql(
      NeedCancelDocument,
      { input: { needId: other, reason: '邻居已捐赠被褥' } },
      { token: cast.caseworker },
    );
    expectNoErrors(cancelled.data?.needCancel.userErrors, cancelled.errors);
    expect(cancelled.data!.needCancel.need).toMatchObject({
      status: 'CANCELLED',
      cancelReason: '邻居已捐赠被褥',
      case: { status: 'ASSISTED' },
    });
    const twice = await t.gql(
      NeedCancelDocument,
      { input: { needId: other, reason: '再次' } },
      { token: cast.caseworker },
    );
    expect(twice.data!.needCancel.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
    expect(
      (await t.gql(NeedCancelDocument, { input: { needId, reason: '已满足' } }, { token: cast.caseworker })).data!
        .needCancel.userErrors,
    ).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
  });

  it('refuses to withdraw a need with an active referral, and closes a case whose needs were all withdrawn only with a note', async () => {
    const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const { caseId, needId, referralId } = await referred(fund, 10_000);
    const blocked = await t.gql(
      NeedCancelDocument,
      { input: { needId, reason: '不再需要' } },
      { token: cast.caseworker },
    );
    expect(blocked.data!.needCancel.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
    await t.gql(
      ReferralCancelDocument,
      { input: { id: referralId, reason: '家属已筹得款项' } },
      { token: cast.caseworker },
    );
    const cancelled = await t.gql(
      NeedCancelDocument,
      { input: { needId, reason: '不再需要' } },
      { token: cast.caseworker },
    );
    expectNoErrors(cancelled.data?.needCancel.userErrors, cancelled.errors);
    const silent = await t.gql(CaseCloseDocument, { input: { id: caseId } }, { token: cast.caseworker });
    expect(silent.data!.emergencyCaseClose.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['note'] }),
    ]);
    const closed = await t.gql(
      CaseCloseDocument,
      { input: { id: caseId, note: '家属自行解决，无需救助' } },
      { token: cast.caseworker },
    );
    expect(closed.data!.emergencyCaseClose.emergencyCase!.status).toBe('CLOSED');
  });
});

describe('one aid chain per household', () => {
  it('flags aid of the same form for the same cause within 12 months, and the case waits for a coordinator to acknowledge it', async () => {
    const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const first = await referred(fund, 100_000);
    await t.gql(ReferralAcceptDocument, { input: { id: first.referralId } }, { token: cast.charity });
    const done = await t.gql(
      ReferralCompleteDocument,
      { input: { id: first.referralId, form: 'CASH', amountFen: 100_000, deliveredOn: today() } },
      { token: cast.charity },
    );
    expect(done.data!.referralComplete.referral!.assistanceRecord!.duplicateOf).toBeNull();

    // A second need of the same case, answered with cash again.
    const needId = await needOf(t, cast.caseworker, {
      caseId: first.caseId,
      form: 'CASH',
      description: '后续生活费用',
      amountFen: 50_000,
      urgency: 'MEDIUM',
    });
    const committed = await t.gql(
      CommitmentCreateDocument,
      { input: { needId, resourceId: fund, amount: 50_000 } },
      { token: cast.caseworker },
    );
    const referralId = committed.data!.commitmentCreate.commitment!.referral.id;
    await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    const cashless = await t.gql(
      ReferralCompleteDocument,
      { input: { id: referralId, form: 'CASH', deliveredOn: today() } },
      { token: cast.charity },
    );
    expect(cashless.data!.referralComplete.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['amountFen'] }),
    ]);
    const second = await t.gql(
      ReferralCompleteDocument,
      { input: { id: referralId, form: 'CASH', amountFen: 50_000, deliveredOn: today() } },
      { token: cast.charity },
    );
    const record = second.data!.referralComplete.referral!.assistanceRecord!;
    expect(record.duplicateOf).toEqual({ id: done.data!.referralComplete.referral!.assistanceRecord!.id });

    const waiting = await t.gql(CaseCloseDocument, { input: { id: first.caseId } }, { token: cast.caseworker });
    expect(waiting.data!.emergencyCaseClose.userErrors).toEqual([expect.objectContaining({ code: 'WRONG_STATE' })]);
    const warnings = await t.gql(
      AssistanceRecordsDocument,
      { filter: { unacknowledgedDuplicates: true } },
      { token: cast.districtCoordinator },
    );
    expect(warnings.data!.assistanceRecords.nodes.map((r) => r.id)).toContain(record.id);

    const byCaseworker = await t.gql(
      AssistanceAcknowledgeDocument,
      { input: { id: record.id, note: '确属必要' } },
      { token: cast.caseworker },
    );
    expect(byCaseworker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const acknowledged = await t.gql(
      AssistanceAcknowledgeDocument,
      { input: { id: record.id, note: '火灾损失较大，二次救助经区民政局同意' } },
      { token: cast.districtCoordinator },
    );
    expectNoErrors(acknowledged.data?.assistanceRecordAcknowledge.userErrors, acknowledged.errors);

    const closed = await t.gql(CaseCloseDocument, { input: { id: first.caseId } }, { token: cast.caseworker });
    expectNoErrors(closed.data?.emergencyCaseClose.userErrors, closed.errors);
  });
});

describe('live updates', () => {
  it('tells the caseworker when a newly published resource matches an open need, and no one outside the district', async () => {
    const { caseId } = await verifiedCase(t, cast);
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'PROFESSIONAL_SERVICE',
      description: '火灾后心理疏导',
      urgency: 'MEDIUM',
    });
    const mine = await subscribe(t.url, MatchFoundDocument, { caseId }, cast.caseworker);
    const outsider = await subscribe(t.url, MatchFoundDocument, {}, cast.outsider);
    try {
      const counselling = await publishedProject(
        t,
        cast.charity,
        project(cast.charityOrgId, {
          title: '火灾受灾家庭心理疏导',
          forms: ['PROFESSIONAL_SERVICE'],
          serviceAreaCodes: [STREET],
          capacity: { unit: '人次', total: 20 },
        }),
      );
      const [event] = await mine.waitFor(1);
      expect(event!.matchFound).toMatchObject({
        need: { id: needId },
        resource: { id: counselling, title: '火灾受灾家庭心理疏导' },
        eligibility: 'TRUE',
      });
      expect(event!.matchFound.reasons).toContain('服务范围：本街道');
      await sleep(500);
      expect(outsider.received).toEqual([]);
      expect(mine.errors).toEqual([]);
    } finally {
      await mine.close();
      await outsider.close();
    }
  });

  it('tells the provider of each step of its referrals', async () => {
    const updates = await subscribe(
      t.url,
      ReferralUpdatedDocument,
      { organizationId: cast.charityOrgId },
      cast.charity,
    );
    try {
      const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
      const { referralId } = await referred(fund, 10_000);
      await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
      const events = await updates.waitFor(2);
      expect(events.map((e) => [e.referralUpdated.id, e.referralUpdated.status])).toEqual([
        [referralId, 'SENT'],
        [referralId, 'ACCEPTED'],
      ]);
    } finally {
      await updates.close();
    }
    const foreign = await subscribe(
      t.url,
      ReferralUpdatedDocument,
      { organizationId: cast.charityOrgId },
      cast.otherCharity,
    );
    try {
      await sleep(300);
      expect(JSON.stringify(foreign.errors)).toMatch(/FORBIDDEN|只能订阅/);
    } finally {
      await foreign.close();
    }
    expect(DISTRICT).toBe('310101');
  });
});
