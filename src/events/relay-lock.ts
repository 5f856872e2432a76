import pg from 'pg';
import { loggableError, type Logger } from '../core/logger';

/** A relay's advisory lock: its key, and how the lock's connection and its log lines name the relay. */
export interface RelayLock {
  key: number;
  /** The connection's application_name, as pg_stat_activity shows it. */
  applicationName: string;
  /** The relay as the log names it ('relay', 'Meilisearch relay'). */
  relay: string;
}

/**
 * One relay per database (Redis fan-out, Meilisearch): the instance holding the relay's advisory lock
 * leads. The lock is taken on a session connection of its own and held as long as that connection
 * lives: the connection when this instance now leads, null when another instance holds the lock.
 */
export async function tryRelayLock(databaseUrl: string, lock: RelayLock, log: Logger): Promise<pg.Client | null> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    keepAlive: true,
    application_name: lock.applicationName,
  });
  client.on('error', (error) => log.warn({ err: loggableError(error) }, `${lock.relay} lock connection error`));
  await client.connect();
  const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [lock.key]);
  if (rows[0]?.ok) return client;
  await client.end();
  return null;
}
