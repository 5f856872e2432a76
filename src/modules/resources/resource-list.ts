import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadInputError } from '../../core/errors';
import { pgTextArray } from '../../core/areas';
import { viewsOf } from '../../core/read-model';
import type { Resource } from './resource.entity';

/*
 * The resources list without hydration: one keyset-paginated SELECT whose rows become read-only
 * views (as matching builds them, see core/read-model.ts) instead of managed entities, and a count
 * run only when `totalCount` is asked for. The filter is written as the FilterQuery the ORM would
 * run, but rendered to SQL here (sqlWhere, for the few operators the list uses): the ORM's query
 * builder cost more CPU per page than the rows themselves.
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

type Sql = { sql: string; params: unknown[] };

const COMPARISONS: Record<string, string> = { $eq: '=', $ne: '<>', $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' };
const ARRAY_OPERATORS: Record<string, string> = { $overlap: '&&', $contains: '@>' };

/** A scalar bound as a parameter: dates and numbers as they are, everything else as text (never SQL). */
function scalar(value: unknown): unknown {
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  throw new TypeError(`resources list: unsupported filter value ${JSON.stringify(value)}`);
}

function condition(column: string, value: unknown, params: unknown[]): string {
  if (value === null) return `${column} is null`;
  if (typeof value !== 'object' || value instanceof Date) {
    params.push(scalar(value));
    return `${column} = ?`;
  }
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
    if (op in COMPARISONS) {
      if (operand === null) parts.push(op === '$ne' ? `${column} is not null` : `${column} is null`);
      else {
        params.push(scalar(operand));
        parts.push(`${column} ${COMPARISONS[op]} ?`);
      }
    } else if (op === '$in' && Array.isArray(operand)) {
      if (operand.length === 0) parts.push('false');
      else {
        params.push(pgTextArray(operand.map((v) => String(scalar(v)))));
        parts.push(`${column} = any(?)`);
      }
    } else if (op in ARRAY_OPERATORS && Array.isArray(operand)) {
      params.push(pgTextArray(operand.map((v) => String(scalar(v)))));
      parts.push(`${column} ${ARRAY_OPERATORS[op]} ?`);
    } else {
      throw new TypeError(`resources list: unsupported filter operator ${op}`);
    }
  }
  return parts.length ? parts.join(' and ') : 'true';
}

/**
 * A FilterQuery on resources as SQL with `?` parameters: `$and`/`$or`, equality, null, `$in`,
 * comparisons and the array operators `$overlap`/`$contains`, on the columns the ORM's metadata names.
 * Anything else throws rather than filtering differently from the ORM.
 */
export function sqlWhere(em: EntityManager, where: FilterQuery<Resource>): Sql {
  const properties = em.getMetadata().get('Resource').root.properties as Record<
    string,
    { fieldNames: string[] } | undefined
  >;
  const params: unknown[] = [];
  const render = (filter: unknown): string => {
    if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
      throw new TypeError('resources list: a filter is an object');
    const parts: string[] = [];
    for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
      if (key === '$and' || key === '$or') {
        const items = (value as unknown[]).map(render);
        if (items.length === 0) parts.push(key === '$and' ? 'true' : 'false');
        else parts.push(`(${items.join(key === '$and' ? ' and ' : ' or ')})`);
        continue;
      }
      const field = properties[key]?.fieldNames[0];
      if (!field) throw new TypeError(`resources list: no column for ${key}`);
      parts.push(condition(`"${field}"`, value, params));
    }
    return parts.length ? `(${parts.join(' and ')})` : 'true';
  };
  return { sql: render(where), params };
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
  const page = sqlWhere(em, { $and: [...where, ...keyset] });
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from resource where ${page.sql} order by "created_at" desc, "id" desc limit ?`,
    [...page.params, first + 1],
  );
  const views = viewsOf<Resource>(em, 'Resource', rows.slice(0, first));
  return {
    views,
    hasNextPage: rows.length > first,
    count: async () => {
      const all = sqlWhere(em, { $and: where });
      const [row] = await em.execute<{ count: number }[]>(
        `select count(*)::int as count from resource where ${all.sql}`,
        all.params,
      );
      return row!.count;
    },
  };
}
