/**
 * Time is a dependency: everything that asks "what time is it" asks a Clock, so tests move time
 * instead of waiting for it. This file is the one place that constructs Date objects.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until it is moved: `advance(ms)` or `set(at)`. */
export class TestClock implements Clock {
  private at: number;

  constructor(start: Date | string | number = Date.now()) {
    this.at = toDate(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }

  set(at: Date | string | number): Date {
    this.at = toDate(at).getTime();
    return this.now();
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
