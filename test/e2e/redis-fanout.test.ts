import net from 'node:net';
import { Redis } from 'ioredis';
import { appendEvents, type DomainEvent } from '../../src/events/outbox';
import { Resource } from '../../src/modules/resources/resource.entity';
import { ResourcePublishedDocument } from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { startMain, type MainProcess } from '../support/spawn';
import { sleep, subscribe, type Subscriber } from '../support/ws';

// Redis pub/sub keeps nothing for a subscriber that is away. An instance whose connection to Redis
// drops for a moment must still deliver every event, once, and must survive a message that is not one.

/** A TCP proxy in front of Redis that the test can cut: every connection dropped, new ones refused. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    async cut(ms: number) {
      down = true;
      for (const socket of sockets) socket.destroy();
      await sleep(ms);
      down = false;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const describeRedis = process.env.REDIS_URL ? describe : describe.skip;

describeRedis('Redis fan-out', () => {
  let t: TestHub;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let second: MainProcess;
  let event: Omit<DomainEvent, 'id' | 'occurredAt' | 'actor'>;
  let subscribers: Subscriber<{ resourcePublished: { cursor: string } }>[] = [];

  beforeAll(async () => {
    const redisUrl = process.env.REDIS_URL!;
    // The first hub talks to Redis directly and relays the outbox; the second reads Redis through the proxy.
    t = await startTestHub({ redisUrl });
    proxy = await cuttableProxy(new URL(redisUrl));
    second = await startMain({ DATABASE_URL: t.databaseUrl, REDIS_URL: proxy.url });
    const resource = (await t.orm.em.fork().find(Resource, { status: 'PUBLISHED' as never }, { limit: 1 }))[0]!;
    event = {
      type: 'ResourcePublished',
      aggregateType: 'Resource',
      aggregateId: resource.id,
      payload: {
        resourceId: resource.id,
        kind: resource.kind,
        providerId: resource.provider.id,
        status: 'PUBLISHED',
        forms: resource.forms,
        emergencyTypes: resource.emergencyTypes,
        serviceAreaCodes: resource.serviceAreaCodes,
        coverageCodes: resource.coverageCodes,
      },
    };
  }, 90_000);

  afterEach(async () => {
    await Promise.all(subscribers.map((s) => s.close()));
    subscribers = [];
  });

  afterAll(async () => {
    await second?.stop();
    await proxy?.close();
    await t?.close();
  });

  const publish = async (): Promise<string> => {
    const [appended] = await t.orm.em.fork().transactional((tx) => appendEvents(tx, [event]));
    return appended!.id;
  };
  const cursorsOf = (s: Subscriber<{ resourcePublished: { cursor: string } }>) =>
    s.received.map((r) => Buffer.from(r.resourcePublished.cursor, 'base64url').toString().slice(3));

  it('delivers every event exactly once to every subscriber across a dropped Redis connection', async () => {
    subscribers = await Promise.all([1, 2, 3].map(() => subscribe(second.url, ResourcePublishedDocument, {})));
    const ids: string[] = [];
    let cutting: Promise<void> | null = null;
    for (let i = 0; i < 60; i++) {
      ids.push(await publish());
      if (i === 15) cutting = proxy.cut(800); // publishing goes on while the second hub is cut off
      await sleep(25);
    }
    await cutting;
    await Promise.all(subscribers.map((s) => s.waitFor(ids.length, 20_000).catch(() => undefined)));
    await sleep(500); // nothing more may arrive
    for (const s of subscribers) {
      expect(s.errors).toEqual([]);
      expect(cursorsOf(s)).toEqual(ids);
    }
  }, 60_000);

  it('logs and skips a message that is not an event, and keeps delivering', async () => {
    const database = new URL(t.databaseUrl);
    const channel = `jiujinan:events:${database.hostname}:${database.port || 5432}${database.pathname}`;
    subscribers = [await subscribe(second.url, ResourcePublishedDocument, {})];
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      for (const garbage of ['not json', '{"id":"x"}', 'null', JSON.stringify({ id: '1', type: 7 })])
        await redis.publish(channel, garbage);
    } finally {
      redis.disconnect();
    }
    const id = await publish();
    await subscribers[0]!.waitFor(1);
    expect(cursorsOf(subscribers[0]!)).toEqual([id]);
    expect(second.output()).toMatch(/skipped a malformed event message/);
    expect(second.output()).not.toMatch(/not json/);
  }, 30_000);
});
