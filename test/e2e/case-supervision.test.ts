import { HOUR_MS, TestClock } from '../../src/core/clock';
import { localId } from '../../src/core/relay';
import {
  CaseOverdueDocument,
  CaseTimelineDocument,
  CommitmentCreateDocument,
  EmergencyCaseTrackDocument,
  EmergencyCaseUntrackDocument,
  EmergencyReportDocument,
  ReferralAcceptDocument,
  ReferralCompleteDocument,
  ReferralDeclineDocument,
  SupervisedCasesDocument,
  type CaseOverdueSubscription,
  type CaseTimelineQuery,
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
import { subscribe, type Subscriber } from '../support/ws';

/*
 * 跟踪督查: a case's timeline from real casework, tracking by auditors, the tracked-and-overdue list and
 * `caseOverdue`, with a TestClock moved past the deadlines (no waiting) and the overdue job run by hand.
 */

let t: TestHub;
let cast: Cast;
const clock = new TestClock();
const VERIFY_HOURS = 2;
const RESPOND_HOURS = 6;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.getConnection().execute(query, params);
}

type Step = NonNullable<Extract<CaseTimelineQuery['node'], { timeline?: unknown }>['timeline']>[number];

async function timeline(caseId: string, token: string): Promise<Step[] | null> {
  const res = await t.gql(CaseTimelineDocument, { id: caseId }, { token });
  expect(res.errors).toBeUndefined();
  const node = res.data!.node as { timeline?: Step[] | null } | null;
  return node ? (node.timeline ?? null) : null;
}

let reports = 0;
async function reportCase(areaCode = STREET): Promise<string> {
  const res = await t.gql(EmergencyReportDocument, {
    input: {
      emergencyType: 'FIRE',
      occurredAt: clock.now().toISOString(),
      areaCode,
      description: '居民家中起火，暂无住处。',
      channel: 'HOTLINE',
      idempotencyKey: `case-supervision-${process.pid}-${reports++}`,
    },
  });
  expectNoErrors(res.data?.emergencyReport.userErrors, res.errors);
  return res.data!.emergencyReport.emergencyCase!.id;
}

