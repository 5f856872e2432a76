import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { Redis } from 'ioredis';
import { latestEventId, readEvents } from '../../src/events/outbox';
import { EmergencyReportDocument, SearchPoliciesDocument } from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { redisRelay } from '../support/redis-relay';

// Needs the machine's Redis (REDIS_URL), as CI has: the limits of `a` and `b` live there under one prefix.
const REDIS_URL = process.env.REDIS_URL;
const PREFIX = `test:shared:${randomUUID()}`;
const ALLOWED = 'https://console.example.gov.cn';

let a: TestHub; // behind one trusted proxy hop (TRUST_PROXY=1)
let b: TestHub; // trusts no proxy; same Redis and prefix as `a`
beforeAll(async () => {
  if (!REDIS_URL) throw new Error('these tests need REDIS_URL (the machine has a Redis server)');
  const shared = {
    redisUrl: REDIS_URL,
    rateLimitPrefix: PREFIX,
    reportRateLimitPerMinute: 3,
    writeRateLimitPerMinute: 4,
    searchRateLimitPerMinute: 3,
  };
  [a, b] = await Promise.all([
    startTestHub({ ...shared, trustProxy: 1, corsOrigins: [ALLOWED] }),
    startTestHub({ ...shared, trustProxy: false }),
  ]);
}, 90_000); // two hubs, each over its own seeded database
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

