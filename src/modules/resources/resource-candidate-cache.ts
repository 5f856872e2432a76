import type { EntityManager } from '@mikro-orm/postgresql';
import { boundedMapPerOrm, type BoundedMap } from '../../core/bounded-map';

/** At most this many resource rows are kept per ORM instance (the oldest stored is forgotten first). */
export const CANDIDATE_CACHE_LIMIT = 50_000;

/** A resource row as read once, with what was derived from it; shared by every request of the instance. */
export interface CachedRow<C> {
  /** The row version (PostgreSQL's `xmin`): every update writes a new version with another one. */
  version: string;
  /** Every column a read view of the resource takes (`viewColumns`), as pg parsed them. */
  row: Readonly<Record<string, unknown>>;
  candidate: C;
}

/*
 * Matching reads ~300–550 candidate rows per need; parsing them (eligibility rules as JSON, the text
 * arrays) was most of its CPU in the hub and in PostgreSQL. The candidate query now returns only
 * `id, xmin` of the rows that pass the filters, and rows come from here when their version is the one
 * the query saw: `xmin` changes with every update (the same id, the same xmin is the same row version),
 * so a stale row is never used, and the filters that depend on time or capacity were applied by the
 * query to the current version. One cache per ORM instance (one database), never global.
 */
const caches = boundedMapPerOrm<string, CachedRow<unknown>>(CANDIDATE_CACHE_LIMIT);

function cacheOf<C>(em: EntityManager): BoundedMap<string, CachedRow<C>> {
  return caches(em) as BoundedMap<string, CachedRow<C>>;
}

/**
 * The rows of these `(id, version)` pairs: from the cache where the version matches, the others read
 * by `readMissing` in one statement (it returns each row with its current `version`, which may be newer
 * than the one asked for when the row changed meanwhile: the caller's filters run again on it).
 * Rows read inside a transaction are not stored: a transaction that changed a row twice leaves one
 * `xmin` on both versions, and only committed versions may be shared.
 */
export async function cachedRows<C>(
  em: EntityManager,
  wanted: readonly { id: string; version: string }[],
  readMissing: (ids: string[]) => Promise<(Record<string, unknown> & { id: string; version: string })[]>,
  derive: (row: Readonly<Record<string, unknown>>) => C,
): Promise<Map<string, CachedRow<C>>> {
  const cache = cacheOf<C>(em);
  const found = new Map<string, CachedRow<C>>();
  const missing: string[] = [];
  for (const { id, version } of wanted) {
    const hit = cache.get(id);
    if (hit && hit.version === version) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length === 0) return found;
  const store = !em.isInTransaction();
  for (const { version, ...row } of await readMissing(missing)) {
    const entry: CachedRow<C> = { version, row: Object.freeze(row), candidate: derive(row) };
    found.set(row.id, entry);
    if (store) {
      cache.delete(row.id); // set again: the newest read is forgotten last
      cache.set(row.id, entry);
    }
  }
  return found;
}
