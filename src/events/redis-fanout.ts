import type { MikroORM } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { loggableError, type Logger } from '../core/logger';
import type { EventBus } from './bus';
import { initCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoint';
import { OutboxReader, type EventSource } from './dispatcher';
import { tryRelayLock, type RelayLock } from './relay-lock';
import { latestEventId, readEvents, type DomainEvent } from './outbox';
import { toDate } from '../core/clock';

// Session-level lock: whoever holds it relays the outbox to Redis; it dies with its connection.
const RELAY_LOCK: RelayLock = { key: 7_315_003, applicationName: 'jiujinan-relay', relay: 'relay' };
const CHECKPOINT = 'redis-relay';
const CATCH_UP_PAGE = 500;

/** A message from the channel as an event, or null when it is not one (logged and skipped by the caller). */
export function parseEventMessage(message: string): DomainEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  const e = value as Partial<Record<keyof DomainEvent, unknown>> | null;
  if (
    typeof e !== 'object' ||
    e === null ||
    typeof e.id !== 'string' ||
    !/^\d{1,19}$/.test(e.id) ||
    typeof e.type !== 'string' ||
    typeof e.aggregateType !== 'string' ||
    typeof e.aggregateId !== 'string' ||
    typeof e.payload !== 'object' ||
    e.payload === null ||
    (typeof e.occurredAt !== 'string' && typeof e.occurredAt !== 'number')
  )
    return null;
  const occurredAt = toDate(e.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) return null;
  return {
    id: e.id,
    type: e.type,
    aggregateType: e.aggregateType,
    aggregateId: e.aggregateId,
    payload: e.payload as Record<string, unknown>,
    actor: typeof e.actor === 'string' ? e.actor : null,
    occurredAt,
  };
}

/**
 * With REDIS_URL: one instance (the holder of an advisory lock) relays the outbox to Redis
 * from a stored checkpoint; every instance feeds its bus from Redis. The outbox keeps the
 * guarantees: nothing is published for a rolled-back write, and a new relay resumes from the
 * checkpoint, so nothing committed is skipped (duplicates are dropped by event id). Pub/sub keeps
 * nothing for a subscriber that is away: after every reconnect the instance subscribes again, then
 * reads the outbox from the last event its bus delivered (live messages wait meanwhile), as the
 * PostgreSQL path does. A message that is not an event is logged and skipped.
 */
export function redisFanOut(
  orm: MikroORM,
  databaseUrl: string,
  redisUrl: string,
  bus: EventBus,
  log: Logger,
  // Crash tests only (config.testHooks, NODE_ENV=test): each event waits this long before it is relayed.
  hooks: { relayDelayMs: number } = { relayDelayMs: 0 },
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
  // Both clients wait for Redis (maxRetriesPerRequest: null): while it is unreachable a publish or a
  // subscribe stays queued until it comes back, and `disconnect()` during a reconnect does not settle them.
  // Stopping settles whatever is still waiting, so the relay's read loop ends and `stop()` returns; an
  // event whose publish was cut short keeps its place after the checkpoint, and the next relay sends it.
  let abort: (reason: Error) => void = () => undefined;
  const stopping = new Promise<never>((_resolve, reject) => (abort = reject));
  stopping.catch(() => undefined);
  const untilStopped = <T>(work: Promise<T>): Promise<T> => Promise.race([work, stopping]);

  const publish = async (event: DomainEvent) => {
    if (hooks.relayDelayMs > 0) {
      log.warn({ eventId: event.id, type: event.type }, 'test hook: delaying the relay of an event');
      await untilStopped(new Promise((resolve) => setTimeout(resolve, hooks.relayDelayMs)));
    }
    await untilStopped(publisher.publish(CHANNEL, JSON.stringify(event)));
    await saveCheckpoint(orm.em.fork(), CHECKPOINT, event.id);
  };

  // The first relay records where it starts before relaying anything: a relay killed before its first
  // publish would otherwise leave no checkpoint, and the next one would start at the newest event, skipping
  // what was committed meanwhile.
  const checkpoint = async (): Promise<string> => {
    const em = orm.em.fork();
    return (await readCheckpoint(em, CHECKPOINT)) ?? initCheckpoint(em, CHECKPOINT, await latestEventId(em));
  };

  const tryLead = async () => {
    if (stopped || relay) return;
    try {
      const client = await tryRelayLock(databaseUrl, RELAY_LOCK, log);
      if (!client) return;
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

  // While catching up, live messages wait here; the bus drops what the outbox already delivered.
  let held: DomainEvent[] | null = null;
  let catchUpAgain = false;
  let started = false;

  const receive = (_channel: string, message: string) => {
    const event = parseEventMessage(message);
    if (!event) {
      // Never the message itself: it is not ours and may carry anything.
      log.warn({ channel: CHANNEL, bytes: Buffer.byteLength(message) }, 'skipped a malformed event message');
      return;
    }
    if (held) held.push(event);
    else bus.publish(event);
  };

  let catching = false;
  const catchUp = async (): Promise<void> => {
    if (catching) {
      catchUpAgain = true;
      return;
    }
    catching = true;
    held = [];
    // Until the outbox has been read, nothing live is delivered (it would move the bus past the gap).
    while (!stopped) {
      try {
        // Subscribed (confirmed by Redis) before reading: whatever commits after the read arrives live.
        await untilStopped(subscriber.subscribe(CHANNEL));
        const em = orm.em.fork();
        let read = 0;
        for (;;) {
          const events = await readEvents(em, bus.lastId, { limit: CATCH_UP_PAGE });
          for (const event of events) bus.publish(event);
          read += events.length;
          if (events.length < CATCH_UP_PAGE || stopped) break;
        }
        log.info({ events: read }, 'caught up from the outbox after a Redis reconnect');
        break;
      } catch (error) {
        if (stopped) break;
        log.warn({ err: loggableError(error) }, 'catching up from the outbox failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500).unref());
      }
    }
    const waiting = held;
    held = null;
    catching = false;
    for (const event of waiting) bus.publish(event);
    if (catchUpAgain && !stopped) {
      catchUpAgain = false;
      void catchUp();
    }
  };

  return {
    async start() {
      bus.startAfter(await latestEventId(orm.em.fork()));
      subscriber.on('message', receive);
      subscriber.on('ready', () => {
        if (started && !stopped) void catchUp();
      });
      await subscriber.connect();
      await publisher.connect();
      await subscriber.subscribe(CHANNEL);
      started = true;
      await tryLead();
      timer = setInterval(() => void tryLead(), 2000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      abort(new Error('the Redis fan-out is stopping'));
      if (timer) clearInterval(timer);
      await relay?.stop();
      await lockClient?.end().catch(() => undefined);
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
