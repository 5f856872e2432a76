import { BadInputError } from '../core/errors';
import type { EventBus } from './bus';
import type { DomainEvent } from './outbox';

export const REPLAY_PAGE = 500;

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

/**
 * One subscriber's stream: live events are queued from the moment of subscribing; events after
 * `after` are replayed from the outbox first; each event id is delivered at most once, in order.
 */
export function eventStream<T>(options: {
  bus: EventBus;
  accept: (event: DomainEvent) => boolean;
  /** History after an id, oldest first, at most REPLAY_PAGE events a call. */
  replay?: (afterId: string) => Promise<DomainEvent[]>;
  after?: string | null;
  /** What one event means to this subscriber: nothing (null or []), one payload or several, in order. */
  toPayload: (event: DomainEvent) => Promise<T | null | Several<T>>;
}): AsyncIterableIterator<T> {
  const queue: DomainEvent[] = [];
  const waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  let failed: unknown = null;
  let last = 0n;
  let done = false;
  let pumping = false;
  let replaying = false;

  const unsubscribe = options.bus.subscribe((event) => {
    if (!done && options.accept(event)) {
      queue.push(event);
      void pump();
    }
  });

  const finish = (): IteratorResult<T> => {
    done = true;
    unsubscribe();
    for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
    return { value: undefined, done: true };
  };

  // A failed replay ends the stream with the error, which graphql-ws sends to the client.
  const fail = (error: unknown) => {
    failed = error;
    done = true;
    unsubscribe();
    for (const w of waiting.splice(0)) w.reject(error);
  };

  const ready: T[] = [];
  const deliver = (value: T) => {
    const w = waiting.shift();
    if (w) w.resolve({ value, done: false });
    else ready.push(value);
  };

  const deliverAll = (payload: T | null | Several<T>) => {
    if (payload instanceof Several) {
      for (const item of payload.items) if (!done) deliver(item);
    } else if (payload !== null && !done) deliver(payload);
  };

  // Turns queued events into payloads one at a time, so order is kept.
  async function pump(): Promise<void> {
    if (pumping || replaying) return;
    pumping = true;
    try {
      while (!done && queue.length > 0) {
        const event = queue.shift()!;
        const id = BigInt(event.id);
        if (id <= last) continue;
        last = id;
        deliverAll(await options.toPayload(event));
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
        // Pages of history; live events meanwhile wait in the queue and are deduplicated by id.
        for (let from = options.after!; !done;) {
          const page = await options.replay!(from);
          for (const event of page) {
            const id = BigInt(event.id);
            if (id <= last || !options.accept(event)) continue;
            last = id;
            deliverAll(await options.toPayload(event));
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

  return {
    next: () => {
      if (ready.length > 0) return Promise.resolve({ value: ready.shift()!, done: false });
      if (failed) return Promise.reject(failed);
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
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
