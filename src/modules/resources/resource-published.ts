import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Resource } from './resource.entity';
import { ResourceStatus } from './resource.enums';

/** Published and not past its end: what the public (and the HSDS export) may see of the catalogue. */
function publishedWhere(now: Date): FilterQuery<Resource> {
  return { status: ResourceStatus.PUBLISHED, $or: [{ availableUntil: null }, { availableUntil: { $gt: now } }] };
}

/** A page of the published catalogue, newest first, and how many there are. */
export function publishedResourcePage(
  em: EntityManager,
  now: Date,
  page: { offset: number; limit: number },
): Promise<[Resource[], number]> {
  return em.findAndCount(Resource, publishedWhere(now), {
    orderBy: { publishedAt: 'desc', id: 'asc' },
    offset: page.offset,
    limit: page.limit,
  });
}

/** The published resource under a stored HSDS uuid (one unique-index lookup), id and kind only; or null. */
export async function publishedResourceByHsdsId(
  em: EntityManager,
  uuid: string,
  now: Date,
): Promise<Pick<Resource, 'id' | 'kind'> | null> {
  const [row] = await em.find(Resource, { $and: [{ hsdsId: uuid.toLowerCase() }, publishedWhere(now)] }, {
    fields: ['id', 'kind'],
    limit: 1,
  });
  return row ?? null;
}

/** One published resource, or null. */
export function publishedResource(em: EntityManager, id: string, now: Date): Promise<Resource | null> {
  return em.findOne(Resource, { $and: [{ id }, publishedWhere(now)] });
}
