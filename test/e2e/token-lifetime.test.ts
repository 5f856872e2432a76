import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { LocalIdentityProvider } from '../../scripts/local-identity-provider';
import { MeDocument, ResourcePublishedDocument, TokenRevokeDocument } from '../generated/graphql';
import { TestClock } from '../../src/core/clock';
import { startTestHub, type TestHub } from '../support/hub';
import { mainIdentity, startMain, type MainProcess } from '../support/spawn';

interface Connection {
  /** The close event's code and when it came. */
  closed: Promise<{ code: number; at: number }>;
  dispose(): Promise<void>;
}

/** A graphql-ws connection with one open subscription, reporting how the server closes it. */
async function openSubscription(httpUrl: string, token: string): Promise<Connection> {
  let closedWith: (value: { code: number; at: number }) => void = () => undefined;
  const closed = new Promise<{ code: number; at: number }>((resolve) => (closedWith = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    // The server closing the socket is what these tests wait for, not an error to print.
    onNonLazyError: () => undefined,
    on: { closed: (event) => closedWith({ code: (event as { code: number }).code, at: Date.now() }) },
  });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('error', reject);
  });
  client.subscribe(
    { query: print(ResourcePublishedDocument), variables: { filter: { areaCode: '310101' } } },
    { next: () => undefined, error: () => undefined, complete: () => undefined },
  );
  return {
    closed,
    dispose: async () => {
      await client.dispose();
    },
  };
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a WebSocket connection lives no longer than its token', () => {
  let idp: LocalIdentityProvider;
  let t: TestHub;
  // The hub's clock: the test moves it past a token's expiry instead of waiting for it.
  const clock = new TestClock();
  beforeAll(async () => {
    idp = await mainIdentity();
    t = await startTestHub(
      {
        jwtJwksUrl: idp.jwksUrl,
        jwtIssuer: idp.issuer,
        jwtAudience: idp.audience,
        jwtAlgorithms: ['ES256'],
      },
      { clock },
    );
  });
  afterAll(() => t.close());

  it('closes with 4401 within 5 s of the token’s expiry', async () => {
    // The identity provider signs on the wall clock: start the hub's clock there.
    clock.set(Date.now());
    // A minute's token: only the moved clock can close it within the 10 s this test waits.
    const token = await idp.sign({ role: 'CASEWORKER', area: '310101002', expiresIn: 60 });
    const expiresAt = clock.now().getTime() + 60_000;
    const connection = await openSubscription(t.url, token);
    let closedAt: number | null = null;
    void connection.closed.then(() => (closedAt = clock.now().getTime()));
    try {
      clock.advance(30_000);
      clock.advance(31_000);
      const { code } = await within(connection.closed, 10_000);
      expect(code).toBe(4401);
      // Closed once the clock passed the expiry (exp is in whole seconds), and within 5 s of it.
      expect(closedAt).toBeGreaterThanOrEqual(expiresAt - 1000);
      expect(closedAt! - expiresAt).toBeLessThan(5000);
    } finally {
      await connection.dispose();
    }
  });

  it('a revoked token is refused over HTTP and its connections close with 4403 on every instance', async () => {
    const coordinator = await idp.sign({ role: 'COORDINATOR', area: '310000' });
    const victim = await idp.sign({ role: 'CASEWORKER', area: '310101002', sub: 'lost-phone' });
    const me = await t.gql(MeDocument, {}, { token: victim });
    const tokenId = me.data!.viewer!.tokenId!;

    // Only coordinators revoke.
    const denied = await t.gql(TokenRevokeDocument, { input: { tokenId, reason: '试' } }, { token: victim });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const blank = await t.gql(
      TokenRevokeDocument,
      { input: { tokenId: ' ', reason: '手机遗失' } },
      { token: coordinator },
    );
    expect(blank.data!.tokenRevoke.userErrors).toMatchObject([{ code: 'INVALID', field: ['tokenId'] }]);

    let second: MainProcess | undefined;
    let third: MainProcess | undefined;
    try {
      second = await startMain({ DATABASE_URL: t.databaseUrl });
      const here = await openSubscription(t.url, victim);
      const there = await openSubscription(second.url, victim);
      const revoked = await t.gql(
        TokenRevokeDocument,
        { input: { tokenId, reason: '手机遗失 (lost phone)' } },
        { token: coordinator },
      );
      expect(revoked.data!.tokenRevoke).toMatchObject({ revokedToken: { tokenId }, userErrors: [] });
      expect((await within(here.closed, 10_000)).code).toBe(4403);
      expect((await within(there.closed, 10_000)).code).toBe(4403);
      await here.dispose();
      await there.dispose();

      const refused = await t.gql(MeDocument, {}, { token: victim });
      expect(refused.status).toBe(401);
      const onSecond = await fetch(second.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${victim}` },
        body: JSON.stringify({ query: print(MeDocument) }),
      });
      expect(onSecond.status).toBe(401);

      // An instance that starts afterwards loads the deny list from PostgreSQL.
      third = await startMain({ DATABASE_URL: t.databaseUrl });
      const onThird = await fetch(third.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${victim}` },
        body: JSON.stringify({ query: print(MeDocument) }),
      });
      expect(onThird.status).toBe(401);
      // Other tokens of the same person still work.
      const fresh = await idp.sign({ role: 'CASEWORKER', area: '310101002', sub: 'lost-phone' });
      expect((await t.gql(MeDocument, {}, { token: fresh })).data!.viewer).toMatchObject({ subject: 'lost-phone' });
    } finally {
      await second?.stop();
      await third?.stop();
    }
    // Two hub processes start in this test: room for a busy machine.
  }, 180_000);
});
