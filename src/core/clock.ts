/**
 * Time is a dependency: everything that asks "what time is it" asks a Clock, so tests move time
 * instead of waiting for it. This file is the one place that constructs Date objects.
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` once `ms` of this clock's time have passed (at once when `ms` ≤ 0); returns what cancels it. */
  after(ms: number, fn: () => void): () => void;
}

// setTimeout takes at most 2^31 − 1 ms.
const MAX_DELAY = 2_147_483_647;

/** The wall clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, Math.min(ms, MAX_DELAY)));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that stands still until it is moved: `advance(ms)` or `set(at)`; moving it runs what fell due. */
export class TestClock implements Clock {
  private at: number;
  private readonly timers = new Set<{ at: number; fn: () => void }>();

  constructor(start: Date | string | number = Date.now()) {
    this.at = toDate(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.at + Math.max(0, ms), fn };
    this.timers.add(timer);
    if (ms <= 0) queueMicrotask(() => this.runDue());
    return () => this.timers.delete(timer);
  }

  advance(ms: number): Date {
    this.at += ms;
    this.runDue();
    return this.now();
  }

  set(at: Date | string | number): Date {
    this.at = toDate(at).getTime();
    this.runDue();
    return this.now();
  }

  /** Runs the timers that fell due, earliest first. */
  private runDue(): void {
    for (;;) {
      const due = [...this.timers].filter((t) => t.at <= this.at).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.timers.delete(due);
      due.fn();
    }
  }
}

export const HOUR_MS = 3600_000;

/** A given instant (ISO string, epoch milliseconds or Date) as a Date. */
export function toDate(value: Date | string | number): Date {
  return new Date(value instanceof Date ? value.getTime() : value);
}

/** `ms` milliseconds after `at` (before it when negative). */
export function later(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

/** Midnight UTC of a calendar day (month 1–12; day 0 is the last day of the month before). */
export function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}
