import type { MikroORM } from '@mikro-orm/postgresql';
import type { EnqueuedTaskPromise } from 'meilisearch';
import type pg from 'pg';
import { loggableError, type Logger } from '../core/logger';
import { OutboxReader, type EventSource } from '../events/dispatcher';
import { readCheckpoint as readEventCheckpoint, saveCheckpoint as saveEventCheckpoint } from '../events/checkpoint';
import { latestEventId, type DomainEvent } from '../events/outbox';
import { tryRelayLock, type RelayLock } from '../events/relay-lock';
import { planChanges, SEARCH_KINDS, toMeiliDocument, type SearchDocumentRow } from './meili-documents';
import type { MeiliTarget } from './meili-search-index';
import type { SearchKind } from './search-index';

// Session-level lock: whoever holds it feeds Meilisearch; it dies with its connection.
const RELAY_LOCK: RelayLock = { key: 7_315_004, applicationName: 'jiujinan-meili', relay: 'Meilisearch relay' };
const BACKFILL_PAGE = 1000;
const TASK_TIMEOUT_MS = 120_000;

export interface MeiliRelayOptions {
  /** The event_checkpoint row (default `meili-relay`). */
  checkpoint?: string;
  /** Longest pause between retries while Meilisearch is down (default 30 s). */
  maxBackoffMs?: number;
  /** How often a follower tries to take over (default 2 s). */
  leadEveryMs?: number;
}

export interface MeiliRelay extends EventSource {
  /** The last outbox event applied to Meilisearch (null while not leading). */
  readonly position: string | null;
}

class Stopped extends Error {}

const ROWS_SQL = `select kind, entity_id::text as entity_id, title, body, tags, sort_key, date_key::text as date_key
  from search_document`;

/**
 * One instance (the holder of an advisory lock) pushes search_document changes to Meilisearch,
 * in outbox order from a stored checkpoint; a new or emptied index is first filled from
 * search_document. Meilisearch being down only delays it: each step is retried with backoff
 * (the checkpoint advances only after Meilisearch has applied a change), never thrown.
 */
