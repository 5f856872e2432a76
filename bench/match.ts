import os from 'node:os';
import { systemClock } from '../src/core/clock';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { areaAncestry, pgTextArray } from '../src/core/areas';
import { fromGlobalId, toGlobalId } from '../src/core/relay';
import { openOrm } from '../src/db/orm';
import { AuditPurpose, type AuditActor } from '../src/modules/audit/audit';
import { readHouseholdFactsUnlessBarred } from '../src/modules/households/household-facts';
import { viewColumns, viewsOf } from '../src/core/read-model';
import { matchResources, type CandidateResource } from '../src/modules/matching/engine';
import { needForMatching } from '../src/modules/cases/need-queries';
import {
  CANDIDATE_COLUMNS,
  candidatesFor,
  toCandidate,
  type CandidateRow,
} from '../src/modules/resources/resource-candidates';
import { reverseMatch } from '../src/modules/matching/reverse-match';
import { relevanceWords, textScorer } from '../src/modules/matching/text-relevance';
import { type Resource } from '../src/modules/resources/resource.entity';
import {
  insertResources,
  loadResources,
  matchingResourceRow,
  readCatalogue,
  type Breadth,
  type Catalogue,
} from './resources';
import { loadCasework } from './match-data';
import { cpuPerOperation, percentiles, round, sequential } from './measure';
import { Role } from '../src/core/auth';
import { benchToken, benchDatabase, loadFunction, loadGraphql, random, spawnHub, summarise } from './support';

const OPERATION = `query Match($needId: ID!) {
  matchResources(needId: $needId, first: 20) {
    score eligibility reasons missingFacts
    resource { id title provider { name } }
  }
}`;

const FIRST = 20;
const SEQUENTIAL_REQUESTS = 200;
const BASELINE_SEQUENTIAL_REQUESTS = 50;
const REVERSE_RESOURCES = 50;
const GOAL_P99_MS = 100;
const BENCH_ACTOR: AuditActor = { subject: 'bench-coordinator', role: Role.COORDINATOR, organizationId: null };

// ---- matchResources in process: the hub's path without HTTP and GraphQL, phase by phase ----

/** The naive baseline's candidates: every published resource, no SQL prefilter (the engine filters). */
async function allPublished(em: EntityManager): Promise<CandidateResource[]> {
  const rows = await em.execute<CandidateRow[]>(
    `select ${CANDIDATE_COLUMNS}, description from resource where status = 'PUBLISHED'`,
  );
  return rows.map(toCandidate);
}

const PHASES = [
  'loadNeedAndCase',
  'candidatesSql',
  'householdFactsSql',
  'textScorer',
  'engine',
  'resourcesAndProviders',
] as const;
type Phase = (typeof PHASES)[number];

/**
 * What MatchService.forNeed and the `resource { provider }` fields do for one need, in this process:
 * need and case by id, candidates (`prefilter`: candidatesFor's SQL; `all`: every published resource),
 * the household's facts (audited), the engine, then the returned resources and their providers.
 * `phases` (when given) gets each step's milliseconds; the steps run one after the other here, while
 * the service reads candidates and facts concurrently.
 */
