import type { MikroORM } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loggableError, type Logger } from '../core/logger';
import type { EventBus } from './bus';
import { OutboxReader, type EventSource } from './dispatcher';
import { latestEventId, type DomainEvent } from './outbox';
import { toDate } from '../core/clock';

// Session-level lock: whoever holds it relays the outbox to Redis; it dies with its connection.
const RELAY_LOCK = 7_315_003;
const CHECKPOINT = 'redis-relay';

/**
 * With REDIS_URL: one instance (the holder of an advisory lock) relays the outbox to Redis
 * from a stored checkpoint; every instance feeds its bus from Redis. The outbox keeps the
 * guarantees: nothing is published for a rolled-back write, and a new relay resumes from the
 * checkpoint, so nothing committed is skipped (duplicates are dropped by event id).
 */
export function redisFanOut(
  orm: MikroORM,
  databaseUrl: string,
  redisUrl: string,
  bus: EventBus,
  log: Logger,
): EventSource {
  // One channel per database: hubs on other databases sharing the Redis server never mix events.
  const database = new URL(databaseUrl);
  const CHANNEL = `jiujinan:events:${database.hostname}:${database.port || 5432}${database.pathname}`;
  const subscriber = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
  const publisher = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
  subscriber.on('error', (error) => log.warn({ err: loggableError(error) }, 'redis subscriber error'));
  publisher.on('error', (error) => log.warn({ err: loggableError(error) }, 'redis publisher error'));
  let lockClient: pg.Client | null = null;
  let relay: OutboxReader | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const publish = async (event: DomainEvent) => {
    await publisher.publish(CHANNEL, JSON.stringify(event));
    await orm.em
      .fork()
      .execute(
        `insert into event_checkpoint (name, last_id) values (?, ?) on conflict (name) do update set last_id = excluded.last_id, updated_at = now()`,
        [CHECKPOINT, event.id],
      );
  };

  const checkpoint = async (): Promise<string> => {
    const em = orm.em.fork();
    const [row] = await em.execute<{ last_id: string }[]>(
      'select last_id::text as last_id from event_checkpoint where name = ?',
      [CHECKPOINT],
    );
    return row?.last_id ?? (await latestEventId(em));
  };

  const tryLead = async () => {
    if (stopped || relay) return;
    try {
      const client = new pg.Client({
        connectionString: databaseUrl,
        keepAlive: true,
        application_name: 'jiujinan-relay',
      });
      client.on('error', (error) => log.warn({ err: loggableError(error) }, 'relay lock connection error'));
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [RELAY_LOCK]);
      if (!rows[0]?.ok) {
        await client.end();
        return;
      }
      lockClient = client;
      client.on('end', () => {
        // Lost the lock with the connection: stop relaying; someone (maybe us) takes over.
        lockClient = null;
        const current = relay;
        relay = null;
        void current?.stop();
      });
      relay = new OutboxReader(orm, databaseUrl, log, await checkpoint(), publish);
      await relay.start();
      log.info('relaying the outbox to Redis');
    } catch (error) {
      log.warn({ err: loggableError(error) }, 'could not take the relay role');
    }
  };

  return {
    async start() {
      bus.startAfter(await latestEventId(orm.em.fork()));
      await subscriber.connect();
      await publisher.connect();
      subscriber.on('message', (_channel: string, message: string) => {
        const event = JSON.parse(message) as DomainEvent;
        bus.publish({ ...event, occurredAt: toDate(event.occurredAt) });
      });
      await subscriber.subscribe(CHANNEL);
      await tryLead();
      timer = setInterval(() => void tryLead(), 2000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await relay?.stop();
      await lockClient?.end().catch(() => undefined);
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