export function meiliRelay(
  orm: MikroORM,
  databaseUrl: string,
  target: MeiliTarget,
  log: Logger,
  options: MeiliRelayOptions = {},
): MeiliRelay {
  const name = options.checkpoint ?? 'meili-relay';
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let lockClient: pg.Client | null = null;
  let reader: OutboxReader | null = null;
  let leading: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const sleepers = new Set<() => void>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      sleepers.add(done);
    });

  // Retries `work` until it succeeds; throws only once the relay stops.
  const retry = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    for (let delay = 500; ; delay = Math.min(delay * 2, maxBackoffMs)) {
      if (stopped || !lockClient) throw new Stopped(what);
      try {
        return await work();
      } catch (error) {
        if (stopped || !lockClient) throw new Stopped(what);
        log.warn({ err: loggableError(error), retryInMs: delay }, `Meilisearch relay: ${what} failed`);
        await sleep(delay);
      }
    }
  };

  const db = () => orm.em.fork();

  const waitFor = async (task: EnqueuedTaskPromise) => {
    const done = await task.waitTask({ timeout: TASK_TIMEOUT_MS, interval: 100 });
    if (done.status !== 'succeeded')
      throw new Error(`Meilisearch task ${done.uid} ${done.status}: ${done.error?.message}`);
  };

  const saveCheckpoint = (id: string) => saveEventCheckpoint(db(), name, id);
  const readCheckpoint = () => readEventCheckpoint(db(), name);

  const prepareIndex = async (kind: SearchKind) => {
    try {
      await waitFor(target.client.createIndex(target.index(kind).uid, { primaryKey: 'id' }));
    } catch (error) {
      // Already there (a task failure, or an API error from older servers): fine.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
    await waitFor(target.index(kind).updateSettings(target.settings()));
  };

  const push = async (kind: SearchKind, rows: SearchDocumentRow[]) => {
    if (rows.length > 0)
      await waitFor(target.index(kind).addDocuments(rows.map(toMeiliDocument), { primaryKey: 'id' }));
  };

  // Copies every document of a kind, keyset-paged by id.
  const backfill = async (kind: SearchKind) => {
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await db().execute<SearchDocumentRow[]>(
        `${ROWS_SQL} where kind = ? and entity_id > ?::uuid order by entity_id limit ?`,
        [kind, after, BACKFILL_PAGE],
      );
      await push(kind, rows);
      if (rows.length < BACKFILL_PAGE) return;
      after = rows.at(-1)!.entity_id;
    }
  };

  const isEmpty = async (kind: SearchKind) => {
    const stats = await target.index(kind).getStats();
    if (stats.numberOfDocuments > 0) return false;
    const [row] = await db().execute<{ any: boolean }[]>(
      'select exists(select 1 from search_document where kind = ?) as any',
      [kind],
    );
    return row.any;
  };

  // Settings, then the starting point: the checkpoint, or (no checkpoint) the newest event once
  // every document committed up to it has been copied. Later events are replayed: harmless,
  // since applying a change re-reads the row.
  const prepare = async (): Promise<string> => {
    for (const kind of SEARCH_KINDS) await prepareIndex(kind);
    const saved = await readCheckpoint();
    const from = saved ?? (await latestEventId(db()));
    for (const kind of SEARCH_KINDS) {
      if (saved === null || (await isEmpty(kind))) {
        log.info({ kind }, 'Meilisearch relay: filling the index from search_document');
        await backfill(kind);
      }
    }
    if (saved === null) await saveCheckpoint(from);
    return from;
  };

  const apply = async (plan: Map<SearchKind, string[]>) => {
    for (const [kind, ids] of plan) {
      const rows = await db().execute<SearchDocumentRow[]>(
        `${ROWS_SQL} where kind = ? and entity_id = any(?::uuid[])`,
        [kind, ids],
      );
      await push(kind, rows);
      const present = new Set(rows.map((r) => r.entity_id));
      const gone = ids.filter((id) => !present.has(id));
      if (gone.length > 0) await waitFor(target.index(kind).deleteDocuments(gone));
    }
  };

  const deliver = async (event: DomainEvent) => {
    const plan = planChanges([event]);
    if (plan.size === 0) return;
    await retry('applying search changes', () => apply(plan));
    await retry('saving the checkpoint', () => saveCheckpoint(event.id));
  };

  const lead = async () => {
    try {
      const from = await retry('preparing the indexes', prepare);
      const next = new OutboxReader(orm, databaseUrl, log, from, deliver);
      reader = next;
      await retry('listening to the outbox', () => next.start());
      log.info({ from }, 'relaying search changes to Meilisearch');
    } catch (error) {
      if (!(error instanceof Stopped)) log.error({ err: loggableError(error) }, 'Meilisearch relay failed');
    }
  };

  const tryLead = async () => {
    if (stopped || lockClient) return;
    try {
      const client = await tryRelayLock(databaseUrl, RELAY_LOCK, log);
      if (!client) return;
      if (stopped) {
        await client.end();
        return;
      }
      lockClient = client;
      client.on('end', () => {
        // Lost the lock with the connection: stop relaying; someone (maybe us) takes over.
        if (lockClient !== client) return;
        lockClient = null;
        for (const wake of [...sleepers]) wake();
        const current = reader;
        reader = null;
        void current?.stop();
      });
      leading = lead();
    } catch (error) {
      log.warn({ err: loggableError(error) }, 'could not take the Meilisearch relay role');
    }
  };

  return {
    get position() {
      return reader?.position ?? null;
    },
    async start() {
      await tryLead();
      timer = setInterval(() => void tryLead(), options.leadEveryMs ?? 2000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      // The reader first (it stops reading), then wake whatever waits on a retry.
      const stopping = reader?.stop();
      for (const wake of [...sleepers]) wake();
      await stopping;
      await leading;
      await reader?.stop();
      const client = lockClient;
      lockClient = null;
      await client?.end().catch(() => undefined);
    },
  };
}
