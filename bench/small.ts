import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { openOrm } from '../src/db/orm';
import { prepareDatabase } from '../src/db/prepare';
import { createLogger } from '../src/core/logger';
import { toGlobalId } from '../src/core/relay';
import { PgSearchIndex } from '../src/search/pg-search-index';
import { seedDatabase } from '../seeds';
import { cpuMs, peakRssMb, round } from './measure';
import { benchDatabase, loadGraphql, spawnHub, type LatencySummary } from './support';

export const OPERATION = `query Small($id: ID!) { policy(id: $id) { id title status issuedOn issuers } }`;

/** The Apollo + type-graphql floor (small-baseline.ts) in its own process, as the hub is. */
function spawnBaseline(databaseUrl: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'small-baseline.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /baseline ready at (\S+)/.exec(output);
      if (match)
        resolve({
          url: match[1]!,
          child,
          stop: () => new Promise<void>((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))),
        });
    });
    child.once('exit', (code) => reject(new Error(`baseline exited with ${code}`)));
  });
}

/** 16 connections for `seconds` after a 2-second warm-up; the server's CPU ms per request and peak RSS. */
async function measure(url: string, pid: number | undefined, bodies: object[], seconds: number) {
  await loadGraphql(url, bodies, { seconds: 2 });
  const loadAverage = os.loadavg().map(round);
  const before = cpuMs([pid!]);
  const result: LatencySummary = await loadGraphql(url, bodies, { connections: 16, seconds });
  const cpu = cpuMs([pid!]) - before;
  return {
    ...result,
    cpuMsPerRequest: round(cpu / Math.max(1, result.requests)),
    peakRssMb: peakRssMb(pid),
    loadAverage,
  };
}

/**
 * `npm run bench -- small`: `policy(id)` with five fields over the seeded policies, 16 connections,
 * on the hub and on a bare Apollo Server 5 + type-graphql + Express 5 server answering the same
 * query from the same row (one pg round trip), in one run.
 */
export async function benchSmall(args: { seconds: number }) {
  const db = await benchDatabase();
  try {
    const orm = await openOrm(db.url);
    await prepareDatabase(orm, db.url, {
      log: createLogger({ logLevel: 'silent' }),
      runSeeds: true,
      seed: (o) => seedDatabase(o, new PgSearchIndex()),
    });
    const ids = (
      await orm.em.fork().execute<{ id: string }[]>(`select id from policy where status = 'PUBLISHED' order by id`)
    ).map((r) => toGlobalId('Policy', r.id));
    await orm.close();
    const bodies = ids.map((id) => ({ query: OPERATION, variables: { id } }));

    const baseline = await spawnBaseline(db.url);
    let floor;
    try {
      floor = await measure(baseline.url, baseline.child.pid, bodies, args.seconds);
    } finally {
      await baseline.stop();
    }
    const hub = await spawnHub(db.url);
    let measured;
    try {
      measured = await measure(hub.url, hub.child.pid, bodies, args.seconds);
    } finally {
      await hub.stop();
    }
    return {
      benchmark: 'small',
      operation: OPERATION,
      policies: ids.length,
      secondsPerMeasurement: args.seconds,
      cpus: os.cpus().length,
      hub: measured,
      apolloTypeGraphqlFloor: floor,
      hubShareOfFloor: round(measured.rps / Math.max(1, floor.rps)),
      goal: {
        rpsAtLeast: 1400,
        met: measured.rps >= 1400 && measured.errors + measured.non2xx === 0,
      },
    };
  } finally {
    await db.close();
  }
}
