import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEvents } from '../../events/outbox';
import { RESOURCE_EVENTS } from './resource-documents';
import { systemClock } from '../../core/clock';

export type Reservation =
  | { ok: true; remaining: number | null }
  | { ok: false; reason: 'NOT_AVAILABLE' | 'INSUFFICIENT_CAPACITY'; remaining: number | null };

interface Row {
  capacity_remaining: number | null;
  status: string;
}

/**
 * Takes `amount` from a published resource's capacity in one conditional UPDATE: the row lock
 * serialises concurrent callers and the `>=` guard means capacity never goes below zero. At
 * zero the resource becomes EXHAUSTED in the same statement. Unlimited capacity (none set) always fits.
 */
export async function reserveCapacity(
  em: EntityManager,
  resourceId: string,
  amount: number,
  now: Date = systemClock.now(),
): Promise<Reservation> {
  if (!Number.isInteger(amount) || amount <= 0) throw new RangeError('amount must be a positive integer');
  const rows: Row[] = await em.execute(
    `update resource set
       capacity_remaining = case when capacity_unit is null then null else capacity_remaining - ? end,
       status = case when capacity_unit is not null and capacity_remaining = ? then 'EXHAUSTED'::resource_status else status end,
       updated_at = now()
     where id = ? and status = 'PUBLISHED' and (available_until is null or available_until > ?)
       and (capacity_unit is null or capacity_remaining >= ?)
     returning capacity_remaining, status`,
    [amount, amount, resourceId, now, amount],
  );
  if (rows[0]) {
    if (rows[0].status === 'EXHAUSTED' && em.isInTransaction()) {
      await appendEvents(em, [
        {
          type: RESOURCE_EVENTS.exhausted,
          aggregateType: 'Resource',
          aggregateId: resourceId,
          payload: { resourceId },
        },
      ]);
    }
    return { ok: true, remaining: rows[0].capacity_remaining };
  }
  const [current] = await em.execute<{ capacity_remaining: number | null; available: boolean }[]>(
    // An exhausted resource is available in kind, just out of capacity.
    `select capacity_remaining, status in ('PUBLISHED', 'EXHAUSTED') and (available_until is null or available_until > ?) as available
     from resource where id = ?`,
    [now, resourceId],
  );
  if (!current?.available)
    return { ok: false, reason: 'NOT_AVAILABLE', remaining: current?.capacity_remaining ?? null };
  return { ok: false, reason: 'INSUFFICIENT_CAPACITY', remaining: current.capacity_remaining };
}

/** Gives unused capacity back (a declined referral, an expired hold); an exhausted resource reopens. */
export async function releaseCapacity(em: EntityManager, resourceId: string, amount: number): Promise<number | null> {
  if (!Number.isInteger(amount) || amount <= 0) throw new RangeError('amount must be a positive integer');
  const rows: Row[] = await em.execute(
    `update resource set
       capacity_remaining = least(capacity_total, capacity_remaining + ?),
       status = case when status = 'EXHAUSTED' then 'PUBLISHED'::resource_status else status end,
       updated_at = now()
     where id = ? and capacity_unit is not null
     returning capacity_remaining, status`,
    [amount, resourceId],
  );
  return rows[0]?.capacity_remaining ?? null;
}
