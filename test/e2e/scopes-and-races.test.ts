import {
  ReportWithCodeDocument,
  GovernmentProgrammeCreateDocument,
  PolicyCreateDocument,
  PolicyPublishDocument,
  PolicyRepealDocument,
  ResourcePauseDocument,
  ResourcePublishDocument,
  ResourceWithdrawDocument,
  type EmergencyReportInput,
} from '../generated/graphql';
import { fromGlobalId } from '../../src/core/relay';
import { hsdsIdFor } from '../../src/modules/hsds/hsds.mapper';
import { castOf, project, publishedProject, STREET, type Cast } from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';

// Regression tests for the review's smaller findings (issue 13, item 10).
let t: TestHub;
let cast: Cast;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
  cast = await castOf(t);
}, 60_000);
afterAll(() => t.close());

const sql = <T>(query: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(query, params);
const codeOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  r.errors?.[0]?.extensions?.code ?? null;

describe('idempotency keys are scoped by channel and caller', () => {
  let serial = 0;
  const report = (overrides: Partial<EmergencyReportInput> = {}): EmergencyReportInput => ({
    emergencyType: 'FIRE',
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    areaCode: STREET,
    description: `居民家中起火 ${serial++}`,
    channel: 'HOTLINE',
    idempotencyKey: 'call-0001',
    ...overrides,
  });
  const send = async (input: EmergencyReportInput, token?: string) => {
    const r = await t.gql(ReportWithCodeDocument, { input }, { token });
    return {
      id: r.data?.emergencyReport.emergencyCase?.id ?? null,
      code: r.data?.emergencyReport.trackingCode ?? null,
      userErrors: r.data?.emergencyReport.userErrors.map((e) => e.code) ?? [],
      errors: r.errors,
    };
  };

  // Fails on the code before: the second operator's report under the same key got IDEMPOTENCY_KEY_REUSED.
  it('keeps two callers’ reports under the same key apart, and each caller’s retry idempotent', async () => {
    const [one, two] = await Promise.all([
      t.token('CASEWORKER', { area: STREET, sub: 'hotline-operator-1' }),
      t.token('CASEWORKER', { area: STREET, sub: 'hotline-operator-2' }),
    ]);
    const first = report();
    const a = await send(first, one);
    const b = await send(report(), two);
    expect(a.userErrors).toEqual([]);
    expect(b.userErrors).toEqual([]);
    expect(b.id).not.toBeNull();
    expect(b.id).not.toBe(a.id);
    expect(b.code).not.toBe(a.code);
    // The same caller's retry returns its report; the same key for another report is still refused.
    expect((await send(first, one)).id).toBe(a.id);
    expect((await send(first, one)).code).toBe(a.code);
    expect((await send(report(), one)).userErrors).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    // Another channel is another namespace, also for the public.
    const web = await send(report({ channel: 'PUBLIC_REPORT', idempotencyKey: 'call-0001' }));
    const hotline = await send(report({ channel: 'HOTLINE', idempotencyKey: 'call-0001' }));
    expect([web.userErrors, hotline.userErrors]).toEqual([[], []]);
    expect(new Set([a.id, b.id, web.id, hotline.id]).size).toBe(4);
  });

  it('still finds a report recorded before keys were scoped: any caller’s key finds it, as it did then', async () => {
    const input = report({ idempotencyKey: 'legacy-0001' });
    const original = await send(input);
    await sql(`update emergency_case set idempotency_scope = 'legacy' where id = ?`, [fromGlobalId(original.id!)!.id]);
    const retried = await send(input);
    expect(retried.id).toBe(original.id);
    expect((await send(input, cast.caseworker)).id).toBe(original.id);
  });
});

describe('a resource’s status changes never overwrite EXHAUSTED', () => {
  // Fails on the code before: the pause read PUBLISHED, waited for the row, then wrote PAUSED over EXHAUSTED.
  it('refuses a pause decided before the last capacity was taken, and the resource stays EXHAUSTED', async () => {
    const id = await publishedProject(
      t,
      cast.charity,
      project(cast.charityOrgId, { capacity: { unit: 'fen', total: 1_000 } }),
    );
    const local = fromGlobalId(id)!.id;
    const reservation = await t.orm.em.getConnection().getKnex().transaction();
    try {
      // A reservation taking the last capacity, as reserveCapacity's conditional UPDATE does, not yet committed.
      await reservation.raw(
        `update resource set capacity_remaining = 0, status = 'EXHAUSTED'::resource_status where id = ? and status = 'PUBLISHED'`,
        [local],
      );
      const pausing = t.gql(ResourcePauseDocument, { input: { id } }, { token: cast.charity });
      for (const end = Date.now() + 20_000; ; await new Promise((r) => setTimeout(r, 20))) {
        const [row] = await sql<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (row!.n > 0) break;
        if (Date.now() > end) throw new Error('the pause never waited for the row');
      }
      await reservation.commit();
      const paused = await pausing;
      expect(paused.data!.resourcePause.userErrors.map((e) => e.code)).toEqual(['WRONG_STATE']);
    } catch (error) {
      await reservation.rollback().catch(() => undefined);
      throw error;
    }
    const [row] = await sql<{ status: string }>(`select status from resource where id = ?`, [local]);
    expect(row!.status).toBe('EXHAUSTED');
  }, 60_000);
});

describe('coordinators act within their jurisdiction', () => {
  const policy = (title: string, areaCode?: string) => ({
    title,
    issuers: ['黄浦区民政局'],
    body: '第一条 为做好临时救助工作，制定本办法。',
    ...(areaCode ? { areaCode } : {}),
  });
  const createPolicy = async (token: string, title: string, areaCode?: string) => {
    const r = await t.gql(PolicyCreateDocument, { input: policy(title, areaCode) }, { token });
    return { id: r.data?.policyCreate.policy?.id ?? null, code: codeOf(r) };
  };

  // Fails on the code before: a district's coordinator published and repealed the city's policies.
  it('lets a district’s coordinator publish and repeal its district’s policies only; the city’s, every one', async () => {
    const district = cast.districtCoordinator; // 310101 黄浦区
    const xuhui = await t.token('COORDINATOR', { area: '310104', sub: 'xuhui-coordinator' });
    const cityPolicy = (await createPolicy(cast.coordinator, `全市临时救助办法-${process.pid}`)).id!;
    const districtPolicy = (await createPolicy(district, `黄浦区临时救助细则-${process.pid}`)).id!;
    const publish = (id: string, token: string) => t.gql(PolicyPublishDocument, { input: { id } }, { token });
    expect(codeOf(await publish(cityPolicy, district))).toBe('FORBIDDEN');
    expect(codeOf(await publish(districtPolicy, xuhui))).toBe('FORBIDDEN');
    expect((await publish(districtPolicy, district)).data!.policyPublish.policy!.status).toBe('PUBLISHED');
    expect((await publish(cityPolicy, cast.coordinator)).data!.policyPublish.policy!.status).toBe('PUBLISHED');
    const repeal = (id: string, token: string) =>
      t.gql(PolicyRepealDocument, { input: { id, reason: '已被新办法替代' } }, { token });
    expect(codeOf(await repeal(cityPolicy, district))).toBe('FORBIDDEN');
    expect(codeOf(await repeal(districtPolicy, xuhui))).toBe('FORBIDDEN');
    expect((await repeal(districtPolicy, cast.coordinator)).data!.policyRepeal.policy!.status).toBe('REPEALED');
    // A district's coordinator cannot record a policy for the city, nor for another district.
    expect((await createPolicy(district, '越权', '310000')).code).toBe('FORBIDDEN');
    expect((await createPolicy(district, '越权', '310104')).code).toBe('FORBIDDEN');
    const [row] = await sql<{ status: string }>(`select status from policy where id = ?`, [
      fromGlobalId(cityPolicy)!.id,
    ]);
    expect(row!.status).toBe('PUBLISHED');
  });

  // Fails on the code before: any coordinator published and withdrew any resource.
  it('lets a district’s coordinator publish and withdraw only resources serving its district', async () => {
    const district = cast.districtCoordinator;
    const programme = (serviceAreaCodes: string[]) => ({
      providerId: cast.otherOrgId,
      title: `临时救助-${serviceAreaCodes.join('-')}-${process.pid}`,
      description: '对遭遇急难的家庭给予临时救助。',
      forms: ['CASH' as const],
      emergencyTypes: ['FIRE' as const],
      serviceAreaCodes,
      capacity: { unit: 'fen', total: 100_000 },
    });
    const create = async (token: string, areas: string[]) => {
      const r = await t.gql(GovernmentProgrammeCreateDocument, { input: programme(areas) }, { token });
      return { id: r.data?.governmentProgrammeCreate.resource?.id ?? null, code: codeOf(r) };
    };
    const elsewhere = (await create(cast.coordinator, ['310104'])).id!;
    const own = (await create(district, ['310101'])).id!;
    expect((await create(district, ['310104'])).code).toBe('FORBIDDEN');
    const publish = (id: string, token: string) => t.gql(ResourcePublishDocument, { input: { id } }, { token });
    expect(codeOf(await publish(elsewhere, district))).toBe('FORBIDDEN');
    expect((await publish(own, district)).data!.resourcePublish.resource!.status).toBe('PUBLISHED');
    expect((await publish(elsewhere, cast.coordinator)).data!.resourcePublish.resource!.status).toBe('PUBLISHED');
    const withdraw = (id: string, token: string) => t.gql(ResourceWithdrawDocument, { input: { id } }, { token });
    expect(codeOf(await withdraw(elsewhere, district))).toBe('FORBIDDEN');
    expect((await withdraw(own, district)).data!.resourceWithdraw.resource!.status).toBe('WITHDRAWN');
  });
});

describe('GET /hsds/services/<uuid>', () => {
  // Fails on the code before: the lookup read the id of every published resource (a statement returning all of them).
  it('looks the service up by its stored HSDS id: no statement returns more than a row of resources', async () => {
    const id = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const [{ n }] = (await sql<{ n: number }>(
      `select count(*)::int as n from resource where status = 'PUBLISHED'`,
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(10);
    const knex = t.orm.em.getConnection().getKnex();
    const statements: { sql: string; rows: number }[] = [];
    const listen = (response: unknown, query: { sql?: string }) => {
      const rows = Array.isArray(response)
        ? response.length
        : ((response as { rows?: unknown[] } | null)?.rows?.length ?? 0);
      statements.push({ sql: String(query.sql ?? ''), rows });
    };
    knex.on('query-response', listen);
    try {
      const response = await fetch(`${t.url.replace(/\/graphql$/, '')}/hsds/services/${hsdsIdFor(id)}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { name: string }).name).toEqual(expect.any(String));
    } finally {
      knex.removeListener('query-response', listen);
    }
    const onResources = statements.filter((s) => /from "resource"/.test(s.sql));
    expect(onResources.length).toBeGreaterThan(0);
    expect(onResources.map((s) => s.rows)).toEqual(onResources.map(() => 1));
    const [plan] = await sql<{ 'QUERY PLAN': string }>(`explain select id from resource where hsds_id = ?`, [
      hsdsIdFor(id),
    ]);
    expect(JSON.stringify(plan)).toMatch(/resource_hsds_id_unique/);
  });
});
