import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../src/db/orm';
import { prepareDatabase } from '../../src/db/prepare';
import { createLogger } from '../../src/core/logger';
import { PgSearchIndex } from '../../src/search/pg-search-index';
import { seedDatabase } from '../../seeds';

export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is unset: run the tests through jest (global setup)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, empty database for this test file in this worker; the global teardown drops it. */
export async function createDatabase(): Promise<string> {
  const worker = process.env.JEST_WORKER_ID ?? '0';
  const name = `jjn_t_${process.env.TEST_RUN_ID}_${worker}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`create database "${name}" template template0 encoding 'UTF8'`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl(), name);
}

/** A fresh database, migrated and seeded, with an ORM on it. */
export async function createSeededDatabase(): Promise<{ url: string; orm: MikroORM }> {
  const url = await createDatabase();
  const orm = await openOrm(url, { pool: { min: 0, max: 5 } });
  await prepareDatabase(orm, url, {
    log: createLogger({ logLevel: 'silent' }),
    runSeeds: true,
    seed: (o) => seedDatabase(o, new PgSearchIndex()),
  });
  return { url, orm };
}
