import fs from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { summarise } from './support';

// Measuring helpers: latency one operation at a time, and the CPU time an operation costs.

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function percentiles(samples: number[]) {
  const s = summarise(samples, 1);
  return { p50: s.p50, p95: s.p95, p99: s.p99, max: s.max };
}

/** One request after the other, each timed: latency without queueing. */
export async function sequential(fn: (i: number) => Promise<unknown>, count: number) {
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    try {
      await fn(i);
      samples.push(performance.now() - t0);
    } catch {
      errors++;
    }
  }
  return summarise(samples, (performance.now() - started) / 1000, errors);
}

/** Peak resident set of a process in MB (VmHWM), or null when it is gone. */
export function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status);
    return kb ? round(Number(kb[1]) / 1024) : null;
  } catch {
    return null;
  }
}

// ---- CPU time: what a request costs whatever else the machine is doing ----

const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * CPU milliseconds (user + system) these local processes have used so far, from /proc (Linux); 0 for
 * any gone, or not named `command` (a PostgreSQL server elsewhere has its pids on another machine).
 */
export function cpuMs(pids: number[], command?: string): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (command && !stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith(command)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/**
 * CPU milliseconds per operation spent by the hub's process (when given), this process and the
 * PostgreSQL backends of this database while `run` does `count(result)` operations.
 */
export async function cpuPerOperation<T>(
  db: EntityManager | pg.Pool,
  hubPid: number | null,
  run: () => Promise<T>,
  count: (result: T) => number,
): Promise<{ result: T; cpuMsPerRequest: Record<string, number> }> {
  const statement = 'select pid from pg_stat_activity where datname = current_database()';
  const backends = async () =>
    (db instanceof pg.Pool
      ? (await db.query<{ pid: number }>(statement)).rows
      : await db.execute<{ pid: number }[]>(statement)
    ).map((r) => r.pid);
  const pgBefore = new Map((await backends()).map((pid) => [pid, cpuMs([pid], 'postgres')]));
  const hubBefore = hubPid ? cpuMs([hubPid]) : 0;
  const selfBefore = process.cpuUsage();
  const result = await run();
  const self = process.cpuUsage(selfBefore);
  const hub = hubPid ? cpuMs([hubPid]) - hubBefore : 0;
  // Backends that started during the run count from zero; those that ended are lost (the pools keep theirs).
  let postgres = 0;
  for (const pid of await backends()) postgres += cpuMs([pid], 'postgres') - (pgBefore.get(pid) ?? 0);
  const n = Math.max(1, count(result));
  return {
    result,
    cpuMsPerRequest: {
      ...(hubPid ? { hub: round(hub / n) } : {}),
      benchProcess: round((self.user + self.system) / 1000 / n),
      postgres: round(postgres / n),
    },
  };
}
