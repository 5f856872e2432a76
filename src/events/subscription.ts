import type { HubContext } from '../core/context';
import { BadInputError, HubError } from '../core/errors';
import type { EventBus } from './bus';
import type { DomainEvent } from './outbox';

export const REPLAY_PAGE = 500;

/** Events waiting for one subscriber before it counts as too slow and is disconnected. */
export const DEFAULT_MAX_QUEUED = 1000;

export function encodeEventCursor(id: string): string {
  return Buffer.from(`ev:${id}`, 'utf8').toString('base64url');
}

export function decodeEventCursor(cursor: string): string {
  const match = /^ev:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadInputError('无效的事件游标 (malformed event cursor)', 'after');
  return match[1]!;
}

/** Several payloads from one event (a resource matching several needs), delivered in order. */
export class Several<T> {
  constructor(readonly items: T[]) {}
}

/** A subscriber that does not keep up: its connection is closed with `SLOW_CONSUMER_CLOSE`. */
export class SlowConsumerError extends HubError {
  constructor(queued: number) {
    super(`订阅者处理过慢，连接已关闭 (subscriber too slow: ${queued} events waiting)`, 'RATE_LIMITED', {
      retryAfter: 1,
    });
  }
}

/**
 * What one event means to one subscriber, in the context it is executed in. The context is made
 * for this event alone (a new EntityManager fork, new loaders), so no access decision, cached row
 * or audit of an earlier event carries over; it is made only when someone needs it (a subscriber
 * whose result is shared with an equal one never does).
 */
export class EventScope {
  private made: HubContext | null = null;
  private readonly hooks: ((ctx: HubContext) => void)[] = [];

  constructor(
    readonly event: DomainEvent,
    private readonly base: HubContext,
  ) {}

  /** The subscriber as it connected (its viewer); for decisions that need nothing loaded. */
  get viewer() {
    return this.base.viewer;
  }

  get context(): HubContext {
    if (!this.made) {
      this.made = freshContext(this.base);
      for (const hook of this.hooks) hook(this.made);
    }
    return this.made;
  }

  /** Runs when the context is made (e.g. priming its loaders with rows loaded once for everyone). */
  prepare(hook: (ctx: HubContext) => void): void {
    if (this.made) hook(this.made);
    else this.hooks.push(hook);
  }
}

/** One payload of one event for one subscriber, with the scope it is executed in. */
export class Delivery<T> {
  constructor(
    readonly scope: EventScope,
    /** Which payload of the event (several when one event means several things). */
    readonly index: number,
    readonly root: T,
  ) {}

  get eventId(): string {
    return this.scope.event.id;
  }
}

const factories = new WeakMap<HubContext, () => HubContext>();

/** An operation's context that can make fresh ones like it (same viewer) for each of its events. */
export function renewableContext(make: () => HubContext): HubContext {
  const ctx = make();
  factories.set(ctx, make);
  return ctx;
}

/** A context for one event, made like the subscription's: same viewer, nothing cached. */
export function freshContext(ctx: HubContext): HubContext {
  const make = factories.get(ctx);
  if (!make) throw new Error('subscriptions need a context from renewableContext');
  return make();
}

/** The stream a feed returns: deliveries, and whether equal subscribers may share one execution. */
export interface EventStream<T> extends AsyncIterableIterator<Delivery<T>> {
  readonly shareable: boolean;
}

export function isEventStream(value: unknown): value is EventStream<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as EventStream<unknown>).shareable === 'boolean';
}

/**
 * One subscriber's stream: live events are queued from the moment of subscribing; events after
 * `after` are replayed from the outbox first, a page at a time as the subscriber takes them; each
 * event id is delivered at most once, in order. A subscriber that lets more than `maxQueued` events
 * wait fails with SlowConsumerError (its connection is then closed), so nothing grows without bound.
 */