async function matchInProcess(
  orm: MikroORM,
  needId: string,
  mode: 'prefilter' | 'all',
  phases?: Record<Phase, number[]> & { candidates: number[] },
): Promise<number> {
  const em = orm.em.fork();
  let t = performance.now();
  const lap = (phase: Phase) => {
    const now = performance.now();
    phases?.[phase].push(now - t);
    t = now;
  };
  const found = (await needForMatching(em, needId))!;
  lap('loadNeedAndCase');
  const words = relevanceWords(found.need.description);
  let candidates: CandidateResource[];
  let textScore: (r: CandidateResource) => number;
  let view: (id: string) => Resource | null = () => null;
  if (mode === 'prefilter') {
    const read = await candidatesFor(em, found.need, words);
    candidates = read.candidates;
    textScore = (r) => read.relevance.get(r.id) ?? 0;
    view = read.view;
  } else {
    candidates = await allPublished(em);
    textScore = textScorer(found.need.description);
  }
  lap('candidatesSql');
  phases?.candidates.push(candidates.length);
  const householdId = found.householdId!;
  const { facts } = await readHouseholdFactsUnlessBarred(em, householdId, {
    actor: BENCH_ACTOR,
    purpose: AuditPurpose.MATCHING,
    requestId: 'bench',
    field: ['needId'],
  });
  lap('householdFactsSql');
  lap('textScorer');
  const results = matchResources(found.need, facts, candidates, {
    now: systemClock.now(),
    first: FIRST,
    textScore,
  });
  lap('engine');
  // As the resolvers do: the resources' views from the candidate rows (the whole rows in the naive mode),
  // their providers' views in one statement.
  const missing = results.map((r) => r.resourceId).filter((id) => view(id) === null);
  const read = missing.length
    ? viewsOf<Resource>(
        em,
        'Resource',
        await em.execute(`select ${viewColumns(em, 'Resource')} from resource where id = any(?::uuid[])`, [
          pgTextArray(missing),
        ]),
      )
    : [];
  const resources = [...results.map((r) => view(r.resourceId)).filter((r) => r !== null), ...read];
  await em.execute(`select ${viewColumns(em, 'Organization')} from organization where id = any(?::uuid[])`, [
    pgTextArray([...new Set(resources.map((r) => r.provider.id))]),
  ]);
  lap('resourcesAndProviders');
  return results.length;
}

async function inProcessProfile(orm: MikroORM, needIds: string[]) {
  const phases = Object.assign(Object.fromEntries(PHASES.map((p) => [p, [] as number[]])) as Record<Phase, number[]>, {
    candidates: [] as number[],
  });
  for (const id of needIds) await matchInProcess(orm, id, 'prefilter', phases);
  const summary = Object.fromEntries(PHASES.map((p) => [p, percentiles(phases[p])]));
  const totals = needIds.map((_, i) => PHASES.reduce((sum, p) => sum + phases[p][i]!, 0));
  return {
    needs: needIds.length,
    candidatesPerNeed: percentiles(phases.candidates),
    phasesMs: summary,
    totalMs: percentiles(totals),
  };
}

// ---- matchResources over HTTP ----

interface MatchResponse {
  data?: { matchResources: { score: number; resource: { id: string } }[] } | null;
  errors?: { message: string }[];
}

async function httpSequential(url: string, bodies: object[], token: string, count: number) {
  let graphqlErrors = 0;
  const matches: number[] = [];
  let firstError: string | null = null;
  const latency = await sequential(async (i) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(bodies[(i * 7) % bodies.length]),
    });
    const json = (await response.json()) as MatchResponse;
    if (json.errors?.length || !json.data) {
      graphqlErrors++;
      firstError ??= json.errors?.[0]?.message ?? `HTTP ${response.status}`;
    } else matches.push(json.data.matchResources.length);
  }, count);
  return {
    ...latency,
    graphqlErrors,
    firstError,
    matchesPerNeed: { ...percentiles(matches), zero: matches.filter((m) => m === 0).length },
  };
}

// ---- reverse matching: one newly published resource against every open need ----

const ALL_TYPES = ['FIRE', 'TRAFFIC_ACCIDENT', 'SUDDEN_ILLNESS', 'ACCIDENT', 'NATURAL_DISASTER', 'OTHER_HARDSHIP'];

/**
 * 50 new resources of varied breadth: 5 city-wide cash programmes for every emergency type (the widest
 * a resource gets), 5 other city-wide ones, 15 for one district that has streets, 25 for one or two streets.
 */
