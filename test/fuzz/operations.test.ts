import fc from 'fast-check';
import type { GraphQLInputType } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../support/hub';
import { valueFor, type ValueContext } from './arbitraries';
import { operationsOf, problemsOf, type Finding } from './support';

// Every query, mutation and subscription of the schema, with hostile arguments, as the public and as each role:
// no 5xx, no INTERNAL_SERVER_ERROR, no stack trace; afterwards the hub answers and no record is half-written.
// FUZZ_SEED replays a run; FUZZ_RUNS sets the samples per operation and viewer (bounded for `npm test`).
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const CONCURRENCY = 4;
// A time budget keeps the suite bounded on a loaded machine: samples are ordered round-robin (every operation
// and viewer once, then again), so a cut run still covers every operation (asserted).
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 25_000);

jest.setTimeout(60_000);

let t: TestHub;
const tokens: (string | undefined)[] = [undefined];
const ctx: { ids: string[]; areaCodes: string[] } = { ids: [], areaCodes: [] };

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 100_000 });
  const seen = await t.post({
    query: `{ areas(search: "", first: 100) { id code } organizations(first: 20) { nodes { id } }
      policies(first: 10) { nodes { id } } resources(first: 30) { nodes { id } } }`,
  });
  const data = (seen.body as { data: Record<string, unknown> }).data as {
    areas: { id: string; code: string }[];
    organizations: { nodes: { id: string }[] };
    policies: { nodes: { id: string }[] };
    resources: { nodes: { id: string }[] };
  };
  ctx.areaCodes.push(...data.areas.map((a) => a.code).slice(0, 40), '310101002', '310115005');
  ctx.ids.push(
    ...data.areas.slice(0, 5).map((a) => a.id),
    ...data.organizations.nodes.map((o) => o.id),
    ...data.policies.nodes.map((p) => p.id),
    ...data.resources.nodes.map((r) => r.id),
  );
  const org = data.organizations.nodes[0]!.id;
  tokens.push(
    await t.token('COORDINATOR', { area: '310000', sub: 'fuzz-coordinator' }),
    await t.token('CASEWORKER', { area: '310101002', sub: 'fuzz-caseworker' }),
    await t.token('CHARITY', { org, area: '310000', sub: 'fuzz-charity' }),
    await t.token('AUDITOR', { area: '310000', sub: 'fuzz-auditor' }),
  );
});
afterAll(() => t?.close());

async function pool<T>(items: T[], worker: (item: T) => Promise<void>, budgetMs: number): Promise<number> {
  const deadline = Date.now() + budgetMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length && Date.now() < deadline) await worker(items[next++]!);
    }),
  );
  return next;
}

function samples(
  args: readonly { name: string; type: GraphQLInputType }[],
  values: ValueContext,
  n: number,
  seed: number,
) {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of args) shape[a.name] = valueFor(a.type, a.name, values);
  return fc.sample(fc.record(shape, { requiredKeys: [] }), { numRuns: n, seed });
}

describe(`fuzz: every operation with hostile input (seed ${SEED})`, () => {
  it('never answers 5xx, INTERNAL_SERVER_ERROR or a stack trace over HTTP', async () => {
    const operations = operationsOf(t.hub.schema).filter((o) => o.kind !== 'subscription');
    expect(operations.length).toBeGreaterThan(30);
    const jobs: { document: string; name: string; variables: unknown; token?: string; round: number }[] = [];
    operations.forEach((op, i) => {
      tokens.forEach((token, j) => {
        samples(op.field.args, ctx, RUNS, SEED + i * 7 + j).forEach((variables, round) => {
          jobs.push({ document: op.document, name: op.field.name, variables, token, round });
        });
      });
    });
    jobs.sort((a, b) => a.round - b.round);
    const findings: Finding[] = [];
    const sent = await pool(
      jobs,
      async (job) => {
        const headers: Record<string, string> = job.token ? { authorization: `Bearer ${job.token}` } : {};
        const res = await t.post({ query: job.document, variables: job.variables }, headers);
        const problem = problemsOf(res.status, res.text);
        if (problem) findings.push({ operation: job.name, status: res.status, problem, variables: job.variables });
      },
      BUDGET_MS,
    );
    expect(findings.slice(0, 5)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(Math.min(jobs.length, operations.length * tokens.length));
  });

  it('never answers INTERNAL_SERVER_ERROR or a stack trace over WebSocket, and other streams go on', async () => {
    const subscriptions = operationsOf(t.hub.schema).filter((o) => o.kind === 'subscription');
    expect(subscriptions.length).toBeGreaterThan(0);
    const findings: Finding[] = [];
    for (const token of tokens) {
      const client = createClient({
        url: t.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
      });
      try {
        for (const [i, op] of subscriptions.entries()) {
          for (const variables of samples(op.field.args, ctx, RUNS, SEED + 1000 + i)) {
            const outcome = await new Promise<string>((resolve) => {
              const timer = setTimeout(() => {
                dispose();
                resolve('');
              }, 300);
              const dispose = client.subscribe(
                { query: op.document, variables: variables as Record<string, unknown> },
                {
                  next: (r) => {
                    if (r.errors) {
                      clearTimeout(timer);
                      dispose();
                      resolve(JSON.stringify(r.errors));
                    }
                  },
                  error: (e) => {
                    clearTimeout(timer);
                    resolve(JSON.stringify(e instanceof Error ? { message: e.message } : e));
                  },
                  complete: () => {
                    clearTimeout(timer);
                    resolve('');
                  },
                },
              );
            });
            const problem = problemsOf(200, outcome);
            if (problem) findings.push({ operation: op.field.name, status: 0, problem, variables });
          }
        }
      } finally {
        await client.dispose();
      }
    }
    expect(findings.slice(0, 5)).toEqual([]);
  });

  it('is still healthy afterwards, with no half-written record', async () => {
    const ready = await fetch(t.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    const areas = await t.post({ query: '{ areas { code } }' });
    expect(areas.body).toEqual({ data: { areas: [{ code: '310000' }] } });
    const conn = t.orm.em.fork().getConnection();
    const broken = await conn.execute<{ what: string; n: number }[]>(`
      select 'capacity' as what, count(*)::int as n from resource
        where capacity_remaining < 0 or capacity_remaining > capacity_total
      union all select 'case without area', count(*)::int from emergency_case where area_id is null
      union all select 'need without case', count(*)::int from need n where not exists (select 1 from emergency_case c where c.id = n.case_id)
      union all select 'blank title', count(*)::int from resource where btrim(title) = ''
      union all select 'blank policy', count(*)::int from policy where btrim(title) = ''
      union all select 'blank organisation', count(*)::int from organization where btrim(name) = ''`);
    expect(broken.filter((r) => r.n > 0)).toEqual([]);
  });
});