export function eventStream<T>(options: {
  bus: EventBus;
  /** The subscription's context; each event gets a fresh one made from it. */
  ctx: HubContext;
  accept: (event: DomainEvent) => boolean;
  /** History after an id, oldest first, at most REPLAY_PAGE events a call. */
  replay?: (afterId: string) => Promise<DomainEvent[]>;
  after?: string | null;
  /** What one event means to this subscriber: nothing (null or []), one payload or several, in order. */
  toPayload: (scope: EventScope) => Promise<T | null | Several<T>>;
  /** Results depend only on the event, the operation and the viewer's role, area and organisation. */
  shareable?: boolean;
  maxQueued?: number;
}): EventStream<T> {
  const maxQueued = options.maxQueued ?? options.ctx.services.config.subscriberMaxQueued ?? DEFAULT_MAX_QUEUED;
  const queue: DomainEvent[] = [];
  const waiting: { resolve: (result: IteratorResult<Delivery<T>>) => void; reject: (error: unknown) => void }[] = [];
  let failed: unknown = null;
  let last = 0n;
  let done = false;
  let pumping = false;
  let replaying = false;
  let wakeReplay: (() => void) | null = null;

  const unsubscribe = options.bus.subscribe((event) => {
    if (done || !options.accept(event)) return;
    if (queue.length >= maxQueued) return fail(new SlowConsumerError(queue.length));
    queue.push(event);
    void pump();
  });

  const finish = (): IteratorResult<Delivery<T>> => {
    done = true;
    unsubscribe();
    queue.length = 0;
    ready.length = 0;
    wakeReplay?.();
    for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
    return { value: undefined, done: true };
  };

  // A failed replay (or a subscriber too slow) ends the stream with the error, which graphql-ws sends.
  const fail = (error: unknown) => {
    if (done) return;
    failed = error;
    done = true;
    unsubscribe();
    queue.length = 0;
    ready.length = 0;
    wakeReplay?.();
    for (const w of waiting.splice(0)) w.reject(error);
  };

  const ready: Delivery<T>[] = [];
  const deliver = (value: Delivery<T>) => {
    const w = waiting.shift();
    if (w) w.resolve({ value, done: false });
    else ready.push(value);
  };

  const deliverAll = (scope: EventScope, payload: T | null | Several<T>) => {
    if (done) return;
    if (payload instanceof Several) payload.items.forEach((item, i) => deliver(new Delivery(scope, i, item)));
    else if (payload !== null) deliver(new Delivery(scope, 0, payload));
  };

  const toPayload = (event: DomainEvent) => {
    const scope = new EventScope(event, options.ctx);
    return options.toPayload(scope).then((payload) => deliverAll(scope, payload));
  };

  // Turns queued events into payloads one at a time, so order is kept; no further than the
  // subscriber takes them (what waits stays in `queue`, where it is counted).
  async function pump(): Promise<void> {
    if (pumping || replaying) return;
    pumping = true;
    try {
      while (!done && queue.length > 0 && ready.length === 0) {
        const event = queue.shift()!;
        const id = BigInt(event.id);
        if (id <= last) continue;
        last = id;
        await toPayload(event);
      }
    } catch (error) {
      fail(error);
    } finally {
      pumping = false;
    }
  }

  if (options.after && options.replay) {
    replaying = true;
    last = BigInt(options.after);
    void (async () => {
      try {
        // Pages of history, each read only once the subscriber has taken the page before; live
        // events meanwhile wait in the queue (bounded) and are deduplicated by id.
        for (let from = options.after!; !done;) {
          const page = await options.replay!(from);
          for (const event of page) {
            if (done) break;
            const id = BigInt(event.id);
            if (id <= last || !options.accept(event)) continue;
            last = id;
            await toPayload(event);
            while (!done && ready.length >= REPLAY_PAGE) await new Promise<void>((r) => (wakeReplay = r));
          }
          if (page.length < REPLAY_PAGE) break;
          from = page.at(-1)!.id;
        }
      } catch (error) {
        fail(error);
      } finally {
        replaying = false;
        void pump();
      }
    })();
  }

  const taken = () => {
    if (wakeReplay && ready.length < REPLAY_PAGE) {
      const wake = wakeReplay;
      wakeReplay = null;
      wake();
    }
    void pump();
  };

  return {
    shareable: options.shareable ?? false,
    next: () => {
      if (ready.length > 0) {
        const value = ready.shift()!;
        taken();
        return Promise.resolve({ value, done: false });
      }
      if (failed) return Promise.reject(failed);
      if (done) return Promise.resolve({ value: undefined, done: true });
      const next = new Promise<IteratorResult<Delivery<T>>>((resolve, reject) => waiting.push({ resolve, reject }));
      taken();
      return next;
    },
    return: () => Promise.resolve(finish()),
    throw: (error?: unknown) => {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
