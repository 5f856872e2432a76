import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from './errors';

/** The limits the hub keeps, each per minute. */
export type LimitName = 'reports' | 'reportLookups' | 'writes' | 'searches';

export interface RateLimitOptions {
  /** Points per minute for each limit; 0 turns that limit off. */
  readonly perMinute: Readonly<Record<LimitName, number>>;
  /** Key prefix in Redis: instances with the same prefix share their counts. */
  readonly prefix: string;
  /** Counts in Redis, shared by every instance; without it each instance counts for itself. */
  readonly redis?: Redis;
}

const WINDOW_SECONDS = 60;

/**
 * Rate limits through rate-limiter-flexible: in Redis when the hub has one (every instance with the same
 * prefix shares one count; while Redis is unreachable each instance counts in memory instead — the
 * insurance limiter), in memory otherwise. Over a limit, `consume` throws RATE_LIMITED with `retryAfter`.
 */
export class RateLimits {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(options: RateLimitOptions) {
    for (const [name, points] of Object.entries(options.perMinute) as [LimitName, number][]) {
      if (points <= 0) continue;
      const memory = new RateLimiterMemory({ points, duration: WINDOW_SECONDS, keyPrefix: name });
      this.limiters.set(
        name,
        options.redis
          ? new RateLimiterRedis({
              storeClient: options.redis,
              keyPrefix: `${options.prefix}:${name}`,
              points,
              duration: WINDOW_SECONDS,
              rejectIfRedisNotReady: true,
              insuranceLimiter: memory,
            })
          : memory,
      );
    }
  }

  /** Counts `points` against `key`; throws RATE_LIMITED (with the seconds to wait) when over the limit. */
  async consume(name: LimitName, key: string, points = 1): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter || points <= 0) return;
    try {
      await limiter.consume(key, points);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      }
      throw error;
    }
  }
}
