import { Cursor, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionOf, pageSize } from './connection';
import { BadInputError } from './errors';

/** MikroORM's keyset cursors are base64url JSON arrays; anything else is the client's mistake. */
function checkCursor(after: string | null | undefined): string | undefined {
  if (!after) return undefined;
  let decoded: unknown;
  try {
    decoded = Cursor.decode(after);
  } catch {
    decoded = null;
  }
  if (!Array.isArray(decoded)) throw new BadInputError('无效的游标 (malformed cursor)', 'after');
  return after;
}

/** One keyset-paginated page of an entity as a Relay connection (2 statements: page and count). */
export async function findPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: { first?: number | null; after?: string | null; orderBy: QueryOrderMap<T> },
) {
  const page = await em.findByCursor(entity, where, {
    first: pageSize(args.first),
    after: checkCursor(args.after),
    orderBy: args.orderBy,
    includeCount: true,
  });
  const edges = (page.items as T[]).map((node) => ({ cursor: page.from(node), node }));
  return connectionOf(edges, page.totalCount, page.hasNextPage ?? false, page.hasPrevPage ?? false);
}
