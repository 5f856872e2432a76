import type { EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionOf, pageSize } from './connection';
import { checkKeysetCursor } from './keyset-cursor';

/** A page of the rows that match every filter of `and`, newest first (then by id). */
export function findNewestPage<T extends { createdAt: Date; id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  and: FilterQuery<T>[],
  args: { first?: number | null; after?: string | null },
) {
  const orderBy = { createdAt: 'desc', id: 'desc' } as QueryOrderMap<T>;
  return findPage(em, entity, { $and: and } as FilterQuery<T>, { first: args.first, after: args.after, orderBy });
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
    after: checkKeysetCursor(args.after, em.getMetadata().get(entity), args.orderBy as Record<string, unknown>),
    orderBy: args.orderBy,
    includeCount: true,
  });
  const edges = (page.items as T[]).map((node) => ({ cursor: page.from(node), node }));
  return connectionOf(edges, page.totalCount, page.hasNextPage ?? false, page.hasPrevPage ?? false);
}
