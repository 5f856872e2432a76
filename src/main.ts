import 'reflect-metadata';
import { loadConfig, type Config } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { openOrm, type MikroORM } from './db/orm';
import { prepareDatabase } from './db/prepare';
import { createLogger, loggableError, type Logger } from './core/logger';
import { forcedExitMs, installProcessHandlers } from './process-handlers';
import { createSearchIndex } from './search';
import { startHub, type Hub } from './server';
import { seedDatabase } from '../seeds';

export interface Running {
  hub: Hub;
  orm: MikroORM;
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

/** Starts the hub: embedded PostgreSQL unless DATABASE_URL is set, then migrate, seed once, serve. */
export async function start(config: Config, log: Logger): Promise<Running> {
  if (config.jwtSecretIsDefault) log.warn('JWT_SECRET is not set: using the development secret (loopback only)');
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, (line) => log.debug({ postgres: line }));
    log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  // LISTEN/NOTIFY, advisory locks and migrations need a session of their own, past a transaction pooler.
  const sessionUrl = config.databaseSessionUrl ?? databaseUrl;
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: config.dbPoolSize } });
  try {
    await prepareDatabase(orm, sessionUrl, {
      log,
      runSeeds: config.seed,
      seed: (o) => seedDatabase(o, createSearchIndex(config, log)),
    });
    const hub = await startHub({ config, orm, databaseUrl: sessionUrl, log });
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await hub.close();
        await orm.close();
        await embedded?.stop();
      })());
    return { hub, orm, embedded, stop };
  } catch (error) {
    await orm.close();
    await embedded?.stop();
    throw error;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    // A configuration that would let strangers in, or that cannot be read: say why and stop.
    console.error(`Jiujinan Hub cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const log = createLogger(config);
  const running = await start(config, log).catch((error: unknown) => {
    log.fatal({ err: loggableError(error) }, 'failed to start');
    process.exit(1);
  });
  log.info({ url: running.hub.url }, `Jiujinan Hub ready at ${running.hub.url}`);
  let shuttingDown = false;
  const shutdown = (signal: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    // Past the drain's grace, with time left to close the pool and the embedded database.
    const force = setTimeout(() => {
      log.error({ signal }, 'shutdown took too long: exiting');
      process.exit(1);
    }, forcedExitMs(config));
    force.unref();
    running.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        log.error({ err: loggableError(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  installProcessHandlers(process, log, (reason) => shutdown(reason, 1));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) void main();
