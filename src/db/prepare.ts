import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../core/logger';

// Any fixed 64-bit number: instances starting together queue on it.
const MIGRATION_LOCK = 7_315_001;

/**
 * Migrates, then seeds an empty database, holding a PostgreSQL advisory lock so that
 * several instances starting at once run each step exactly once.
 */
export async function prepareDatabase(
  orm: MikroORM,
  clientUrl: string,
  options: { seed: (orm: MikroORM) => Promise<boolean>; log: Logger; runSeeds: boolean },
): Promise<void> {
  const lock = new pg.Client({ connectionString: clientUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.migrator.up();
    if (applied.length > 0) options.log.info({ migrations: applied.map((m) => m.name) }, 'migrated');
    if (options.runSeeds && (await options.seed(orm))) options.log.info('seeded an empty database');
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}
