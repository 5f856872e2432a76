import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { cpuMs, round } from './measure';
import { benchToken, benchDatabase, spawnHub, summarise } from './support';
import { loadResources } from './resources';

const SUBSCRIPTION =
  'subscription { resourcePublished { cursor resource { id title provider { name } serviceAreas { code } } } }';

async function gql(url: string, token: string, query: string, variables: object = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface Subscribers {
  clients: Client[];
  /** resource id → receipt times (ms, performance.now) */
  receipts: Map<string, number[]>;
  errors: unknown[];
}

async function connect(urls: string[], total: number): Promise<Subscribers> {
  const receipts = new Map<string, number[]>();
  const clients: Client[] = [];
  const errors: unknown[] = [];
  for (let i = 0; i < total; i++) {
    const url = urls[i % urls.length]!.replace(/^http/, 'ws');
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('error', reject);
    });
    client.subscribe<{ resourcePublished: { resource: { id: string } } }>(
      { query: SUBSCRIPTION },
      {
        next: (result) => {
          if (result.errors) errors.push(...result.errors);
          const id = result.data?.resourcePublished.resource.id;
          if (!id) return;
          const list = receipts.get(id) ?? [];
          list.push(performance.now());
          receipts.set(id, list);
        },
        error: (error) => errors.push(error),
        complete: () => undefined,
      },
    );
    clients.push(client);
  }
  await new Promise((r) => setTimeout(r, 1000));
  return { clients, receipts, errors };
}

/** What one round does: publish one resource, resolve with its id once the request is answered. */
type Publisher = { publish(round: number): Promise<{ id: string; t0: number; t1: number }> };

function hubPublisher(url: string, token: string, providerId: string): Publisher {
  return {
    async publish(round) {
      const input = {
        providerId,
        title: `扇出测试${round}`,
        description: '扇出基准。',
        forms: ['CASH'],
        emergencyTypes: ['FIRE'],
        serviceAreaCodes: ['310000'],
      };
      const created = await gql(
        url,
        token,
        'mutation($input: CharityProjectCreateInput!) { charityProjectCreate(input: $input) { resource { id } } }',
        { input },
      );
      const id: string = created.data.charityProjectCreate.resource.id;
      // t0 is taken before the publish request is sent: the commit happens after it, so this errs high.
      const t0 = performance.now();
      await gql(url, token, 'mutation($id: ID!) { resourcePublish(input: { id: $id }) { resource { id } } }', { id });
      return { id, t0, t1: performance.now() };
    },
  };
}

function baselinePublisher(url: string): Publisher {
  return {
    async publish() {
      const t0 = performance.now();
      const response = await fetch(url.replace(/\/graphql$/, '/publish'), { method: 'POST' });
      const { id } = (await response.json()) as { id: string };
      return { id, t0, t1: performance.now() };
    },
  };
}

/** Peak resident set size of a process (VmHWM, MiB), from /proc. */
function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Publishes `rounds` events and measures publish-to-receipt at every subscriber, and the server's CPU. */
async function measure(publisher: Publisher, pid: number, subscribers: Subscribers, total: number, rounds: number) {
  const samples: number[] = [];
  const afterResponse: number[] = [];
  let missing = 0;
  const cpuBefore = cpuMs([pid]);
  for (let round = 0; round < rounds; round++) {
    const { id, t0, t1 } = await publisher.publish(round);
    const deadline = Date.now() + 10_000;
    while ((subscribers.receipts.get(id)?.length ?? 0) < total && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const times = subscribers.receipts.get(id) ?? [];
    missing += total - times.length;
    samples.push(...times.map((t) => t - t0));
    // The commit lies between t0 and t1; t1-based figures are the lower bound.
    afterResponse.push(...times.map((t) => Math.max(0, t - t1)));
    await new Promise((r) => setTimeout(r, 300));
  }
  const cpu = cpuMs([pid]) - cpuBefore;
  const summary = summarise(samples, 1);
  const lower = summarise(afterResponse, 1);
  return {
    subscribers: total,
    events: rounds,
    deliveries: samples.length,
    missing,
    errors: subscribers.errors.length,
    // From sending the publish request (an upper bound on commit-to-receipt).
    p50: summary.p50,
    p95: summary.p95,
    p99: summary.p99,
    max: summary.max,
    // From the publish request's response (a lower bound).
    fromResponse: { p50: lower.p50, p99: lower.p99 },
    // The server process's CPU per event (all rounds, publishing included; subscribers are in this process).
    serverCpuMsPerEvent: round(cpu / rounds),
    serverPeakRssMiB: peakRssMiB(pid),
  };
}

async function disconnect(subscribers: Subscribers) {
  await Promise.all(subscribers.clients.map((c) => c.dispose()));
}

/** The bare graphql-ws server in its own process, as the hub is. */
function spawnBaseline(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'fanout-baseline.js')], {
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

export async function benchFanout(args: { subscribers: number; rounds: number }) {
  const db = await benchDatabase();
  try {
    await loadResources(db.url, 0);
    const extra: Record<string, string> = process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {};
    // Bare graphql-ws first, then the hub, in this one run.
    const bare = await spawnBaseline();
    let baseline;
    try {
      const subscribers = await connect([bare.url], args.subscribers);
      baseline = await measure(
        baselinePublisher(bare.url),
        bare.child.pid!,
        subscribers,
        args.subscribers,
        args.rounds,
      );
      await disconnect(subscribers);
    } finally {
      await bare.stop();
    }
    const a = await spawnHub(db.url, { ...extra, DB_POOL_SIZE: '20' });
    try {
      const token = await benchToken('COORDINATOR', { area: '310000' });
      const providerId = (await gql(a.url, token, '{ organizations(search: "上海市慈善基金会") { nodes { id } } }'))
        .data.organizations.nodes[0].id;
      const subscribers = await connect([a.url], args.subscribers);
      const hub = await measure(
        hubPublisher(a.url, token, providerId),
        a.child.pid!,
        subscribers,
        args.subscribers,
        args.rounds,
      );
      await disconnect(subscribers);
      const ratio = round(hub.p99 / baseline.p99);
      return {
        benchmark: 'fanout',
        transport: process.env.REDIS_URL ? 'redis' : 'postgres LISTEN/NOTIFY',
        subscription: SUBSCRIPTION,
        loadAverage: os.loadavg().map(round),
        cpus: os.cpus().length,
        baseline: { name: 'bare graphql-ws (graphql-js, in-memory feed), own process', ...baseline },
        hub: { name: 'hub, one instance', ...hub },
        hubP99OverBaselineP99: ratio,
        goal: {
          hubP99AtMostMs: 150,
          hubP99AtMostTimesBaseline: 1.5,
          met: hub.p99 <= 150 && ratio <= 1.5 && hub.missing === 0 && hub.errors === 0,
        },
      };
    } finally {
      await a.stop();
    }
  } finally {
    await db.close();
  }
}
