import type { EntityManager } from '@mikro-orm/postgresql';
import { toDate } from '../core/clock';
import { HubError } from '../core/errors';

/** The channel every instance LISTENs on; the payload is the newest event id of the commit. */
export const EVENTS_CHANNEL = 'jiujinan_events';

// Held until commit: events become visible in id order, so a reader that has seen id N
// can never later meet a committed event with an id below N.
const OUTBOX_LOCK = 7_315_002;

export interface NewEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  actor?: string | null;
}

export interface DomainEvent extends Required<NewEvent> {
  id: string; // bigint as a decimal string
  occurredAt: Date;
}

interface EventRow {
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  actor: string | null;
  occurred_at: Date | string;
}

export function eventFromRow(row: EventRow): DomainEvent {
  return {
    id: String(row.id),
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    actor: row.actor,
    occurredAt: toDate(row.occurred_at),
  };
}

/**
 * Appends events inside the caller's transaction (the outbox). PostgreSQL delivers the
 * NOTIFY at commit and never on rollback, so a rolled-back write emits nothing.
 */
export async function appendEvents(em: EntityManager, events: NewEvent[]): Promise<DomainEvent[]> {
  if (events.length === 0) return [];
  if (!em.isInTransaction()) throw new Error('appendEvents needs a transaction');
  await em.execute('select pg_advisory_xact_lock(?)', [OUTBOX_LOCK]);
  const rows: EventRow[] = await em.execute(
    `insert into domain_event (type, aggregate_type, aggregate_id, payload, actor)
     select e.type, e.aggregate_type, e.aggregate_id, e.payload, e.actor
     from jsonb_to_recordset(?::jsonb) as e(type text, aggregate_type text, aggregate_id uuid, payload jsonb, actor text, n int)
     order by e.n
     returning id, type, aggregate_type, aggregate_id, payload, actor, occurred_at`,
    [
      JSON.stringify(
        events.map((e, n) => ({
          n,
          type: e.type,
          aggregate_type: e.aggregateType,
          aggregate_id: e.aggregateId,
          payload: e.payload,
          actor: e.actor ?? null,
        })),
      ),
    ],
  );
  const appended = rows.map(eventFromRow);
  await em.execute('select pg_notify(?, ?)', [EVENTS_CHANNEL, appended.at(-1)!.id]);
  return appended;
}

/**
 * A step's end: writes the transaction's pending changes, then appends the step's events, so the
 * outbox's lock (held until commit) is the last lock the transaction takes.
 */
export async function flushAndAppend(tx: EntityManager, events: NewEvent[]): Promise<DomainEvent[]> {
  await tx.flush();
  return appendEvents(tx, events);
}

/** Events after `afterId`, oldest first, optionally of some types only. */
export async function readEvents(
  em: EntityManager,
  afterId: string,
  options: { limit?: number; types?: string[] } = {},
): Promise<DomainEvent[]> {
  const types = options.types ?? null;
  const rows: EventRow[] = await em.execute(
    `select id, type, aggregate_type, aggregate_id, payload, actor, occurred_at from domain_event
     where id > ? ${types ? `and type in (${types.map(() => '?').join(', ')})` : ''} order by id limit ?`,
    [afterId, ...(types ?? []), options.limit ?? 500],
  );
  return rows.map(eventFromRow);
}

export async function latestEventId(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ id: string | null }[]>('select max(id)::text as id from domain_event');
  return row?.id ?? '0';
}

/** How far back `after` may reach: events of the last `days` days, and no more than `maxEvents` of them. */
export interface ReplayWindow {
  days: number;
  maxEvents: number;
}

/**
 * Refuses a cursor older than the replay window with a BAD_USER_INPUT error that says what to do
 * (list afresh, then subscribe without `after`): replaying the whole history is never an option.
 */
export async function requireReplayable(
  em: EntityManager,
  afterId: string,
  window: ReplayWindow,
  now: Date,
): Promise<void> {
  const [row] = await em.execute<{ too_old: boolean; too_many: boolean }[]>(
    `select coalesce((select occurred_at from domain_event where id > ? order by id limit 1) < ?::timestamptz - make_interval(days => ?), false) as too_old,
            (select count(*) from (select 1 from domain_event where id > ? limit ?) s) > ? as too_many`,
    [afterId, now.toISOString(), window.days, afterId, window.maxEvents + 1, window.maxEvents],
  );
  if (row?.too_old || row?.too_many)
    throw new HubError(
      `事件游标超出回放范围（${window.days} 天或 ${window.maxEvents} 条事件），请重新查询列表后不带 after 订阅 ` +
        `(cursor older than the replay window of ${window.days} days or ${window.maxEvents} events: list again, then subscribe without \`after\`)`,
      'BAD_USER_INPUT',
      { argument: 'after', reason: 'CURSOR_OUTSIDE_REPLAY_WINDOW' },
    );
}

/** The newest event id and the position of a relay's checkpoint (null without a row), for lag metrics. */
export async function outboxPosition(
  em: EntityManager,
  checkpoint: string,
): Promise<{ newest: bigint; checkpoint: bigint | null }> {
  const [row] = await em.execute<{ newest: string | null; checkpoint: string | null }[]>(
    `select (select max(id) from domain_event)::text as newest,
            (select last_id from event_checkpoint where name = ?)::text as checkpoint`,
    [checkpoint],
  );
  return {
    newest: BigInt(row?.newest ?? '0'),
    checkpoint: row?.checkpoint == null ? null : BigInt(row.checkpoint),
  };
}
