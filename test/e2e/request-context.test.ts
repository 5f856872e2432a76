import http from 'node:http';
import zlib from 'node:zlib';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/core/logger';
import { toGlobalId } from '../../src/core/relay';
import { positional, readRows } from '../../src/core/rows';
import { startTestHub, type TestHub } from '../support/hub';

let t: TestHub;
let policyIds: string[];
beforeAll(async () => {
  t = await startTestHub();
  policyIds = (
    await t.orm.em.fork().execute<{ id: string }[]>(`select id from policy where status = 'PUBLISHED' order by id`)
  ).map((r) => r.id);
  expect(policyIds.length).toBeGreaterThan(0);
});
afterAll(() => t.close());

const log = createLogger({ logLevel: 'silent' });
const contextOf = () => createContext({ em: t.orm.em, viewer: null, services: t.hub.services, log });

/** The statements the work runs on the pool (knex's query events), background work left out. */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const knex = t.orm.em.getKnex();
  const seen: string[] = [];
  const onQuery = (query: { sql: string }) => {
    if (!/domain_event|skip locked|^(begin|commit|rollback)/i.test(query.sql)) seen.push(query.sql);
  };
  knex.on('query', onQuery);
  try {
    await work();
  } finally {
    knex.off('query', onQuery);
  }
  return seen;
}

describe("a request's loaders", () => {
  it('are built per module on first use, and stay the same for the rest of the request', () => {
    const ctx = contextOf();
    const loaders = ctx.loaders as unknown as { built: unknown[]; policyView: unknown; policyText: unknown };
    expect(loaders.built.filter(Boolean)).toHaveLength(0);
    const view = loaders.policyView;
    expect(loaders.policyView).toBe(view);
    // The policies module's loaders came together; no other module's were built.
    expect(loaders.built.filter(Boolean)).toHaveLength(1);
    expect(loaders.policyText).toBe(loaders.policyText);
    expect(loaders.built.filter(Boolean)).toHaveLength(1);
    // Another request has loaders (and caches) of its own.
    expect((contextOf().loaders as unknown as { policyView: unknown }).policyView).not.toBe(view);
  });

  it('read views without forking the EntityManager, and share one cache: two loads of a policy are one statement', async () => {
    const ctx = contextOf();
    const statements = await statementsOf(async () => {
      const [a, b] = await Promise.all([
        ctx.loaders.policyView.load(policyIds[0]!),
        ctx.loaders.policyView.load(policyIds[0]!),
      ]);
      expect(a).toBe(b);
      expect(await ctx.loaders.policyView.load(policyIds[0]!)).toBe(a);
    });
    // Only the policy statements: the hub's jobs (outbox relay, sweeps) may run beside the test.
    expect(statements.filter((s) => /from policy/.test(s))).toHaveLength(1);
    expect((ctx as unknown as { openedEm?: unknown }).openedEm).toBeUndefined();
    // A loader that needs the unit of work forks on its first call, once.
    const managed = await ctx.loaders.policyById.load(policyIds[0]!);
    expect(managed?.id).toBe(policyIds[0]);
    expect((ctx as unknown as { openedEm?: unknown }).openedEm).toBe(ctx.em);
  });

  it('over GraphQL, two fields reading the same policy make one statement', async () => {
    const id = toGlobalId('Policy', policyIds[0]!);
    let body: unknown;
    const statements = await statementsOf(async () => {
      ({ body } = await t.post({
        query: 'query Two($id: ID!) { a: policy(id: $id) { id title } b: policy(id: $id) { status issuedOn } }',
        variables: { id },
      }));
    });
    const { data } = body as { data: { a: { id: string }; b: { status: string } } };
    expect(data.a.id).toBe(id);
    expect(data.b.status).toBe('PUBLISHED');
    expect(statements.filter((s) => /from policy/.test(s))).toHaveLength(1);
  });
});

describe('a GraphQL answer over HTTP', () => {
  it('carries its request id and no ETag (nothing revalidates a POST answer; the body is not hashed)', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-etag-1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    expect(response.headers.get('x-request-id')).toBe('req-etag-1');
    expect(response.headers.get('etag')).toBeNull();
  });
});

/** A raw POST (no automatic decompression): status, headers and the body's bytes as sent. */
function rawPost(body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
    const req = http.request(
      t.url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('compression of GraphQL answers', () => {
  const large = JSON.stringify({ query: '{ __schema { types { name description } } }' });
  const small = JSON.stringify({ query: '{ __typename }' });

  it('compresses an answer above 1 KB in the encoding the client prefers, the same JSON once decoded', async () => {
    const plain = await rawPost(large, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(1024);
    expect(Number(plain.headers['content-length'])).toBe(plain.bytes.length);
    const gzipped = await rawPost(large, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.bytes.length).toBeLessThan(plain.bytes.length);
    expect(zlib.gunzipSync(gzipped.bytes).toString()).toBe(plain.bytes.toString());
    const brotli = await rawPost(large, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(brotli.bytes).toString()).toBe(plain.bytes.toString());
  });

  it('sends an answer below 1 KB as it is, still varying by Accept-Encoding', async () => {
    const answer = await rawPost(small, { 'accept-encoding': 'gzip, br' });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(answer.bytes.toString())).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('readRows', () => {
  it('turns ? into $n outside quotes and comments, and keeps $n statements as they are', () => {
    expect(positional(`select '?' as a, "q?" from t where x = ? and y = any(?) -- ?\n and z = ? /* ? */`)).toBe(
      `select '?' as a, "q?" from t where x = $1 and y = any($2) -- ?\n and z = $3 /* ? */`,
    );
    expect(positional(`select 'it''s ?' where a = ?`)).toBe(`select 'it''s ?' where a = $1`);
    expect(positional('select * from t where id = $1')).toBe('select * from t where id = $1');
    expect(() => positional('select ?? from t')).toThrow(SyntaxError);
  });

  it('binds parameters (never splices them) and returns what em.execute returns', async () => {
    const em = t.orm.em.fork();
    const hostile = `x' or '1'='1`;
    expect(await readRows(em, 'select id from policy where title = ?', [hostile])).toEqual([]);
    const sql = 'select id, title, status, issued_on, issuers, created_at from policy where id = any(?::uuid[])';
    const param = `{${policyIds.join(',')}}`;
    const mine = await readRows(em, sql, [param]);
    expect(mine).toEqual(await em.execute(sql, [param]));
    expect(mine).toHaveLength(policyIds.length);
  });

  it('inside a transaction, runs on the transaction and sees what it wrote', async () => {
    await t.orm.em
      .fork()
      .transactional(async (tx) => {
        await tx.execute(`update policy set title = 'readRows 事务内' where id = ?`, [policyIds[0]!]);
        expect(await readRows<{ title: string }>(tx, 'select title from policy where id = ?', [policyIds[0]!])).toEqual(
          [{ title: 'readRows 事务内' }],
        );
        // Outside it, on the pool, the change is not visible yet.
        const outside = await readRows<{ title: string }>(t.orm.em.fork(), 'select title from policy where id = ?', [
          policyIds[0]!,
        ]);
        expect(outside[0]!.title).not.toBe('readRows 事务内');
        throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
  });
});

class RollBack extends Error {}