let serial = 0;
function report() {
  return {
    emergencyType: 'FIRE' as const,
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    areaCode: '310101002',
    description: '居民家中起火,一家三口暂无住处。',
    channel: 'PUBLIC_REPORT' as const,
    idempotencyKey: `proxy-${randomUUID()}-${serial++}`,
  };
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function reportFrom(hub: TestHub, forwardedFor?: string): Promise<Answer> {
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  const { body } = await hub.post({ query: print(EmergencyReportDocument), variables: { input: report() } }, headers);
  return body as Answer;
}

const code = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

describe('TRUST_PROXY', () => {
  it('limits two residents behind the proxy separately when the proxy is trusted', async () => {
    for (let i = 0; i < 3; i++) expect(code(await reportFrom(a, '203.0.113.10'))).toBeUndefined();
    const limited = await reportFrom(a, '203.0.113.10');
    expect(code(limited)).toBe('RATE_LIMITED');
    expect(limited.errors![0]!.extensions!.retryAfter).toEqual(expect.any(Number));
    expect(limited.errors![0]!.extensions!.retryAfter as number).toBeGreaterThan(0);
    // The other resident, through the same proxy, still gets through.
    expect(code(await reportFrom(a, '203.0.113.11'))).toBeUndefined();
    // A client cannot pick a fresh address by prepending one: only the hop the proxy added counts.
    expect(code(await reportFrom(a, '198.51.100.7, 203.0.113.10'))).toBe('RATE_LIMITED');
  });

  it('counts every resident as the proxy (one shared bucket) when no proxy is trusted', async () => {
    for (let i = 0; i < 3; i++) expect(code(await reportFrom(b, '203.0.113.20'))).toBeUndefined();
    expect(code(await reportFrom(b, '203.0.113.21'))).toBe('RATE_LIMITED');
  });

  it('takes the protocol from X-Forwarded-Proto only from a trusted proxy', async () => {
    const info = async (hub: TestHub) =>
      (await (
        await fetch(hub.url.replace(/\/graphql$/, '/hsds/'), { headers: { 'x-forwarded-proto': 'https' } })
      ).json()) as { publisher: { website: string } };
    expect((await info(a)).publisher.website).toMatch(/^https:\/\//);
    expect((await info(b)).publisher.website).toMatch(/^http:\/\//);
  });
});

const WRITE = 'mutation Accept($id: ID!) { emergencyCaseAccept(input: { id: $id }) { userErrors { code } } }';

async function raw(hub: TestHub, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Answer,
  };
}

describe('shared rate limits (Redis)', () => {
  it('gives two instances on one Redis one write limit per token, and other tokens their own', async () => {
    const [mine, other] = await Promise.all([
      a.token('CASEWORKER', { area: '310101002', sub: `writer-${randomUUID()}` }),
      a.token('CASEWORKER', { area: '310101002', sub: `other-${randomUUID()}` }),
    ]);
    const variables = { id: 'RW1lcmdlbmN5Q2FzZTpub25l' };
    for (const hub of [a, b, a, b]) {
      const answer = await raw(hub, WRITE, variables, mine);
      expect(answer.status).toBe(200);
      expect(code(answer.body)).not.toBe('RATE_LIMITED');
    }
    // The fifth write, on either instance, is over the shared limit of 4: a typed error, not a fault.
    const limited = await raw(b, WRITE, variables, mine);
    expect(limited.status).toBe(429);
    expect(code(limited.body)).toBe('RATE_LIMITED');
    expect(limited.body.data).toBeUndefined();
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(limited.body.errors![0]!.extensions!.retryAfter).toBe(Number(limited.retryAfter));
    expect((await raw(a, WRITE, variables, mine)).status).toBe(429);
    // Another caseworker is not held back by the first one's writes.
    expect(code((await raw(a, WRITE, variables, other)).body)).not.toBe('RATE_LIMITED');
  });

  it('limits full-text searches per token; listing without a search term is not counted', async () => {
    const token = await a.token('COORDINATOR', { area: '310000', sub: `searcher-${randomUUID()}` });
    const search = print(SearchPoliciesDocument);
    for (let i = 0; i < 3; i++) {
      expect(code((await raw(i % 2 ? a : b, search, { search: '临时救助', first: 1 }, token)).body)).toBeUndefined();
    }
    expect(code((await raw(a, search, { first: 1 }, token)).body)).toBeUndefined();
    const limited = await raw(a, search, { search: '医疗救助', first: 1 }, token);
    expect(limited.status).toBe(429);
    expect(code(limited.body)).toBe('RATE_LIMITED');
    // An alias does not buy a second search for free: two aliased searches cost two.
    const fresh = await a.token('COORDINATOR', { area: '310000', sub: `aliaser-${randomUUID()}` });
    const twice = 'query Two { x: policies(search: "救助") { totalCount } y: policies(search: "低保") { totalCount } }';
    expect(code((await raw(a, twice, {}, fresh)).body)).toBeUndefined();
    expect((await raw(a, twice, {}, fresh)).status).toBe(429);
  });

  // Redis down (refused) or silent (answers nothing): reports are still accepted and limited, in memory; the
  // hub closes promptly; what its relay could not publish stays in the outbox and the next relay sends it.
  it.each([
    ['refuses connections', (relay: Awaited<ReturnType<typeof redisRelay>>) => relay.cut()],
    ['stops answering', (relay: Awaited<ReturnType<typeof redisRelay>>) => relay.freeze()],
  ])(
    'keeps limiting in memory, closes promptly and loses no event while Redis %s',
    async (_how, breakRedis) => {
      const relay = await redisRelay(new URL(REDIS_URL!));
      const hub = await startTestHub({ redisUrl: relay.url, reportRateLimitPerMinute: 2 });
      let closed = false;
      let listener: Redis | null = null;
      try {
        expect(code(await reportFrom(hub))).toBeUndefined();
        const before = await latestEventId(hub.orm.em.fork());
        await breakRedis(relay);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const answers = [await reportFrom(hub), await reportFrom(hub), await reportFrom(hub)];
        expect(answers.map(code)).toEqual([undefined, undefined, 'RATE_LIMITED']);
        const during = (await readEvents(hub.orm.em.fork(), before)).map((e) => e.id);
        expect(during.length).toBeGreaterThan(0);

        // Closes within 5 s, although its relay's publishes can never reach Redis.
        const started = Date.now();
        await Promise.race([
          hub.hub.close(),
          new Promise((_resolve, reject) =>
            setTimeout(() => reject(new Error('hub.close() still waiting after 5 s')), 5000).unref(),
          ),
        ]);
        closed = true;
        expect(Date.now() - started).toBeLessThan(5000);

        // Another hub on the same database and the real Redis relays what the first could not.
        const database = new URL(hub.databaseUrl);
        const channel = `jiujinan:events:${database.hostname}:${database.port || 5432}${database.pathname}`;
        const received: string[] = [];
        listener = new Redis(REDIS_URL!);
        listener.on('message', (_channel: string, message: string) =>
          received.push((JSON.parse(message) as { id: string }).id),
        );
        await listener.subscribe(channel);
        const next = await startTestHub(
          { redisUrl: REDIS_URL, reportRateLimitPerMinute: 2 },
          { database: { url: hub.databaseUrl, orm: hub.orm } },
        );
        try {
          for (let waited = 0; !during.every((id) => received.includes(id)) && waited < 10_000; waited += 100)
            await new Promise((resolve) => setTimeout(resolve, 100));
          expect(received).toEqual(expect.arrayContaining(during));
        } finally {
          await next.close();
        }
      } finally {
        listener?.disconnect();
        await relay.close();
        // Not awaited when it already failed to finish: it would hold the test until jest's timeout.
        if (!closed) void hub.close().catch(() => undefined);
      }
    },
    90_000, // starts two hubs
  );

  it('counts in memory, per instance, without Redis', async () => {
    const alone = await startTestHub({ redisUrl: undefined, reportRateLimitPerMinute: 2 });
    try {
      expect(code(await reportFrom(alone))).toBeUndefined();
      expect(code(await reportFrom(alone))).toBeUndefined();
      expect(code(await reportFrom(alone))).toBe('RATE_LIMITED');
    } finally {
      await alone.close();
    }
  }, 60_000); // starts a hub of its own
});

describe('CORS_ORIGINS', () => {
  const preflight = (origin: string) =>
    fetch(a.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  it('answers an allowed origin with the CORS headers, preflight included', async () => {
    const response = await preflight(ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    const post = await fetch(a.url, {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(post.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives another origin no CORS headers', async () => {
    const response = await preflight('https://evil.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    const post = await fetch(a.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example.com', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    // Without CORS_ORIGINS no origin is allowed.
    const none = await fetch(b.url, { method: 'OPTIONS', headers: { origin: ALLOWED } });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});
