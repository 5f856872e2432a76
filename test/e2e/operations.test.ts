import net from 'node:net';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, print } from 'graphql';
import parsePrometheusTextFormat, { type Family } from 'parse-prometheus-text-format';
import { createLogger } from '../../src/core/logger';
import { HUB_JOBS } from '../../src/jobs';
import { EmergencyReportDocument, ResourcePublishedDocument } from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { redisRelay } from '../support/redis-relay';
import { subscribe } from '../support/ws';

const METRICS_TOKEN = 'metrics-token-for-the-operations-test';

// Log lines of hub `t`, as the operator would read them.
const lines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub(
    { metricsToken: METRICS_TOKEN, reportRateLimitPerMinute: 1000, logLevel: 'info', redisUrl: undefined },
    { log: createLogger({ logLevel: 'info' }, logStream) },
  );
});
afterAll(() => t.close());

const base = () => t.url.replace(/\/graphql$/, '');

async function scrape(hub: TestHub = t): Promise<Map<string, Family>> {
  const response = await fetch(hub.url.replace(/\/graphql$/, '/metrics'), {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return new Map(parsePrometheusTextFormat(await response.text()).map((f) => [f.name, f]));
}

function sample(families: Map<string, Family>, name: string, labels: Record<string, string>) {
  return families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

describe('/metrics', () => {
  it('answers only with METRICS_TOKEN, and 404 where it is not configured', async () => {
    const url = `${base()}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    const off = await startTestHub();
    try {
      const response = await fetch(off.url.replace(/\/graphql$/, '/metrics'));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/hub_/);
    } finally {
      await off.close();
    }
  }, 60_000); // starts a hub of its own

  it('parses with a Prometheus parser and has every family the operator needs', async () => {
    const families = await scrape();
    for (const [name, type] of [
      ['hub_http_request_duration_seconds', 'HISTOGRAM'],
      ['hub_graphql_operation_duration_seconds', 'HISTOGRAM'],
      ['hub_graphql_operations_total', 'COUNTER'],
      ['hub_graphql_errors_total', 'COUNTER'],
      ['hub_subscriptions_active', 'GAUGE'],
      ['hub_outbox_lag_events', 'GAUGE'],
      ['hub_db_pool_connections', 'GAUGE'],
      ['hub_job_runs_total', 'COUNTER'],
      ['process_cpu_user_seconds_total', 'COUNTER'],
      ['nodejs_eventloop_lag_seconds', 'GAUGE'],
    ] as const) {
      expect({ name, type: families.get(name)?.type }).toEqual({ name, type });
    }
    for (const state of ['total', 'idle', 'waiting']) {
      expect(Number(sample(families, 'hub_db_pool_connections', { state })?.value)).toBeGreaterThanOrEqual(0);
    }
    expect(Number(sample(families, 'hub_outbox_lag_events', {})?.value)).toBeGreaterThanOrEqual(0);
    // Without MEILI_URL there is no relay to lag behind.
    expect(families.has('hub_search_relay_lag_events')).toBe(false);
  });

  it('moves the counters: an operation by its name, an error by its code, a job run by its outcome', async () => {
    const before = await scrape();
    const count = (f: Map<string, Family>, labels: Record<string, string>) =>
      Number(sample(f, 'hub_graphql_operations_total', labels)?.value ?? 0);
    const errors = (f: Map<string, Family>) =>
      Number(sample(f, 'hub_graphql_errors_total', { code: 'BAD_USER_INPUT', transport: 'http' })?.value ?? 0);
    const jobName = HUB_JOBS[0]!.name;
    const jobs = (f: Map<string, Family>) =>
      Number(sample(f, 'hub_job_runs_total', { job: jobName, outcome: 'ok' })?.value ?? 0);
    await t.post({ query: 'query MetricsProbe { __typename }' });
    await t.post({ query: 'query MetricsProbe { __typename }' });
    await t.post({ query: '{ noSuchField }' });
    await t.hub.jobs.run(jobName);
    const after = await scrape();
    expect(
      count(after, { operation: 'MetricsProbe', type: 'query' }) -
        count(before, { operation: 'MetricsProbe', type: 'query' }),
    ).toBe(2);
    expect(errors(after) - errors(before)).toBe(1);
    expect(jobs(after) - jobs(before)).toBe(1);
    // This parser folds a labelled histogram into one sample: read the HTTP histogram's count from the text.
    const text = await (
      await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const posts =
      /^hub_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} (\d+)$/m.exec(text);
    expect(Number(posts?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('counts the errors sent over graphql-ws by code: operations refused, and an error in a streamed result', async () => {
    const wsErrors = (f: Map<string, Family>) => {
      const byCode = new Map<string, number>();
      for (const m of f.get('hub_graphql_errors_total')?.metrics ?? [])
        if (m.labels?.transport === 'ws') byCode.set(m.labels.code!, Number(m.value));
      return byCode;
    };
    const httpErrors = (f: Map<string, Family>) =>
      (f.get('hub_graphql_errors_total')?.metrics ?? [])
        .filter((m) => m.labels?.transport === 'http')
        .reduce((sum, m) => sum + Number(m.value), 0);
    const codeOf = (error: unknown) => String((error as { extensions?: { code?: unknown } }).extensions?.code);
    const before = await scrape();
    // Refused before it runs (graphql-ws's Error message): not valid against the schema.
    const invalid = await subscribe(
      t.url,
      parse('subscription MetricsInvalid { noSuchField }') as TypedDocumentNode<unknown, Record<string, never>>,
      {},
    );
    // Refused too: two operations and no operationName to choose one.
    const unnamed = await subscribe(
      t.url,
      parse(
        'subscription A { resourcePublished { cursor } } subscription B { resourcePublished { cursor } }',
      ) as TypedDocumentNode<unknown, Record<string, never>>,
      {},
    );
    // Runs, and its result carries the error (graphql-ws's Next message): a cursor that is not one.
    const badCursor = await subscribe(t.url, ResourcePublishedDocument, { after: 'not-a-cursor' });
    const all = [invalid, unnamed, badCursor];
    try {
      const deadline = Date.now() + 5000;
      while (all.some((s) => s.errors.length === 0) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      for (const s of all) expect(s.errors.flat()).toHaveLength(1);
      const sent = all.flatMap((s) => s.errors.flat()).map(codeOf);
      // The client's mistakes, coded as over HTTP (not masked as faults of the hub).
      expect(sent).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
      const after = await scrape();
      const expected = new Map<string, number>();
      for (const c of sent) expected.set(c, (expected.get(c) ?? 0) + 1);
      const [was, now] = [wsErrors(before), wsErrors(after)];
      for (const [c, n] of expected)
        expect({ code: c, counted: (now.get(c) ?? 0) - (was.get(c) ?? 0) }).toEqual({ code: c, counted: n });
      // Nothing counted twice, nor as an HTTP error.
      const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      expect(total(now) - total(was)).toBe(3);
      expect(httpErrors(after)).toBe(httpErrors(before));
    } finally {
      await Promise.all(all.map((s) => s.close()));
    }
  });

  it('counts the subscriptions streaming now', async () => {
    const active = async () => Number(sample(await scrape(), 'hub_subscriptions_active', {})?.value);
    const start = await active();
    const sub = await subscribe(t.url, ResourcePublishedDocument, { filter: { areaCode: '310104' } });
    try {
      expect(await active()).toBe(start + 1);
    } finally {
      await sub.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await active()).toBe(start);
  });
});

describe('access log', () => {
  it('names the GraphQL operation and never shows its variables', async () => {
    const phone = '13912345678';
    const name = '访问日志测试人';
    const input = {
      emergencyType: 'FIRE' as const,
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
      areaCode: '310101002',
      description: '访问日志测试。',
      channel: 'HOTLINE' as const,
      reporterName: name,
      reporterPhone: phone,
      idempotencyKey: `access-log-${Date.now()}`,
    };
    const requestId = `access-log-${Date.now()}`;
    // The client's operationName field is not what is logged: the name in the parsed document is.
    await t.post(
      { query: print(EmergencyReportDocument), variables: { input }, operationName: 'EmergencyReport' },
      { 'x-request-id': requestId },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const entry = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.requestId === requestId && l.msg === 'request');
    expect(entry).toMatchObject({
      path: expect.stringMatching(/^\/graphql/),
      status: 200,
      operationName: 'EmergencyReport',
      operationType: 'mutation',
    });
    const all = lines.join('\n');
    expect(all).not.toContain(phone);
    expect(all).not.toContain(name);
  });
});

describe('/readyz', () => {
  const ready = async (hub: TestHub) => {
    const response = await fetch(hub.url.replace(/\/graphql$/, '/readyz'));
    return {
      status: response.status,
      body: (await response.json()) as { status: string; checks: Record<string, string> },
    };
  };

  it('is ready when the database and the configured Redis answer', async () => {
    if (!process.env.REDIS_URL) throw new Error('this test needs REDIS_URL (the machine has a Redis server)');
    const withRedis = await startTestHub({ redisUrl: process.env.REDIS_URL });
    try {
      expect(await ready(withRedis)).toEqual({
        status: 200,
        body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
      });
    } finally {
      await withRedis.close();
    }
    // Without REDIS_URL, Redis is not checked.
    expect((await ready(t)).body.checks).toEqual({ database: 'ok' });
  }, 60_000); // starts a hub of its own

  it('answers 503 once the configured Redis stops answering', async () => {
    if (!process.env.REDIS_URL) throw new Error('this test needs REDIS_URL (the machine has a Redis server)');
    const relay = await redisRelay(new URL(process.env.REDIS_URL));
    const hub = await startTestHub({ redisUrl: relay.url });
    try {
      expect((await ready(hub)).status).toBe(200);
      await relay.cut();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answer = await ready(hub);
      expect(answer).toEqual({
        status: 503,
        body: { status: 'not ready', checks: { database: 'ok', redis: 'unavailable' } },
      });
    } finally {
      await hub.close();
    }
  }, 60_000); // starts a hub of its own

  it('reports an unreachable Meilisearch without leaving the load balancer (searches fall back to PostgreSQL)', async () => {
    const dead = net.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', () => resolve()));
    const { port } = dead.address() as net.AddressInfo;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const hub = await startTestHub({
      meiliUrl: `http://127.0.0.1:${port}`,
      redisUrl: undefined,
      metricsToken: METRICS_TOKEN,
    });
    try {
      const answer = await ready(hub);
      expect(answer.status).toBe(200);
      expect(answer.body.checks.search).toMatch(/^unavailable/);
      // With Meilisearch configured, its relay's lag is measured too.
      expect((await scrape(hub)).get('hub_search_relay_lag_events')?.type).toBe('GAUGE');
    } finally {
      await hub.close();
    }
  }, 60_000); // starts a hub of its own
});
