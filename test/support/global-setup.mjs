// Jest global setup: one PostgreSQL for the run. The machine's server when DATABASE_URL is set,
// else an embedded one on a free port (never 5432). Workers then create their own databases.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  process.env.TEST_RUN_ID = runId;
  process.env.NODE_ENV = 'test';
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const { startEmbeddedPostgres } = require('../../dist/src/db/embedded.js');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jiujinan-test-'));
  const db = await startEmbeddedPostgres(dataDir);
  process.env.TEST_ADMIN_DATABASE_URL = db.url;
  globalThis.__EMBEDDED_DB__ = { db, dataDir };
}
