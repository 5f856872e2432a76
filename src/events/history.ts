import type { EntityManager } from '@mikro-orm/postgresql';
import { eventFromRow, type DomainEvent } from './outbox';

/** The events of some aggregates (a case and its needs), oldest first, optionally of some types only. */
export async function eventsOf(
  em: EntityManager,
  aggregateIds: readonly string[],
  types?: readonly string[],
): Promise<DomainEvent[]> {
  if (aggregateIds.length === 0) return [];
  const rows = await em.execute<Parameters<typeof eventFromRow>[0][]>(
    `select id, type, aggregate_type, aggregate_id, payload, actor, occurred_at from domain_event
     where aggregate_id in (select jsonb_array_elements_text(?::jsonb)::uuid)
       ${types ? `and type in (select jsonb_array_elements_text(?::jsonb))` : ''}
     order by id`,
    types ? [JSON.stringify(aggregateIds), JSON.stringify(types)] : [JSON.stringify(aggregateIds)],
  );
  return rows.map(eventFromRow);
}
