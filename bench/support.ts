import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { startLocalIdentityProvider, type LocalIdentityProvider } from '../scripts/local-identity-provider';

export interface LatencySummary {
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles in milliseconds from raw samples. */
export function summarise(samples: number[], seconds: number, errors = 0, non2xx = 0): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: samples.length,
    errors,
    non2xx,
    rps: round(samples.length / seconds),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? NaN),
  };
}

/**
 * Drives one GraphQL operation over HTTP with autocannon; latencies recorded per response. With several
 * bodies (e.g. the same query over a list of ids), every connection takes the next one in turn.
 */
export async function loadGraphql(
  url: string,
  body: object | object[],
  options: {
    connections?: number;
    seconds?: number;
    headers?: Record<string, string>;
    /** Open loop: requests per second across all connections (autocannon `overallRate`). */
    overallRate?: number;
    /** Stop after this many requests instead of after `seconds`. */
    amount?: number;
  } = {},
): Promise<LatencySummary> {
  const samples: number[] = [];
  const seconds = options.seconds ?? 10;
  const bodies = (Array.isArray(body) ? body : [body]).map((b) => JSON.stringify(b));
  let next = 0;
  const rotate: autocannon.Request = {
    setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
  };
  let done: (result: autocannon.Result) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve) => (done = resolve));
  const instance = autocannon(
    {
      url,
      method: 'POST',
      connections: options.connections ?? 16,
      ...(options.amount ? { amount: options.amount } : { duration: seconds }),
      ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
      body: bodies[0],
      ...(bodies.length > 1 ? { requests: [rotate] } : {}),
    },
    (_error, result) => done(result),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    samples.push(responseTime);
  });
  const result = await finished;
  return summarise(samples, seconds, result.errors + result.timeouts, result.non2xx);
}

/**
 * Open loop with paced arrivals: one request every 1000/rate ms, each sent at its own time whatever is
 * still outstanding, latency counted from when it was due (so a late send counts as waiting). This is
 * what "a fixed 100 req/s" means; autocannon's `overallRate` instead lets each connection send its
 * share back to back at the start of every second, i.e. a burst of `rate` requests once a second.
 */
export async function loadPaced(
  url: string,
  body: object | object[],
  options: { rate: number; seconds?: number; maxSockets?: number },
): Promise<LatencySummary> {
  const seconds = options.seconds ?? 10;
  const bodies = (Array.isArray(body) ? body : [body]).map((b) => Buffer.from(JSON.stringify(b)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const target = new URL(url);
  const samples: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * seconds);
  const started = performance.now();
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const due = started + i * interval;
      const payload = bodies[i % bodies.length]!;
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if ((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300)
              samples.push(performance.now() - due);
            else non2xx++;
            resolve();
          });
        },
      );
      request.on('error', () => (errors++, resolve()));
      request.end(payload);
    });
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return summarise(samples, seconds, errors, non2xx);
}

/** The same measurement for an async function run by `concurrency` loops (baselines in SQL). */
export async function loadFunction(fn: () => Promise<unknown>, options: { concurrency?: number; seconds?: number }) {
  const samples: number[] = [];
  const seconds = options.seconds ?? 10;
  const until = Date.now() + seconds * 1000;
  let errors = 0;
  const loop = async () => {
    while (Date.now() < until) {
      const started = process.hrtime.bigint();
      try {
        await fn();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      } catch {
        errors++;
      }
    }
  };
  const startedAt = Date.now();
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, loop));
  return summarise(samples, (Date.now() - startedAt) / 1000, errors);
}

export interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

/** A fresh database: on DATABASE_URL's server when set, else on an embedded PostgreSQL in a temp folder. */
export async function benchDatabase(): Promise<BenchDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let dataDir: string | null = null;
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiujinan-bench-'));
    embedded = await startEmbeddedPostgres(dataDir);
    admin = embedded.url;
  }
  const name = `jjn_bench_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database "${name}" template template0 encoding 'UTF8'`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    close: async () => {
      // BENCH_KEEP_DB=1 keeps the database (on DATABASE_URL's server) for profiling afterwards.
      if (process.env.BENCH_KEEP_DB && !embedded) {
        process.stderr.write(`kept database ${url.toString()}\n`);
        return;
      }
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
      await embedded?.stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SpawnedHub {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The real entry point in its own process, so load generator and server do not share an event loop.
 * BENCH_HUB_NODE_ARGS passes options to that node (e.g. `--cpu-prof --cpu-prof-dir=prof` to profile the hub).
 */
export async function spawnHub(databaseUrl: string, env: Record<string, string> = {}): Promise<SpawnedHub> {
  const identity = (await benchIdentity()).env;
  const main = path.join(__dirname, '..', 'src', 'main.js');
  const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      ...identity,
      CONTACT_HASH_KEY: 'bench-hub-contact-hash-key-of-at-least-32-bytes',
      SEED: 'false',
      // A benchmark is one client driving the hub as hard as it can: the per-client caps that protect a
      // production instance would measure themselves (429s, refused sockets) instead of the read path.
      REPORT_RATE_LIMIT: '1000000',
      WRITE_RATE_LIMIT: '1000000',
      SEARCH_RATE_LIMIT: '1000000',
      WS_MAX_CONNECTIONS_PER_ADDRESS: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let ready = false;
  return new Promise((resolve, reject) => {
    // Keep draining the pipes (a full pipe would stall the hub), but remember only the start.
    const onData = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      const match = /ready at (http:\/\/[^\s"]+)/.exec(output);
      if (match) {
        ready = true;
        resolve({
          url: match[1]!,
          child,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${output}`)));
  });
}

// A production hub trusts only its identity provider (HS256 is refused there): a local one stands in.
let identity: Promise<LocalIdentityProvider> | undefined;
function benchIdentity(): Promise<LocalIdentityProvider> {
  return (identity ??= startLocalIdentityProvider());
}

/** A token the spawned hubs accept. */
export async function benchToken(role: string, claims: { org?: string; area?: string } = {}): Promise<string> {
  return (await benchIdentity()).sign({ role, ...claims });
}

/** A small deterministic PRNG (mulberry32), so every run generates the same corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