beforeAll(async () => {
  t = await startTestHub(
    {
      reportRateLimitPerMinute: 1000,
      caseDeadlines: { default: { verifyHours: VERIFY_HOURS, respondHours: RESPOND_HOURS } },
    },
    { clock },
  );
  cast = await castOf(t);
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('EmergencyCase.timeline', () => {
  it('lists every step with who, how long it took and its deadline, from real casework', async () => {
    const { caseId } = await verifiedCase(t, cast);
    const resourceId = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'CASH',
      description: '火灾后临时生活费用',
      amountFen: 200_000,
      urgency: 'HIGH',
    });
    const commit = async () => {
      const res = await t.gql(
        CommitmentCreateDocument,
        { input: { needId, resourceId, amount: 100_000 } },
        { token: cast.caseworker },
      );
      expectNoErrors(res.data?.commitmentCreate.userErrors, res.errors);
      return res.data!.commitmentCreate.commitment!.referral.id;
    };
    const declined = await commit();
    clock.advance(HOUR_MS);
    const declinedRes = await t.gql(
      ReferralDeclineDocument,
      { input: { id: declined, reason: '超出服务能力' } },
      { token: cast.charity },
    );
    expectNoErrors(declinedRes.data?.referralDecline.userErrors, declinedRes.errors);
    const done = await commit();
    clock.advance(HOUR_MS / 2);
    const accepted = await t.gql(ReferralAcceptDocument, { input: { id: done } }, { token: cast.charity });
    expectNoErrors(accepted.data?.referralAccept.userErrors, accepted.errors);
    clock.advance(3 * HOUR_MS);
    const completed = await t.gql(
      ReferralCompleteDocument,
      { input: { id: done, form: 'CASH', amountFen: 100_000, deliveredOn: today(), fundSource: '慈善资金' } },
      { token: cast.charity },
    );
    expectNoErrors(completed.data?.referralComplete.userErrors, completed.errors);

    const steps = (await timeline(caseId, cast.auditor))!;
    const kinds = steps.map((s) => s.kind);
    for (const kind of [
      'REPORTED',
      'ACCEPTED',
      'VERIFIED',
      'NEED_CREATED',
      'COMMITTED',
      'REFERRAL_SENT',
      'REFERRAL_DECLINED',
      'REFERRAL_ACCEPTED',
      'REFERRAL_COMPLETED',
      'ASSISTANCE_GIVEN',
      'FIRST_HELP',
    ] as const) {
      expect(kinds).toContain(kind);
    }
    expect(kinds[0]).toBe('REPORTED');
    // In time order, nothing owed (the referral was completed, first help came in time).
    const times = steps.map((s) => Date.parse(s.at!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(steps.some((s) => s.pending)).toBe(false);

    const step = (kind: string, referralId?: string) =>
      steps.find((s) => s.kind === kind && (referralId === undefined || s.referralId === referralId))!;
    const caseworker = step('ACCEPTED').actor!;
    expect(caseworker.role).toBe('CASEWORKER');
    expect(caseworker.subject).toMatch(/^caseworker-/);
    expect(step('REPORTED').actor).toEqual({ subject: null, role: 'PUBLIC', organization: null });
    expect(step('VERIFIED')).toMatchObject({ overdue: false, pending: false, detail: null });
    expect(step('VERIFIED').dueAt).not.toBeNull();
    expect(step('VERIFIED').actor!.role).toBe('CASEWORKER');
    expect(step('NEED_CREATED').actor!.role).toBe('CASEWORKER');

    const decline = step('REFERRAL_DECLINED', declined);
    expect(decline).toMatchObject({ detail: '超出服务能力', tookHours: 1, overdue: false });
    expect(decline.actor).toMatchObject({ role: 'CHARITY', organization: { id: cast.charityOrgId } });
    expect(decline.dueAt).not.toBeNull(); // the hold's deadline for an answer
    expect(step('REFERRAL_ACCEPTED', done)).toMatchObject({ tookHours: 0.5 });
    expect(step('REFERRAL_COMPLETED', done)).toMatchObject({ tookHours: 3, overdue: false });
    expect(step('REFERRAL_COMPLETED', done).dueAt).not.toBeNull();
    expect(step('ASSISTANCE_GIVEN').actor).toMatchObject({ role: 'CHARITY', organization: { id: cast.charityOrgId } });
    expect(step('ASSISTANCE_GIVEN').detail).toBe('CASH');
    expect(step('FIRST_HELP')).toMatchObject({ overdue: false });

    // The referral's step columns match its history (kept by stepTo), which the report reads.
    const [row] = await sql<{ accepted: boolean; declined: boolean; completed: boolean }>(
      `select r.accepted_at = (select min((h->>'at')::timestamptz) from jsonb_array_elements(r.history) h
                where h->>'status' = 'ACCEPTED') as accepted,
              d.declined_at = (select min((h->>'at')::timestamptz) from jsonb_array_elements(d.history) h
                where h->>'status' = 'DECLINED') as declined,
              r.completed_at = (select min((h->>'at')::timestamptz) from jsonb_array_elements(r.history) h
                where h->>'status' = 'COMPLETED') as completed
       from referral r, referral d where r.id = ? and d.id = ?`,
      [localId(done, 'Referral'), localId(declined, 'Referral')],
    );
    expect(row).toEqual({ accepted: true, declined: true, completed: true });

    // Reading it was audited; no household data is in it.
    const audit = await sql<{ fields: string[]; purpose: string }>(
      `select fields, purpose from audit_entry where subject_type = 'EmergencyCase' and subject_id = ? and action = 'READ'`,
      [localId(caseId, 'EmergencyCase')],
    );
    expect(audit).toContainEqual({ fields: ['timeline'], purpose: 'SUPERVISION' });
    expect(JSON.stringify(steps)).not.toMatch(/王建国|13912345678|南京东路街道某弄/);
  });

  it('is shown to staff of the case’s jurisdiction only', async () => {
    const caseId = await reportCase();
    expect(await timeline(caseId, cast.caseworker)).not.toBeNull();
    expect(await timeline(caseId, cast.outsider)).toBeNull();
    const otherAuditor = await t.token('AUDITOR', { area: '310104', sub: 'xuhui-auditor' });
    expect(await timeline(caseId, otherAuditor)).toBeNull();
    expect(await timeline(caseId, cast.charity)).toBeNull();
    const anonymous = await t.gql(CaseTimelineDocument, { id: caseId });
    expect(anonymous.data?.node ?? null).toBeNull();
  });
});

describe('emergencyCaseTrack', () => {
  it('lets an auditor of the jurisdiction track a case with a reason, audited, and end it', async () => {
    const caseId = await reportCase();
    const tracked = await t.gql(
      EmergencyCaseTrackDocument,
      { input: { caseId, reason: '群众反映推诿，跟踪督办' } },
      { token: cast.auditor },
    );
    expectNoErrors(tracked.data?.emergencyCaseTrack.userErrors, tracked.errors);
    expect(tracked.data!.emergencyCaseTrack.tracking).toMatchObject({
      reason: '群众反映推诿，跟踪督办',
      trackedBy: { role: 'AUDITOR' },
      endedAt: null,
    });
    const again = await t.gql(
      EmergencyCaseTrackDocument,
      { input: { caseId, reason: '再次' } },
      { token: cast.auditor },
    );
    expect(again.data!.emergencyCaseTrack.userErrors.map((e) => e.code)).toEqual(['WRONG_STATE']);

    const listed = await t.gql(
      SupervisedCasesDocument,
      { areaCode: DISTRICT, filter: { tracked: true }, first: 100 },
      { token: cast.auditor },
    );
    expect(listed.data!.supervisedCases.nodes.map((n) => n.id)).toContain(caseId);
    expect(listed.data!.supervisedCases.nodes.every((n) => n.tracking !== null)).toBe(true);

    const ended = await t.gql(
      EmergencyCaseUntrackDocument,
      { input: { caseId, note: '已督促街道限期办结' } },
      { token: cast.districtCoordinator },
    );
    expectNoErrors(ended.data?.emergencyCaseUntrack.userErrors, ended.errors);
    expect(ended.data!.emergencyCaseUntrack.tracking!.endNote).toBe('已督促街道限期办结');
    const untrackAgain = await t.gql(
      EmergencyCaseUntrackDocument,
      { input: { caseId, note: '再次' } },
      { token: cast.auditor },
    );
    expect(untrackAgain.data!.emergencyCaseUntrack.userErrors.map((e) => e.code)).toEqual(['WRONG_STATE']);

    const steps = (await timeline(caseId, cast.auditor))!;
    expect(steps.find((s) => s.kind === 'TRACKED')).toMatchObject({
      detail: '群众反映推诿，跟踪督办',
      actor: { role: 'AUDITOR' },
    });
    expect(steps.find((s) => s.kind === 'UNTRACKED')).toMatchObject({
      detail: '已督促街道限期办结',
      actor: { role: 'COORDINATOR' },
    });
    const audit = await sql<{ action: string; fields: string[]; purpose: string }>(
      `select action, fields, purpose from audit_entry where subject_type = 'EmergencyCase' and subject_id = ?
         and fields = '{tracking}' order by id`,
      [localId(caseId, 'EmergencyCase')],
    );
    expect(audit).toEqual([
      { action: 'CREATE', fields: ['tracking'], purpose: 'SUPERVISION' },
      { action: 'UPDATE', fields: ['tracking'], purpose: 'SUPERVISION' },
    ]);
  });

  it('refuses bad input with userErrors and everyone else with typed errors, writing nothing', async () => {
    const caseId = await reportCase();
    const count = async () =>
      (
        await sql<{ n: number }>('select count(*)::int as n from case_tracking where case_id = ?', [
          localId(caseId, 'EmergencyCase'),
        ])
      )[0]!.n;
    const blank = await t.gql(EmergencyCaseTrackDocument, { input: { caseId, reason: '  ' } }, { token: cast.auditor });
    expect(blank.data!.emergencyCaseTrack.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['reason']]]);
    const unknown = await t.gql(
      EmergencyCaseTrackDocument,
      { input: { caseId: 'RW1lcmdlbmN5Q2FzZTowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA', reason: '跟踪' } },
      { token: cast.auditor },
    );
    expect(unknown.data!.emergencyCaseTrack.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const code = async (token?: string) =>
      (await t.gql(EmergencyCaseTrackDocument, { input: { caseId, reason: '跟踪' } }, token ? { token } : {}))
        .errors?.[0]?.extensions?.code;
    expect(await code()).toBe('UNAUTHENTICATED');
    expect(await code(cast.charity)).toBe('FORBIDDEN');
    expect(await code(cast.caseworker)).toBe('FORBIDDEN');
    expect(await code(await t.token('AUDITOR', { area: '310104', sub: 'xuhui-auditor' }))).toBe('FORBIDDEN');
    expect(await count()).toBe(0);

    const list = async (token: string, areaCode = DISTRICT) =>
      (await t.gql(SupervisedCasesDocument, { areaCode }, { token })).errors?.[0]?.extensions?.code;
    expect(await list(cast.charity)).toBe('FORBIDDEN');
    expect(await list(cast.caseworker)).toBe('FORBIDDEN');
    expect(await list(cast.auditor, '310104')).toBe('FORBIDDEN');
    expect(await list(cast.auditor, 'x')).toBe('BAD_USER_INPUT');
  });
});

type Notice = CaseOverdueSubscription['caseOverdue'];

/** The notices of one case a subscriber got, once it has `count` of them (waiting for deliveries, not time). */
async function noticesOf(sub: Subscriber<CaseOverdueSubscription>, caseId: string, count: number): Promise<Notice[]> {
  const mine = () => sub.received.map((r) => r.caseOverdue).filter((n) => n.emergencyCase.id === caseId);
  while (mine().length < count) await sub.waitFor(sub.received.length + 1);
  return mine();
}

describe('caseOverdue', () => {
  it('fires once when a deadline passes, to the area’s staff and not another district’s', async () => {
    const street = await subscribe(t.url, CaseOverdueDocument, { areaCode: STREET }, cast.caseworker);
    const district = await subscribe(t.url, CaseOverdueDocument, { areaCode: DISTRICT }, cast.auditor);
    const other = await subscribe(t.url, CaseOverdueDocument, { areaCode: OTHER_DISTRICT_STREET }, cast.outsider);
    const charity = await subscribe(t.url, CaseOverdueDocument, { areaCode: STREET }, cast.charity);
    const outsiderHere = await subscribe(t.url, CaseOverdueDocument, { areaCode: STREET }, cast.outsider);
    try {
      const announce = () => t.hub.jobs.run('cases.announceOverdue');
      // Both cases at once: the test's clock stays within the subscribers' 12 h tokens, which the hub's
      // clock expires (the sockets would close with 4401 otherwise).
      const caseId = await reportCase();
      const theirs = await reportCase(OTHER_DISTRICT_STREET);
      clock.advance((VERIFY_HOURS + 0.5) * HOUR_MS); // past verification, within the response deadline
      await announce();
      const [got] = await noticesOf(street, caseId, 1);
      expect(got).toMatchObject({ emergencyCase: { id: caseId }, deadline: 'VERIFY' });
      expect((await noticesOf(district, caseId, 1)).map((n) => n.deadline)).toEqual(['VERIFY']);
      // A case of the other district reaches its own caseworker only.
      expect((await noticesOf(other, theirs, 1)).map((n) => n.deadline)).toEqual(['VERIFY']);

      // Listed as overdue for the auditor, and the timeline shows the step still owed past its deadline.
      const listed = await t.gql(
        SupervisedCasesDocument,
        { areaCode: STREET, filter: { overdue: true }, first: 100 },
        { token: cast.auditor },
      );
      expect(listed.data!.supervisedCases.nodes.map((n) => n.id)).toContain(caseId);
      expect(listed.data!.supervisedCases.nodes.every((n) => n.overdue)).toBe(true);
      const owed = (await timeline(caseId, cast.auditor))!.filter((s) => s.pending);
      expect(owed.map((s) => [s.kind, s.overdue])).toEqual([
        ['VERIFIED', true],
        ['FIRST_HELP', false],
      ]);

      // Announced once however often the job runs; the response deadline is a second announcement.
      await announce();
      clock.advance((RESPOND_HOURS - VERIFY_HOURS) * HOUR_MS); // past the response deadline too
      await announce();
      expect((await noticesOf(street, caseId, 2)).map((n) => n.deadline)).toEqual(['VERIFY', 'RESPOND']);
      const events = await sql<{ n: number }>(
        `select count(*)::int as n from domain_event where type = 'CaseOverdue' and aggregate_id = ?`,
        [localId(caseId, 'EmergencyCase')],
      );
      expect(events[0]!.n).toBe(2);

      expect(other.received.every((r) => r.caseOverdue.emergencyCase.id !== caseId)).toBe(true);
      expect(street.received.every((r) => r.caseOverdue.emergencyCase.id !== theirs)).toBe(true);
      expect(charity.received).toEqual([]);
      expect(JSON.stringify(charity.errors)).toContain('FORBIDDEN');
      expect(outsiderHere.received).toEqual([]);
      expect(JSON.stringify(outsiderHere.errors)).toContain('FORBIDDEN');
    } finally {
      await Promise.all([street.close(), district.close(), other.close(), charity.close(), outsiderHere.close()]);
    }
  });
});

describe('EmergencyCase.tracking in a list', () => {
  it('reads the trackings of a whole page in one statement (a DataLoader, no N+1)', async () => {
    for (let i = 0; i < 4; i += 1) {
      const caseId = await reportCase();
      const tracked = await t.gql(
        EmergencyCaseTrackDocument,
        { input: { caseId, reason: `列表跟踪${i}` } },
        { token: cast.auditor },
      );
      expectNoErrors(tracked.data?.emergencyCaseTrack.userErrors, tracked.errors);
    }
    async function statements(first: number): Promise<number> {
      const knex = t.orm.em.getKnex();
      let n = 0;
      // Background work shares the pool (the outbox reader, the expiry sweeper): count only the request's.
      const onQuery = (query: { sql: string }) => {
        if (!/domain_event|skip locked|^(begin|commit|rollback)/i.test(query.sql)) n++;
      };
      knex.on('query', onQuery);
      try {
        const res = await t.gql(
          SupervisedCasesDocument,
          { areaCode: DISTRICT, filter: { tracked: true }, first },
          { token: cast.auditor },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.supervisedCases.nodes).toHaveLength(first);
        expect(res.data!.supervisedCases.nodes.every((c) => c.tracking?.reason.startsWith('列表跟踪'))).toBe(true);
      } finally {
        knex.off('query', onQuery);
      }
      return n;
    }
    // The fewest of two runs: background work can only add statements, an N+1 would add three.
    const fewest = async (first: number) => Math.min(await statements(first), await statements(first));
    const one = await fewest(1);
    expect(one).toBeGreaterThan(0);
    expect(await fewest(4)).toBe(one);
  });
});
