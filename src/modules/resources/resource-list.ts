import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError } from '../../core/errors';
import { sqlWhere, viewsOf } from '../../core/read-model';
import type { Resource } from './resource.entity';

/*
 * The resources list without hydration: one keyset-paginated SELECT whose rows become read-only
 * views (as matching builds them, see core/read-model.ts) instead of managed entities, and a count
 * run only when `totalCount` is asked for. The filter is written as the FilterQuery the ORM would
 * run, but rendered to SQL by core/read-model's sqlWhere: the ORM's query builder cost more CPU per
 * page than the rows themselves.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A list cursor: the last row's (createdAt, id), newest first. */
export function encodeListCursor(resource: Resource): string {
  return Buffer.from(`k:${JSON.stringify([resource.createdAt.toISOString(), resource.id])}`, 'utf8').toString(
    'base64url',
  );
}

/** The cursor's sort keys, type-checked: anything else is BAD_USER_INPUT, never SQL. */
export function decodeListCursor(after: string | null | undefined): { createdAt: Date; id: string } | null {
  if (!after) return null;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  let keys: unknown;
  try {
    keys = text.startsWith('k:') ? JSON.parse(text.slice(2)) : null;
  } catch {
    keys = null;
  }
  if (Array.isArray(keys) && keys.length === 2 && typeof keys[0] === 'string' && typeof keys[1] === 'string') {
    const createdAt = new Date(keys[0]);
    if (!Number.isNaN(createdAt.getTime()) && UUID.test(keys[1])) return { createdAt, id: keys[1] };
  }
  throw new BadInputError('无效的游标 (malformed cursor)', 'after');
}

export interface ViewPage {
  views: Resource[];
  hasNextPage: boolean;
  /** Counts the whole list; called only when the client selects `totalCount`. */
  count: () => Promise<number>;
}

export async function listResourceViews(
  em: EntityManager,
  where: FilterQuery<Resource>[],
  first: number,
  after: string | null | undefined,
): Promise<ViewPage> {
  const cursor = decodeListCursor(after);
  const keyset: FilterQuery<Resource>[] = cursor
    ? [
        {
          $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }],
        },
      ]
    : [];
  const page = sqlWhere(em, 'Resource', { $and: [...where, ...keyset] });
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from resource where ${page.sql} order by "created_at" desc, "id" desc limit ?`,
    [...page.params, first + 1],
  );
  const views = viewsOf<Resource>(em, 'Resource', rows.slice(0, first));
  return {
    views,
    hasNextPage: rows.length > first,
    count: async () => {
      const all = sqlWhere(em, 'Resource', { $and: where });
      const [row] = await em.execute<{ count: number }[]>(
        `select count(*)::int as count from resource where ${all.sql}`,
        all.params,
      );
      return row!.count;
    },
  };
}
