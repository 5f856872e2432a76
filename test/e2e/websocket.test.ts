import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../support/hub';

// graphql-ws's own client against our server: the transport the subscriptions ride on.
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

function client(connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: t.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

function run(
  c: Client,
  query: string,
): Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }> {
  return new Promise((resolve, reject) => {
    let result: unknown;
    c.subscribe(
      { query },
      { next: (value) => (result = value), error: reject, complete: () => resolve(result as never) },
    );
  });
}

describe('graphql-ws on /graphql', () => {
  it('executes operations for the public', async () => {
    const c = client();
    try {
      expect(await run(c, '{ viewer { role } areas { code } }')).toEqual({
        data: { viewer: null, areas: [{ code: '310000' }] },
      });
    } finally {
      await c.dispose();
    }
  });

  it('authenticates the token in connectionParams', async () => {
    const token = await t.token('COORDINATOR', { sub: 'ws-user', area: '310000' });
    const c = client({ authorization: `Bearer ${token}` });
    try {
      expect(await run(c, '{ viewer { subject role } }')).toEqual({
        data: { viewer: { subject: 'ws-user', role: 'COORDINATOR' } },
      });
    } finally {
      await c.dispose();
    }
  });

  it('refuses a connection with a forged token', async () => {
    const c = client({ authorization: 'Bearer forged.token.value' });
    try {
      await expect(run(c, '{ viewer { role } }')).rejects.toMatchObject({ code: 4403 });
    } finally {
      await c.dispose();
    }
  });

  it('applies the same depth limit as HTTP', async () => {
    let selection = 'code';
    for (let i = 0; i < 40; i++) selection = `parent { ${selection} }`;
    const c = client();
    try {
      await expect(run(c, `{ areas { ${selection} } }`)).rejects.toEqual(
        expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/depth/i) })]),
      );
    } finally {
      await c.dispose();
    }
  });
});
