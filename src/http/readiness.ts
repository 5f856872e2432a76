import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';

const CHECK_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * GET /readyz: 200 when PostgreSQL answers, and Redis too when REDIS_URL is set (subscription fan-out and
 * the shared rate limits go through it); else 503. Meilisearch, when MEILI_URL is set, is reported but does
 * not make the instance unready: searches fall back to PostgreSQL while it is down.
 */
export function readiness(deps: { orm: MikroORM; redis?: Redis; meiliUrl?: string }): RequestHandler {
  return async (_req, res) => {
    const checks: Record<string, string> = {};
    const database = within(deps.orm.em.getConnection().execute('select 1'), CHECK_TIMEOUT_MS).then(
      () => 'ok',
      () => 'unavailable',
    );
    const redis = deps.redis
      ? within(deps.redis.ping(), CHECK_TIMEOUT_MS).then(
          (pong) => (pong === 'PONG' ? 'ok' : 'unavailable'),
          () => 'unavailable',
        )
      : undefined;
    const search = deps.meiliUrl
      ? fetch(new URL('/health', deps.meiliUrl), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }).then(
          async (response) =>
            response.ok && ((await response.json()) as { status?: string }).status === 'available'
              ? 'ok'
              : 'unavailable (searching PostgreSQL)',
          () => 'unavailable (searching PostgreSQL)',
        )
      : undefined;
    checks.database = await database;
    if (redis) checks.redis = await redis;
    if (search) checks.search = await search;
    const ready = checks.database === 'ok' && (checks.redis ?? 'ok') === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  };
}
