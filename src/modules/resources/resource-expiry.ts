import { LockMode } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { appendEvents } from '../../events/outbox';
import type { SearchIndex } from '../../search/search-index';
import { RESOURCE_EVENTS, resourceEvent, resourceSearchDocument } from './resource-documents';
import { Resource } from './resource.entity';
import { ResourceStatus } from './resource.enums';
import { systemClock } from '../../core/clock';

/**
 * Moves published resources past their `availableUntil` to EXPIRED, with their search documents
 * and events, in one transaction. Safe on every instance at once: each row flips once.
 */
export async function expireDueResources(
  orm: MikroORM,
  search: SearchIndex,
  now: Date = systemClock.now(),
): Promise<number> {
  return orm.em.fork().transactional(async (em) => {
    const due = await em.find(
      Resource,
      { status: ResourceStatus.PUBLISHED, availableUntil: { $lte: now } },
      // SKIP LOCKED: rows another instance is expiring right now are left to it.
      { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit: 500 },
    );
    if (due.length === 0) return 0;
    for (const resource of due) resource.status = ResourceStatus.EXPIRED;
    await em.flush();
    await search.upsert(em, due.map(resourceSearchDocument));
    await appendEvents(
      em,
      due.map((r) => resourceEvent(RESOURCE_EVENTS.expired, r, null)),
    );
    return due.length;
  });
}
