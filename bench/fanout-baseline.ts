import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

// The fan-out baseline: bare graphql-ws over graphql-js, in a process of its own as the hub is, with
// the same selection shape as the hub's `resourcePublished`, fed from memory by `POST /publish`. No
// database, no authentication, no per-subscriber work: what graphql-ws itself costs for N subscribers.

const SDL = `
  type Area { code: String! }
  type Organization { name: String! }
  type Resource { id: ID! title: String! provider: Organization! serviceAreas: [Area!]! }
  type ResourceEvent { cursor: String! resource: Resource! }
  type Query { ok: Boolean }
  type Subscription { resourcePublished: ResourceEvent! }
`;

type Event = {
  cursor: string;
  resource: { id: string; title: string; provider: { name: string }; serviceAreas: { code: string }[] };
};

/** Every subscriber's own queue of events, fed by publish. */
function createFeed() {
  const listeners = new Set<(event: Event) => void>();
  return {
    publish: (event: Event) => listeners.forEach((l) => l(event)),
    subscribe(): AsyncIterableIterator<{ resourcePublished: Event }> {
      const queue: Event[] = [];
      let wake: (() => void) | null = null;
      let done = false;
      const listener = (event: Event) => {
        queue.push(event);
        wake?.();
      };
      listeners.add(listener);
      const iterator: AsyncIterableIterator<{ resourcePublished: Event }> = {
        async next() {
          while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
          wake = null;
          if (done) return { value: undefined, done: true };
          return { value: { resourcePublished: queue.shift()! }, done: false };
        },
        async return() {
          done = true;
          listeners.delete(listener);
          wake?.();
          return { value: undefined, done: true };
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
  };
}

export async function startBaseline(): Promise<{ url: string; close(): Promise<void> }> {
  const feed = createFeed();
  const schema: GraphQLSchema = buildSchema(SDL);
  schema.getSubscriptionType()!.getFields().resourcePublished!.subscribe = () => feed.subscribe();
  let serial = 0;
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/publish') return void res.writeHead(404).end();
    const id = `baseline-${++serial}`;
    feed.publish({
      cursor: Buffer.from(`ev:${serial}`).toString('base64url'),
      resource: {
        id,
        title: `扇出测试${serial}`,
        provider: { name: '上海市慈善基金会' },
        serviceAreas: [{ code: '310000' }],
      },
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  });
  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const cleanup = useServer({ schema }, wsServer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (require.main === module) {
  void startBaseline().then((b) => console.log(`baseline ready at ${b.url}`));
  process.once('SIGTERM', () => process.exit(0));
}
