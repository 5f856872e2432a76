import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  CharityProjectCreateDocument,
  OrganizationsDocument,
  ResourcePublishDocument,
  ResourcePublishedDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';

// Behind one trusted proxy hop: the connection cap counts the address the proxy names.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ trustProxy: 1, wsMaxConnectionsPerAddress: 2, wsMaxSubscriptionsPerConnection: 2 });
});
afterAll(() => t.close());

/** A graphql-ws client whose upgrade request comes "through the proxy" for `address`. */
function client(address: string): { client: Client; closed: Promise<{ code: number; reason: string }> } {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  class Forwarded extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': address } });
    }
  }
  const c = createClient({
    url: t.url.replace('http', 'ws'),
    webSocketImpl: Forwarded,
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
  });
  return { client: c, closed };
}

function connected(c: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    c.on('connected', () => resolve());
    c.on('closed', (event) => reject(event));
  });
}

interface Stream {
  received: unknown[];
  errors: unknown[];
  done: Promise<void>;
}

function stream(c: Client, query: string, variables: Record<string, unknown> = {}): Stream {
  const received: unknown[] = [];
  const errors: unknown[] = [];
  const done = new Promise<void>((resolve) =>
    c.subscribe(
      { query, variables },
      {
        next: (value) => received.push(value),
        error: (error) => {
          errors.push(error);
          resolve();
        },
        complete: () => resolve(),
      },
    ),
  );
  return { received, errors, done };
}

const PUBLISHED = print(ResourcePublishedDocument);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function publishResource(title: string): Promise<string> {
  const token = await t.token('COORDINATOR', { area: '310000' });
  const provider = (await t.gql(OrganizationsDocument, { search: '上海市慈善基金会' })).data!.organizations.nodes[0]!
    .id;
  const created = await t.gql(
    CharityProjectCreateDocument,
    {
      input: {
        providerId: provider,
        title,
        description: '连接上限测试项目。',
        forms: ['CASH'],
        emergencyTypes: ['FIRE'],
        serviceAreaCodes: ['310104'],
      },
    },
    { token },
  );
  const id = created.data!.charityProjectCreate.resource!.id;
  await t.gql(ResourcePublishDocument, { input: { id } }, { token });
  return id;
}

async function waitUntil(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(50);
  }
}

describe('WebSocket caps', () => {
  it('refuses a third connection from one client address with 1013, and leaves the others streaming', async () => {
    const first = client('203.0.113.50');
    const second = client('203.0.113.50');
    const other = client('203.0.113.51');
    try {
      await Promise.all([connected(first.client), connected(second.client), connected(other.client)]);
      const streams = [first, second, other].map((c) =>
        stream(c.client, PUBLISHED, { filter: { areaCode: '310104' } }),
      );
      await sleep(250);
      const third = client('203.0.113.50');
      try {
        const closed = await third.closed;
        expect(closed.code).toBe(1013);
        expect(closed.reason).toMatch(/too many connections/i);
      } finally {
        await third.client.dispose();
      }
      // The connections that were in keep streaming.
      const id = await publishResource('连接上限之后发布');
      await waitUntil(() => streams.every((s) => s.received.length >= 1));
      for (const s of streams) {
        expect(s.errors).toEqual([]);
        expect(s.received[0]).toMatchObject({ data: { resourcePublished: { resource: { id } } } });
      }
    } finally {
      await Promise.all([first.client.dispose(), second.client.dispose(), other.client.dispose()]);
    }
  });

  it('lets the address connect again once one of its connections closed', async () => {
    const first = client('203.0.113.60');
    const second = client('203.0.113.60');
    await Promise.all([connected(first.client), connected(second.client)]);
    await first.client.dispose();
    await first.closed;
    await sleep(100);
    const again = client('203.0.113.60');
    try {
      await connected(again.client);
    } finally {
      await Promise.all([second.client.dispose(), again.client.dispose()]);
    }
  });

  it('refuses a third subscription on one connection with a typed error; the first two keep streaming', async () => {
    const c = client('203.0.113.70');
    try {
      await connected(c.client);
      const kept = [
        stream(c.client, PUBLISHED, { filter: { areaCode: '310104' } }),
        stream(c.client, PUBLISHED, { filter: { areaCode: '310104' } }),
      ];
      await sleep(250);
      const refused = stream(c.client, PUBLISHED, { filter: { areaCode: '310104' } });
      await refused.done;
      expect(refused.errors).toEqual([
        [expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', limit: 2 }) })],
      ]);
      const id = await publishResource('订阅上限之后发布');
      await waitUntil(() => kept.every((s) => s.received.length >= 1));
      for (const s of kept) {
        expect(s.errors).toEqual([]);
        expect(s.received[0]).toMatchObject({ data: { resourcePublished: { resource: { id } } } });
      }
    } finally {
      await c.client.dispose();
    }
  });
});