function newResources(cat: Catalogue, offset: number) {
  const rnd = random(2026);
  const districts = [...new Set(cat.streets.map((s) => s.slice(0, 6)))];
  return Array.from({ length: REVERSE_RESOURCES }, (_, i) => {
    const breadth: Breadth = i < 10 ? 'CITY' : i < 25 ? 'DISTRICT' : 'STREET';
    const row = matchingResourceRow(rnd, cat, offset + i, breadth);
    if (i < 5) {
      Object.assign(row, {
        title: `急难临时救助金(全市第${i + 1}批)`,
        description:
          '对遭遇火灾、交通事故、突发疾病、意外事故、自然灾害等急难事件、基本生活陷入困境的家庭发放临时救助金。',
        forms: ['CASH'],
        emergency_types: ALL_TYPES,
        available_from: null,
        available_until: null,
      });
    }
    if (breadth === 'DISTRICT') {
      const district = districts[Math.floor(rnd() * districts.length)]!;
      Object.assign(row, { service_area_codes: [district], coverage_codes: areaAncestry(district) });
    }
    return { row, group: i < 5 ? 'cityCashAllTypes' : breadth.toLowerCase() };
  });
}

async function benchReverse(orm: MikroORM, cat: Catalogue, offset: number, warmUpResourceId: string) {
  const created = newResources(cat, offset);
  await insertResources(
    orm.em.fork(),
    created.map((c) => c.row),
  );
  // The first call in a process loads jieba's dictionary (textScorer): timed apart.
  const cold = performance.now();
  await reverseMatch(orm.em.fork(), warmUpResourceId, systemClock.now());
  const coldMs = performance.now() - cold;
  const runs: { group: string; ms: number; matches: number }[] = [];
  for (const { row, group } of created) {
    const t0 = performance.now();
    const matches = await reverseMatch(orm.em.fork(), row.id, systemClock.now());
    runs.push({ group, ms: performance.now() - t0, matches: matches.length });
  }
  const groups = [...new Set(runs.map((r) => r.group))].map((group) => {
    const mine = runs.filter((r) => r.group === group);
    return {
      group,
      resources: mine.length,
      ms: percentiles(mine.map((r) => r.ms)),
      matches: { min: Math.min(...mine.map((r) => r.matches)), max: Math.max(...mine.map((r) => r.matches)) },
    };
  });
  const all = summarise(
    runs.map((r) => r.ms),
    1,
  );
  return {
    resources: runs.length,
    coldFirstCallMs: round(coldMs),
    p50: all.p50,
    p95: all.p95,
    p99: all.p99,
    max: all.max,
    matchesFound: runs.reduce((sum, r) => sum + r.matches, 0),
    matchesPerResource: percentiles(runs.map((r) => r.matches)),
    byBreadth: groups,
  };
}

// ---- end to end: resourcePublish → matchFound ----

