import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { loggableError, type Logger } from '../core/logger';
import type { EventBus } from './bus';
import { EVENTS_CHANNEL, latestEventId, readEvents, type DomainEvent } from './outbox';

export interface EventSource {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const BATCH = 500;

/**
 * Reads the outbox in id order and hands each event to `deliver`. Woken by NOTIFY; after
 * every (re)connect it LISTENs again and then reads from the last id it handled, so nothing
 * committed while the connection was down is lost.
 */
export class OutboxReader implements EventSource {
  private client: pg.Client | null = null;
  private stopped = false;
  private reading: Promise<void> | null = null;
  private again = false;
  private retryMs = 100;

  constructor(
    private readonly orm: MikroORM,
    private readonly databaseUrl: string,
    private readonly log: Logger,
    private lastId: string | null,
    private readonly deliver: (event: DomainEvent) => Promise<void> | void,
  ) {}

  get position(): string | null {
    return this.lastId;
  }

  async start(): Promise<void> {
    this.lastId ??= await latestEventId(this.orm.em.fork());
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.reading?.catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      application_name: 'jiujinan-events',
    });
    client.on('error', (error) => this.log.warn({ err: loggableError(error) }, 'event listener connection error'));
    client.on('end', () => {
      if (this.stopped || this.client !== client) return;
      this.client = null;
      setTimeout(() => void this.reconnect(), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    });
    client.on('notification', () => this.wake());
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
    this.retryMs = 100;
    this.wake(); // whatever committed before LISTEN took effect
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connect();
    } catch (error) {
      this.log.warn({ err: loggableError(error) }, 'event listener reconnect failed');
      setTimeout(() => void this.reconnect(), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    }
  }

  /** Coalesces wake-ups: one read loop at a time, re-run if woken meanwhile. */
  wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain().finally(() => {
      this.reading = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      const em = this.orm.em.fork();
      for (;;) {
        const events = await readEvents(em, this.lastId!, { limit: BATCH });
        for (const event of events) {
          await this.deliver(event);
          this.lastId = event.id;
        }
        if (events.length < BATCH || this.stopped) return;
      }
    } catch (error) {
      if (!this.stopped) {
        this.log.error({ err: loggableError(error) }, 'reading the outbox failed');
        setTimeout(() => this.wake(), this.retryMs).unref();
      }
    }
  }
}

/** Without Redis: every instance reads the outbox itself and feeds its own bus. */
export function postgresFanOut(orm: MikroORM, databaseUrl: string, bus: EventBus, log: Logger): EventSource {
  let reader: OutboxReader | null = null;
  return {
    async start() {
      const start = await latestEventId(orm.em.fork());
      bus.startAfter(start);
      reader = new OutboxReader(orm, databaseUrl, log, start, (event) => bus.publish(event));
      await reader.start();
    },
    async stop() {
      await reader?.stop();
    },
  };
}
