import {
  EmergencyCaseAcceptDocument,
  EmergencyCasesDocument,
  EmergencyReportDocument,
  EmergencyReportFullDocument,
  NodeByIdDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { TestClock } from '../../src/core/clock';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 1000 });
});
afterAll(() => t.close());

const STREET = '310101002'; // 南京东路街道
let serial = 0;
function report(overrides: Record<string, unknown> = {}) {
  return {
    emergencyType: 'FIRE' as const,
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    areaCode: STREET,
    description: '居民家中起火,一家三口暂无住处。',
    channel: 'HOTLINE' as const,
    address: '南京东路某弄某号',
    reporterName: '张某',
    reporterPhone: '13800000000',
    idempotencyKey: `test-${Date.now()}-${serial++}`,
    ...overrides,
  };
}

describe('emergency intake', () => {
  it('makes one case of 100 replays of the same report', async () => {
    const input = report();
    const results = await Promise.all(Array.from({ length: 100 }, () => t.gql(EmergencyReportDocument, { input })));
    const ids = new Set(results.map((r) => r.data!.emergencyReport.emergencyCase!.id));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.data!.emergencyReport.userErrors.length === 0)).toBe(true);
    const coordinator = await t.token('COORDINATOR', { area: '310000' });
    const cases = await t.gql(EmergencyCasesDocument, { first: 100 }, { token: coordinator });
    expect(cases.data!.emergencyCases.nodes.filter((c) => ids.has(c.id))).toHaveLength(1);
  });

  it('refuses the same key with a different report', async () => {
    const input = report();
    await t.gql(EmergencyReportDocument, { input });
    const other = await t.gql(EmergencyReportDocument, { input: { ...input, description: '另一件事。' } });
    expect(other.data!.emergencyReport.emergencyCase).toBeNull();
    expect(other.data!.emergencyReport.userErrors).toEqual([
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] }),
    ]);
  });

  it('gives the public only a reference and status', async () => {
    const { data } = await t.gql(EmergencyReportFullDocument, { input: report() });
    const created = data!.emergencyReport.emergencyCase!;
    expect(created.reference).toMatch(/^JJN-\d{8}-[0-9A-Z]{6}$/);
    expect(created.status).toBe('REPORTED');
    expect(created.owner).toBeNull();
    expect(created.verifyDueAt).toBeNull();
    expect(created.overdue).toBeNull();
    expect(JSON.stringify(data)).not.toMatch(/张某|13800000000|南京东路某弄/);
    expect((await t.gql(NodeByIdDocument, { id: created.id })).data!.node).toBeNull();
  });

  it('rejects a report for an unknown or non-street area, and a future date, as INVALID', async () => {
    const bad = await t.gql(EmergencyReportDocument, {
      input: report({ areaCode: '310101', occurredAt: new Date(Date.now() + 86_400_000).toISOString() }),
    });
    expect(bad.data!.emergencyReport.userErrors.map((e) => e.field)).toEqual([['occurredAt'], ['areaCode']]);
  });
});

describe('rate limit', () => {
  it('refuses a client past its per-minute limit with RATE_LIMITED', async () => {
    const limited = await startTestHub({ reportRateLimitPerMinute: 3 });
    try {
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limited.gql(EmergencyReportDocument, { input: report() }));
      expect(results.slice(0, 3).every((r) => r.data?.emergencyReport.emergencyCase)).toBe(true);
      expect(results[3]!.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});

describe('first responder', () => {
  it('gives a case to exactly one of two concurrent caseworkers of its street', async () => {
    const { data } = await t.gql(EmergencyReportDocument, { input: report() });
    const id = data!.emergencyReport.emergencyCase!.id;
    const [a, b] = await Promise.all([
      t.token('CASEWORKER', { area: STREET, sub: 'wang' }),
      t.token('CASEWORKER', { area: STREET, sub: 'li' }),
    ]);
    const results = await Promise.all(
      [a, b].map((token) => t.gql(EmergencyCaseAcceptDocument, { input: { id } }, { token })),
    );
    const owners = results.filter((r) => r.data!.emergencyCaseAccept.userErrors.length === 0);
    const refused = results.filter((r) => r.data!.emergencyCaseAccept.userErrors[0]?.code === 'ALREADY_OWNED');
    expect(owners).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const owner = owners[0]!.data!.emergencyCaseAccept.emergencyCase!.owner!;
    expect(['wang', 'li']).toContain(owner.subject);
    expect(owner.area!.code).toBe(STREET);
    // Accepting again is harmless for the owner.
    const again = await t.gql(
      EmergencyCaseAcceptDocument,
      { input: { id } },
      { token: owner.subject === 'wang' ? a : b },
    );
    expect(again.data!.emergencyCaseAccept.userErrors).toEqual([]);
  });

  it('refuses a caseworker of another district, the public and an auditor', async () => {
    const { data } = await t.gql(EmergencyReportDocument, { input: report() });
    const id = data!.emergencyReport.emergencyCase!.id;
    const xuhui = await t.token('CASEWORKER', { area: '310104003' });
    expect(
      (await t.gql(EmergencyCaseAcceptDocument, { input: { id } }, { token: xuhui })).errors![0]!.extensions!.code,
    ).toBe('FORBIDDEN');
    expect((await t.gql(EmergencyCaseAcceptDocument, { input: { id } })).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    const auditor = await t.token('AUDITOR', { area: '310000' });
    expect(
      (await t.gql(EmergencyCaseAcceptDocument, { input: { id } }, { token: auditor })).errors![0]!.extensions!.code,
    ).toBe('FORBIDDEN');
  });

  it('lists cases by jurisdiction, and what is overdue', async () => {
    const clock = new TestClock();
    const late = await startTestHub(
      {
        reportRateLimitPerMinute: 100,
        caseDeadlines: { default: { verifyHours: 0.0001, respondHours: 0.0002 } },
      },
      { clock },
    );
    try {
      await late.gql(EmergencyReportDocument, { input: report() });
      await late.gql(EmergencyReportDocument, { input: report({ areaCode: '310104003' }) });
      clock.advance(1000);
      const street = await late.token('CASEWORKER', { area: STREET });
      const mine = await late.gql(EmergencyCasesDocument, { filter: { overdue: true } }, { token: street });
      expect(mine.data!.emergencyCases.nodes.map((c) => c.area.code)).toEqual([STREET]);
      expect(mine.data!.emergencyCases.nodes[0]!.overdue).toBe(true);
      const onTime = await late.gql(EmergencyCasesDocument, { filter: { overdue: false } }, { token: street });
      expect(onTime.data!.emergencyCases.totalCount).toBe(0);
      const city = await late.token('AUDITOR', { area: '310000' });
      expect((await late.gql(EmergencyCasesDocument, {}, { token: city })).data!.emergencyCases.totalCount).toBe(2);
      const charity = await late.token('CHARITY', { area: '310000' });
      expect((await late.gql(EmergencyCasesDocument, {}, { token: charity })).errors![0]!.extensions!.code).toBe(
        'FORBIDDEN',
      );
    } finally {
      await late.close();
    }
  });
});
