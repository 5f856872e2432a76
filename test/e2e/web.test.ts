import { startTestHub, type TestHub } from '../support/hub';
import { devTokenRouter } from '../../src/web';
import { loadConfig } from '../../src/config';

let t: TestHub;
let origin: string;
beforeAll(async () => {
  t = await startTestHub();
  origin = new URL(t.url).origin;
});
afterAll(() => t.close());

describe('the web console as served by the hub', () => {
  it('serves index.html for client routes, revalidated, with a same-origin CSP', async () => {
    for (const route of ['/', '/search?q=临时救助', '/policies/abc', '/org/inbox', '/work/cases/x']) {
      const res = await fetch(origin + encodeURI(route), { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      expect(html).toContain('<div id="app"></div>');
      expect(html).not.toMatch(/https?:\/\//);
    }
  });

  it('caches hashed assets for a year and compresses them; a missing asset is a 404', async () => {
    const html = await (await fetch(`${origin}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const res = await fetch(origin + script, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await fetch(`${origin}/assets/nope-123.js`)).status).toBe(404);
  });

  it('leaves the hub its own paths: GraphiQL at /graphql, health, HSDS', async () => {
    const graphiql = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('GraphiQL');
    expect((await fetch(`${origin}/healthz`)).headers.get('content-type')).toContain('application/json');
    expect(
      (await fetch(`${origin}/hsds/`, { headers: { accept: 'text/html' } })).headers.get('content-type'),
    ).toContain('application/json');
  });

  it('mints development tokens under test, never in production or with a real secret outside test', async () => {
    const res = await fetch(`${origin}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'CASEWORKER', area: '310101002' }),
    });
    const { token } = (await res.json()) as { token: string };
    const viewer = await t.post({ query: '{ viewer { role area { code } } }' }, { authorization: `Bearer ${token}` });
    expect(viewer.body).toEqual({ data: { viewer: { role: 'CASEWORKER', area: { code: '310101002' } } } });
    const bad = await fetch(`${origin}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'ROOT' }),
    });
    expect(bad.status).toBe(400);

    const development = loadConfig({ env: 'development' });
    const secret = 'a-real-secret-of-at-least-thirty-two-characters';
    expect(devTokenRouter({ ...development, env: 'production' })).toBeNull();
    expect(devTokenRouter({ ...development, jwtSecret: secret, jwtSecretIsDefault: false })).toBeNull();
    expect(devTokenRouter({ ...development, jwtSecret: undefined, jwtSecretIsDefault: false })).toBeNull();
    expect(devTokenRouter(loadConfig({ env: 'development' }))).not.toBeNull();
  });
});
