import fc from 'fast-check';
import { startTestHub, type TestHub } from '../support/hub';
import { hostileString } from './arbitraries';
import { problemsOf, type Finding } from './support';

// Malformed HTTP: any method, path, header and body the hub might be sent. Never a 5xx or a stack trace.
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 200);

jest.setTimeout(60_000);

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 100_000 });
});
afterAll(() => t?.close());

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

const PATHS = [
  '/graphql',
  '/graphql/',
  '/graphql?query=%7Bareas%7Bcode%7D%7D',
  '/graphql?query=%E0%A4%A',
  '/graphql?query={areas{code}}&variables=%7B',
  '/graphql?query=subscription%7BresourcePublished%7Bcursor%7D%7D',
  '/graphql?query=mutation%7BpolicyCreate%7D',
  '/hsds',
  '/hsds/',
  '/hsds/services',
  '/hsds/services?page=0',
  '/hsds/services?page=1&page=2',
  '/hsds/services?per_page=99999999999',
  '/hsds/services/%',
  '/hsds/services/%E0%A4%A',
  '/hsds/services/00000000-0000-0000-0000-000000000000',
  '/hsds/services/..%2F..%2Fetc%2Fpasswd',
  '/readyz',
  '/healthz',
  '/%',
  '/nothing-here',
];

const body = fc.oneof(
  fc.constant(undefined),
  printable,
  hostileString(200),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ query: v })),
  fc
    .record(
      {
        query: fc.oneof(hostileString(100), fc.constant('{ areas { code } }')),
        variables: fc.jsonValue(),
        operationName: fc.jsonValue(),
        extensions: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"query": "{ areas { code } }"',
    '{"query": "{ areas { code } }", "variables": "not an object"}',
    '[{"query":"{ areas { code } }"}]',
    '{"query":"{ areas { code } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
    '{"extensions":{"persistedQuery":{"version":2,"sha256Hash":"' + '0'.repeat(64) + '"}}}',
    '{"query":"query($a: Int) { areas { code } }","variables":{"a":"x"}}',
    `{"query":"${'{'.repeat(5000)}"}`,
    '['.repeat(10_000) + ']'.repeat(10_000),
    '\u0000\u0000',
  ),
);

const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'application/graphql-response+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      '',
      'garbage/garbage',
    ),
    accept: fc.constantFrom('application/json', 'application/graphql-response+json', 'text/html', '*/*', 'nonsense'),
    authorization: fc.oneof(
      fc.constantFrom(
        'Bearer ',
        'Bearer a.b.c',
        'Basic xyz',
        'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiQ09PUkRJTkFUT1IifQ.',
      ),
      printable,
    ),
    'x-request-id': printable,
    'apollo-require-preflight': fc.constant('true'),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1', ''),
    'content-encoding': fc.constantFrom('gzip', 'identity', 'br', 'nonsense'),
  },
  { requiredKeys: [] },
);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PATHS) },
    { weight: 1, arbitrary: printable.map((p) => `/hsds/services/${encodeURIComponent(p)}`) },
  ),
  headers,
  body,
});

describe(`fuzz: malformed HTTP (seed ${SEED})`, () => {
  it('answers every request without a 5xx or a stack trace, and stays healthy', async () => {
    const base = t.url.replace('/graphql', '');
    const findings: Finding[] = [];
    const requests = fc.sample(request, { numRuns: RUNS, seed: SEED });
    const deadline = Date.now() + Number(process.env.FUZZ_BUDGET_MS ?? 15_000);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < requests.length && Date.now() < deadline) {
          const r = requests[next++]!;
          const withBody = r.method !== 'GET' && r.method !== 'HEAD' && r.body !== undefined;
          let response: Response;
          try {
            response = await fetch(`${base}${r.path}`, {
              method: r.method,
              headers: r.headers,
              body: withBody ? r.body : undefined,
            });
          } catch {
            continue; // the client refused to send it (an invalid header value): nothing reached the hub
          }
          // GraphiQL (the landing page for browsers) is HTML full of JavaScript: only its status counts.
          const html = (response.headers.get('content-type') ?? '').includes('text/html');
          const text = html ? '' : await response.text();
          if (html) await response.body?.cancel();
          const problem = problemsOf(response.status, text);
          if (problem)
            findings.push({ operation: `${r.method} ${r.path}`, status: response.status, problem, variables: r });
        }
      }),
    );
    expect(findings.slice(0, 5)).toEqual([]);
    expect(next).toBeGreaterThanOrEqual(50);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await t.post({ query: '{ areas { code } }' })).body).toEqual({ data: { areas: [{ code: '310000' }] } });
  });
});
