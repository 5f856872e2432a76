import type { EntityManager } from '@mikro-orm/postgresql';

/** The last event id a named relay (Redis fan-out, Meilisearch) has handled; null before its first. */
export async function readCheckpoint(em: EntityManager, name: string): Promise<string | null> {
  const [row] = await em.execute<{ last_id: string }[]>(
    'select last_id::text as last_id from event_checkpoint where name = ?',
    [name],
  );
  return row?.last_id ?? null;
}

/** Records that the named relay has handled every event up to `id`. */
export async function saveCheckpoint(em: EntityManager, name: string, id: string): Promise<void> {
  await em.execute(
    `insert into event_checkpoint (name, last_id) values (?, ?)
     on conflict (name) do update set last_id = excluded.last_id, updated_at = now()`,
    [name, id],
  );
}

/**
 * The named relay's checkpoint, saved at `id` when it has none yet: a relay killed before its first
 * publish resumes from where it started, not from the newest event at its next start.
 */
export async function initCheckpoint(em: EntityManager, name: string, id: string): Promise<string> {
  await em.execute(`insert into event_checkpoint (name, last_id) values (?, ?) on conflict (name) do nothing`, [
    name,
    id,
  ]);
  return (await readCheckpoint(em, name))!;
}
