import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Logger } from '../core/logger';
import { EventBus } from './bus';
import { postgresFanOut, type EventSource } from './dispatcher';
import { redisFanOut } from './redis-fanout';

export interface EventPipeline {
  bus: EventBus;
  source: EventSource;
}

/** Committed events reach this instance's bus through LISTEN/NOTIFY, or Redis when REDIS_URL is set. */
export function createEventPipeline(config: Config, orm: MikroORM, databaseUrl: string, log: Logger): EventPipeline {
  const bus = new EventBus();
  const source = config.redisUrl
    ? redisFanOut(orm, databaseUrl, config.redisUrl, bus, log, { relayDelayMs: config.testHooks.relayDelayMs })
    : postgresFanOut(orm, databaseUrl, bus, log);
  return { bus, source };
}

export { EventBus } from './bus';
export { appendEvents, outboxPosition, readEvents, type DomainEvent, type NewEvent } from './outbox';
