import type { DomainEvent } from './outbox';

export type EventListener = (event: DomainEvent) => void;

/**
 * In-process fan-out of committed events, in id order. Listeners must be quick and must not
 * throw; subscriptions queue what they receive and work on it in their own time.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private last = 0n;

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers each event once, however many paths (NOTIFY, Redis, catch-up) bring it. */
  publish(event: DomainEvent): void {
    const id = BigInt(event.id);
    if (id <= this.last) return;
    this.last = id;
    for (const listener of this.listeners) listener(event);
  }

  get lastId(): string {
    return this.last.toString();
  }

  /** Where delivery starts: events up to `id` are history (subscribers replay them with `after`). */
  startAfter(id: string): void {
    const value = BigInt(id);
    if (value > this.last) this.last = value;
  }

  get size(): number {
    return this.listeners.size;
  }
}
