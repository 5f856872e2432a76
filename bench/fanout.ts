import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { benchToken, benchDatabase, spawnHub, summarise, type SpawnedHub } from './support';
import { loadResources } from './resources';

const SUBSCRIPTION =
  'subscription { resourcePublished { cursor resource { id title provider { name } serviceAreas { code } } } }';

async function gql(url: string, token: string, query: string, variables: object = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface Subscribers {
  clients: Client[];
  /** resource id → receipt times (ms, performance.now) */
  receipts: Map<string, number[]>;
}

async function connect(urls: string[], total: number): Promise<Subscribers> {
  const receipts = new Map<string, number[]>();
  const clients: Client[] = [];
  for (let i = 0; i < total; i++) {
    const url = urls[i % urls.length]!.replace(/^http/, 'ws');
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('error', reject);
    });
    client.subscribe<{ resourcePublished: { resource: { id: string } } }>(
      { query: SUBSCRIPTION },
      {
        next: (result) => {
          const id = result.data?.resourcePublished.resource.id;
          if (!id) return;
          const list = receipts.get(id) ?? [];
          list.push(performance.now());
          receipts.set(id, list);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    clients.push(client);
  }
  await new Promise((r) => setTimeout(r, 1000));
  return { clients, receipts };
}

/** Publishes `rounds` resources on `publisher` and measures commit-to-receipt at every subscriber. */
async function measure(publisher: SpawnedHub, subscribers: Subscribers, total: number, rounds: number) {
  const token = await benchToken('COORDINATOR', { area: '310000' });
  const providerId = (await gql(publisher.url, token, '{ organizations(search: "上海市慈善基金会") { nodes { id } } }'))
    .data.organizations.nodes[0].id;
  const samples: number[] = [];
  const afterResponse: number[] = [];
  let missing = 0;
  for (let round = 0; round < rounds; round++) {
    const input = {
      providerId,
      title: `扇出测试${round}`,
      description: '扇出基准。',
      forms: ['CASH'],
      emergencyTypes: ['FIRE'],
      serviceAreaCodes: ['310000'],
    };
    const created = await gql(
      publisher.url,
      token,
      'mutation($input: CharityProjectCreateInput!) { charityProjectCreate(input: $input) { resource { id } } }',
      { input },
    );
    const id: string = created.data.charityProjectCreate.resource.id;
    // t0 is taken before the publish request is sent: the commit happens after it, so this errs high.
    const t0 = performance.now();
    await gql(publisher.url, token, 'mutation($id: ID!) { resourcePublish(input: { id: $id }) { resource { id } } }', {
      id,
    });
    // The commit lies between t0 and t1; t1-based figures are the lower bound.
    const t1 = performance.now();
    const deadline = Date.now() + 10_000;
    while ((subscribers.receipts.get(id)?.length ?? 0) < total && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const times = subscribers.receipts.get(id) ?? [];
    missing += total - times.length;
    samples.push(...times.map((t) => t - t0));
    afterResponse.push(...times.map((t) => Math.max(0, t - t1)));
    await new Promise((r) => setTimeout(r, 300));
  }
  const summary = summarise(samples, 1);
  const lower = summarise(afterResponse, 1);
  return {
    subscribers: total,
    events: rounds,
    deliveries: samples.length,
    missing,
    // From sending the publish mutation (an upper bound on commit-to-receipt).
    p50: summary.p50,
    p95: summary.p95,
    p99: summary.p99,
    max: summary.max,
    // From the mutation's response (a lower bound).
    fromResponse: { p50: lower.p50, p99: lower.p99 },
  };
}

export async function benchFanout(args: { subscribers: number; rounds: number }) {
  const db = await benchDatabase();
  try {
    await loadResources(db.url, 0);
    const extra: Record<string, string> = process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {};
    const a = await spawnHub(db.url, { ...extra, DB_POOL_SIZE: '20' });
    const b = await spawnHub(db.url, { ...extra, DB_POOL_SIZE: '20' });
    try {
      const one = await connect([a.url], args.subscribers);
      const single = await measure(a, one, args.subscribers, args.rounds);
      await Promise.all(one.clients.map((c) => c.dispose()));
      const two = await connect([a.url, b.url], args.subscribers);
      const split = await measure(a, two, args.subscribers, args.rounds);
      await Promise.all(two.clients.map((c) => c.dispose()));
      return {
        benchmark: 'fanout',
        transport: process.env.REDIS_URL ? 'redis' : 'postgres LISTEN/NOTIFY',
        oneInstance: single,
        twoInstances: split,
        goal: {
          oneInstanceP99AtMostMs: 500,
          twoInstancesP99AtMostMs: 750,
          met: single.p99 <= 500 && split.p99 <= 750 && single.missing === 0 && split.missing === 0,
        },
      };
    } finally {
      await a.stop();
      await b.stop();
    }
  } finally {
    await db.close();
  }
}