async function gql(url: string, token: string, query: string, variables: object = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const IN_HARDSHIP = {
  any: [
    {
      fact: 'household.category',
      op: 'in',
      value: ['MINIMUM_LIVING', 'LOW_INCOME', 'EXTREME_POVERTY', 'EXPENDITURE_POVERTY'],
    },
    { fact: 'household.monthlyIncomePerCapita', op: 'lt', value: 302_000 },
  ],
};

/**
 * A coordinator for the whole city subscribes to matchFound; each round creates a city-wide cash project
 * and publishes it. Times from sending resourcePublish to the first and the last matchFound message.
 */
async function publishToMatchFound(orm: MikroORM, url: string, token: string, rounds: number) {
  const arrivals = new Map<string, number[]>();
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  let subscriptionError: unknown = null;
  try {
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('error', reject);
    });
    client.subscribe<{ matchFound: { resource: { id: string } } }>(
      { query: 'subscription { matchFound { score eligibility need { id } resource { id } } }' },
      {
        next: (result) => {
          const id = result.data?.matchFound.resource.id;
          if (!id) return;
          const list = arrivals.get(id) ?? [];
          list.push(performance.now());
          arrivals.set(id, list);
        },
        error: (error) => (subscriptionError = error),
        complete: () => undefined,
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    const providerId = (await gql(url, token, '{ organizations(search: "上海市慈善基金会") { nodes { id } } }')).data
      .organizations.nodes[0].id;
    const first: number[] = [];
    const last: number[] = [];
    const results = [];
    for (let round = 0; round < rounds; round++) {
      const input = {
        providerId,
        title: `急难临时救助专项(${round})`,
        description: '对遭遇突发疾病、火灾等急难事件导致基本生活陷入困境的家庭给予临时救助金。',
        forms: ['CASH'],
        emergencyTypes: ALL_TYPES,
        serviceAreaCodes: ['310000'],
        eligibilityRules: IN_HARDSHIP,
        capacity: { unit: 'fen', total: 50_000_000 },
      };
      const created = await gql(
        url,
        token,
        'mutation($input: CharityProjectCreateInput!) { charityProjectCreate(input: $input) { resource { id } } }',
        { input },
      );
      const id: string = created.data.charityProjectCreate.resource.id;
      const t0 = performance.now();
      await gql(url, token, 'mutation($id: ID!) { resourcePublish(input: { id: $id }) { resource { id } } }', { id });
      // Done when no message has come for a second (or after 20 s).
      const deadline = t0 + 20_000;
      let seen = 0;
      let quietSince = performance.now();
      while (performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        const n = arrivals.get(id)?.length ?? 0;
        if (n !== seen) {
          seen = n;
          quietSince = performance.now();
        } else if (n > 0 && performance.now() - quietSince > 1000) break;
      }
      const times = arrivals.get(id) ?? [];
      // What the engine finds for it now (the hub found the same at publication).
      const expected = (await reverseMatch(orm.em.fork(), fromGlobalId(id)!.id, systemClock.now())).length;
      if (times.length) {
        first.push(times[0]! - t0);
        last.push(times.at(-1)! - t0);
      }
      results.push({ messages: times.length, expected });
    }
    return {
      rounds,
      resource: 'city-wide CASH, every emergency type, rule: assisted category or income < 3020 元',
      messagesPerRound: results.map((r) => r.messages),
      expectedPerRound: results.map((r) => r.expected),
      firstMessageMs: percentiles(first),
      lastMessageMs: percentiles(last),
      subscriptionError: subscriptionError ? String(subscriptionError) : null,
    };
  } finally {
    await client.dispose();
  }
}

// ---- the benchmark ----

export async function benchMatch(args: { resources: number; needs: number; seconds: number }) {
  const db = await benchDatabase();
  try {
    const loadStarted = Date.now();
    await loadResources(db.url, args.resources, { profile: 'matching' });
    const orm = await openOrm(db.url, { pool: { min: 0, max: 16 } });
    try {
      const em = orm.em.fork();
      const cat = await readCatalogue(em);
      const needIds = await loadCasework(em, cat, args.needs);
      const [{ count: published }] = await em.execute<{ count: string }[]>(
        `select count(*) from resource where status = 'PUBLISHED'`,
      );
      const loadSeconds = (Date.now() - loadStarted) / 1000;
      process.stderr.write(
        `match: loaded ${published} published resources and ${needIds.length} open needs in ${loadSeconds}s\n`,
      );

      const hub = await spawnHub(db.url);
      try {
        const token = await benchToken('COORDINATOR', { area: '310000' });
        const headers = { authorization: `Bearer ${token}` };
        const bodies = needIds.map((id) => ({ query: OPERATION, variables: { needId: toGlobalId('Need', id) } }));
        await loadGraphql(hub.url, bodies, { seconds: 2, headers }); // warm-up
        // Other work on the machine shows up here: every figure below assumes the cores were ours.
        const loadAverage: Record<string, number> = { beforeHttp: round(os.loadavg()[0]!) };
        process.stderr.write('match: HTTP, one connection\n');
        const hubPid = hub.child.pid ?? null;
        const oneConnection = await cpuPerOperation(
          em,
          hubPid,
          () => httpSequential(hub.url, bodies, token, SEQUENTIAL_REQUESTS),
          (r) => r.requests,
        );
        process.stderr.write('match: HTTP, 16 connections\n');
        const sixteen = await cpuPerOperation(
          em,
          hubPid,
          () => loadGraphql(hub.url, bodies, { seconds: args.seconds, headers, connections: 16 }),
          (r) => r.requests,
        );

        loadAverage.afterHttp = round(os.loadavg()[0]!);
        process.stderr.write('match: in process, phase by phase\n');
        const sample = Array.from({ length: SEQUENTIAL_REQUESTS }, (_, i) => needIds[(i * 7) % needIds.length]!);
        await matchInProcess(orm, sample[0]!, 'prefilter'); // warms jieba in this process
        const profile = await inProcessProfile(orm, sample);
        const inProcessSequential = await cpuPerOperation(
          em,
          null,
          () => sequential((i) => matchInProcess(orm, sample[i]!, 'prefilter'), SEQUENTIAL_REQUESTS),
          (r) => r.requests,
        );
        let next = 0;
        const inProcess = await loadFunction(
          () => matchInProcess(orm, needIds[next++ % needIds.length]!, 'prefilter'),
          {
            concurrency: 16,
            seconds: args.seconds,
          },
        );

        process.stderr.write('match: naive baseline\n');
        const baselineSequential = await cpuPerOperation(
          em,
          null,
          () => sequential((i) => matchInProcess(orm, sample[i]!, 'all'), BASELINE_SEQUENTIAL_REQUESTS),
          (r) => r.requests,
        );
        next = 0;
        const baseline = await loadFunction(() => matchInProcess(orm, needIds[next++ % needIds.length]!, 'all'), {
          concurrency: 16,
          seconds: args.seconds,
        });
        loadAverage.afterInProcess = round(os.loadavg()[0]!);

        process.stderr.write('match: reverse matching\n');
        const [{ id: anyResource }] = await em.execute<{ id: string }[]>(
          `select id from resource where status = 'PUBLISHED' limit 1`,
        );
        const reverse = await benchReverse(orm, cat, args.resources, anyResource);
        process.stderr.write('match: resourcePublish → matchFound\n');
        const endToEnd = await publishToMatchFound(orm, hub.url, token, 5);

        const one = { ...oneConnection.result, cpuMsPerRequest: oneConnection.cpuMsPerRequest };
        const many = { ...sixteen.result, cpuMsPerRequest: sixteen.cpuMsPerRequest };
        return {
          benchmark: 'match',
          resources: Number(published),
          openNeeds: needIds.length,
          loadSeconds,
          query: `matchResources(needId, first: ${FIRST}) { score eligibility reasons missingFacts resource { id title provider { name } } }`,
          viewer: 'COORDINATOR of 310000',
          needRotation: `${needIds.length} need ids, each request the next`,
          cpuNote:
            'cpuMsPerRequest: CPU time (user + system, from /proc) per request of the hub process, this process and the PostgreSQL backends of the bench database; unlike latency, hardly affected by other load on the machine',
          hub: { oneConnection: one, connections16: many },
          inProcess: {
            what: 'MatchService.forNeed’s steps plus the resource and provider reads, in the bench process: no HTTP, no GraphQL',
            profile,
            sequential: { ...inProcessSequential.result, cpuMsPerRequest: inProcessSequential.cpuMsPerRequest },
            concurrency16: inProcess,
          },
          naiveBaseline: {
            what: 'the same in-process steps without the SQL prefilter: every published resource read and run through the engine',
            sequential: { ...baselineSequential.result, cpuMsPerRequest: baselineSequential.cpuMsPerRequest },
            concurrency16: baseline,
          },
          // In process against in process (the baseline has no HTTP layer), and the hub over HTTP against it.
          speedupP99Sequential: round(baselineSequential.result.p99 / inProcessSequential.result.p99),
          speedupRps: round(inProcess.rps / Math.max(baseline.rps, 0.001)),
          hubOverHttpSpeedupP99Sequential: round(baselineSequential.result.p99 / one.p99),
          reverseMatch: reverse,
          publishToMatchFound: endToEnd,
          goal: {
            p99AtMostMs: GOAL_P99_MS,
            oneConnectionMet: one.p99 <= GOAL_P99_MS && one.errors === 0 && one.graphqlErrors === 0,
            connections16Met: many.p99 <= GOAL_P99_MS && many.errors === 0 && many.non2xx === 0,
          },
          machine: { cpus: os.cpus().length, loadAverage1m: { ...loadAverage, end: round(os.loadavg()[0]!) } },
        };
      } finally {
        await hub.stop();
      }
    } finally {
      await orm.close();
    }
  } finally {
    await db.close();
  }
}
