import fs from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Drops the databases this run created, then stops the embedded server if one was started.
export default async function globalTeardown() {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await client.connect();
  const prefix = `jjn_t_${process.env.TEST_RUN_ID}`;
  const { rows } = await client.query('select datname from pg_database where datname like $1', [`${prefix}%`]);
  for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  await client.end();
  const embedded = globalThis.__EMBEDDED_DB__;
  if (embedded) {
    await embedded.db.stop();
    await fs.rm(embedded.dataDir, { recursive: true, force: true });
  }
}
