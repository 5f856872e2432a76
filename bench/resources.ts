import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { areaAncestry } from '../src/core/areas';
import { hsdsIdFor } from '../src/core/hsds-id';
import { toGlobalId } from '../src/core/relay';
import { KIND_TYPE_NAMES } from '../src/modules/resources';
import { openOrm } from '../src/db/orm';
import { prepareDatabase } from '../src/db/prepare';
import { createLogger } from '../src/core/logger';
import { PgSearchIndex } from '../src/search/pg-search-index';
import { seedDatabase } from '../seeds';
import { RESOURCES } from '../seeds/data/resources';
import { describeRules, validateRules, type Rule } from '../src/rules';
import os from 'node:os';
import { cpuPerOperation, peakRssMb, round } from './measure';
import { benchDatabase, loadFunction, loadGraphql, random, spawnHub } from './support';

export const OPERATION = `query Bench {
  resources(first: 50) {
    totalCount
    edges { cursor node {
      id kind title status forms emergencyTypes
      provider { id name kind }
      serviceAreas { code name level }
      legalBasis { id title }
      capacity { unit total remaining }
    } }
  }
}`;

/** What the generators draw from: the seeded providers, area codes and policy. */
export interface Catalogue {
  providers: string[];
  codes: string[];
  districts: string[];
  streets: string[];
  policy: string;
}

export async function readCatalogue(em: EntityManager): Promise<Catalogue> {
  const providers = (await em.execute<{ id: string }[]>('select id from organization')).map((r) => r.id);
  const areas = await em.execute<{ code: string; level: string }[]>('select code, level from area');
  const policy = (await em.execute<{ id: string }[]>('select id from policy limit 1'))[0]!.id;
  return {
    providers,
    codes: areas.map((a) => a.code),
    districts: areas.filter((a) => a.level === 'DISTRICT').map((a) => a.code),
    streets: areas.filter((a) => a.level === 'STREET').map((a) => a.code),
    policy,
  };
}

/** One resource row as `insertResources` takes it (snake_case: the table's columns). */
export interface ResourceRow {
  id: string;
  kind: string;
  title: string;
  description: string;
  provider_id: string;
  forms: string[];
  emergency_types: string[];
  service_area_codes: string[];
  coverage_codes: string[];
  legal_basis_id: string | null;
  eligibility_rules: Rule | null;
  eligibility_description: string | null;
  capacity_unit: string | null;
  capacity_total: number | null;
  capacity_remaining: number | null;
  available_from: string | null;
  available_until: string | null;
  fund_source: string | null;
  benefit_cap_fen: number | null;
}

const KINDS = ['GOVERNMENT_PROGRAMME', 'CHARITY_PROJECT', 'DONATION', 'VOLUNTEER_OFFER'];
const FORMS = ['CASH', 'MEDICAL_CARE', 'IN_KIND', 'TEMPORARY_SHELTER', 'PROFESSIONAL_SERVICE'];
const TYPES = ['FIRE', 'TRAFFIC_ACCIDENT', 'SUDDEN_ILLNESS', 'ACCIDENT', 'NATURAL_DISASTER', 'OTHER_HARDSHIP'];

const picker =
  (rnd: () => number) =>
  <T>(xs: readonly T[]): T =>
    xs[Math.floor(rnd() * xs.length)]!;

/** The `resources` list benchmark's rows: uniform over kinds, areas, forms and types; no rules; 100 份 each. */
export function plainResourceRow(rnd: () => number, cat: Catalogue, i: number): ResourceRow {
  const pick = picker(rnd);
  const areas = [pick(cat.codes), ...(rnd() < 0.3 ? [pick(cat.codes)] : [])];
  return {
    id: randomUUID(),
    kind: pick(KINDS),
    title: `救助资源${i}`,
    description: '基准测试资源',
    provider_id: pick(cat.providers),
    forms: [pick(FORMS)],
    emergency_types: [pick(TYPES), pick(TYPES)],
    service_area_codes: [...new Set(areas)],
    coverage_codes: [...new Set(areas.flatMap(areaAncestry))],
    legal_basis_id: rnd() < 0.3 ? cat.policy : null,
    eligibility_rules: null,
    eligibility_description: null,
    capacity_unit: '份',
    capacity_total: 100,
    capacity_remaining: 100,
    available_from: null,
    available_until: null,
    fund_source: null,
    benefit_cap_fen: null,
  };
}

/** The seeded catalogue (seeds/data/resources.ts) as templates: its kinds, forms, emergency types and rules. */
const TEMPLATES = RESOURCES.map((seed) => {
  const checked = seed.eligibilityRules === null ? null : validateRules(seed.eligibilityRules);
  if (checked && !checked.ok) throw new Error(`seed ${seed.key}: invalid rules`);
  const rules = checked?.ok ? checked.rules : null;
  return { seed, rules, rulesText: seed.eligibilityDescription ?? (rules ? describeRules(rules) : null) };
});

export type Breadth = 'CITY' | 'DISTRICT' | 'STREET';
const DAY = 24 * 3600 * 1000;
const CAPACITY_SCALE: Record<Breadth, number> = { CITY: 1, DISTRICT: 0.2, STREET: 0.05 };

/**
 * The `match` benchmark's rows: a seeded resource's kind, forms, emergency types and eligibility rules,
 * with its own service areas (15% city-wide, 30% one district, 55% one or two streets), a capacity scaled
 * to that breadth with 2–100% left (a quarter unlimited), and availability windows (3% not started yet).
 */
export function matchingResourceRow(rnd: () => number, cat: Catalogue, i: number, breadth?: Breadth): ResourceRow {
  const pick = picker(rnd);
  const { seed, rules, rulesText } = pick(TEMPLATES);
  const r = rnd();
  const level: Breadth = breadth ?? (r < 0.15 ? 'CITY' : r < 0.45 ? 'DISTRICT' : 'STREET');
  const areas =
    level === 'CITY'
      ? ['310000']
      : level === 'DISTRICT'
        ? [pick(cat.districts)]
        : [pick(cat.streets), ...(rnd() < 0.25 ? [pick(cat.streets)] : [])];
  let capacity: { unit: string; total: number; remaining: number } | null = null;
  if (seed.capacity && rnd() >= 0.25) {
    const total = Math.max(1, Math.round(seed.capacity.total * CAPACITY_SCALE[level] * (0.2 + 0.8 * rnd())));
    capacity = { unit: seed.capacity.unit, total, remaining: Math.max(1, Math.round(total * (0.02 + 0.98 * rnd()))) };
  }
  const now = Date.now();
  const from = rnd() < 0.03 ? now + (1 + rnd() * 30) * DAY : now - (1 + rnd() * 400) * DAY;
  const until = rnd() < 0.3 ? now + (10 + rnd() * 355) * DAY : null;
  return {
    id: randomUUID(),
    kind: seed.kind,
    title: `${seed.title}(${i})`,
    description: seed.description,
    provider_id: pick(cat.providers),
    forms: seed.forms,
    emergency_types: seed.emergencyTypes,
    service_area_codes: [...new Set(areas)],
    coverage_codes: [...new Set(areas.flatMap(areaAncestry))],
    legal_basis_id: seed.legalBasis ? cat.policy : null,
    eligibility_rules: rules,
    eligibility_description: rulesText,
    capacity_unit: capacity?.unit ?? null,
    capacity_total: capacity?.total ?? null,
    capacity_remaining: capacity?.remaining ?? null,
    available_from: new Date(from).toISOString(),
    available_until: until === null ? null : new Date(until).toISOString(),
    fund_source: seed.fundSource ?? null,
    benefit_cap_fen: seed.benefitCapFen ?? null,
  };
}

/** One set-based statement per 1,000 rows; every row PUBLISHED now. */
export async function insertResources(em: EntityManager, rows: ResourceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await em.execute(
      `insert into resource (id, hsds_id, created_at, updated_at, kind, title, description, provider_id, forms, emergency_types,
         service_area_codes, coverage_codes, status, legal_basis_id, published_at, eligibility_rules, eligibility_description,
         capacity_unit, capacity_total, capacity_remaining, available_from, available_until, fund_source, benefit_cap_fen)
       select r.id, r.hsds_id, now(), now(), r.kind::resource_kind, r.title, r.description, r.provider_id, r.forms, r.emergency_types,
         r.service_area_codes, r.coverage_codes, 'PUBLISHED', r.legal_basis_id, now(), r.eligibility_rules, r.eligibility_description,
         r.capacity_unit, r.capacity_total, r.capacity_remaining, r.available_from, r.available_until, r.fund_source, r.benefit_cap_fen
       from jsonb_to_recordset(?::jsonb) as r(id uuid, hsds_id uuid, kind text, title text, description text, provider_id uuid, forms text[],
         emergency_types text[], service_area_codes text[], coverage_codes text[], legal_basis_id uuid, eligibility_rules jsonb,
         eligibility_description text, capacity_unit text, capacity_total integer, capacity_remaining integer,
         available_from timestamptz, available_until timestamptz, fund_source text, benefit_cap_fen integer)`,
      [
        JSON.stringify(
          rows.slice(i, i + 1000).map((r) => ({
            ...r,
            hsds_id: hsdsIdFor(toGlobalId(KIND_TYPE_NAMES[r.kind as keyof typeof KIND_TYPE_NAMES], r.id)),
          })),
        ),
      ],
    );
  }
}

/**
 * Migrates, seeds, then adds `n` published resources spread over the seeded providers, areas and kinds:
 * `plain` rows for the list benchmark, `matching` rows (rules, capacities, availability) for matching.
 */
export async function loadResources(
  databaseUrl: string,
  n: number,
  options: { profile?: 'plain' | 'matching' } = {},
): Promise<void> {
  const orm = await openOrm(databaseUrl);
  await prepareDatabase(orm, databaseUrl, {
    log: createLogger({ logLevel: 'silent' }),
    runSeeds: true,
    seed: (o) => seedDatabase(o, new PgSearchIndex()),
  });
  const em = orm.em.fork();
  const cat = await readCatalogue(em);
  const rnd = random(42);
  const row = options.profile === 'matching' ? matchingResourceRow : plainResourceRow;
  await insertResources(
    em,
    Array.from({ length: n }, (_, i) => row(rnd, cat, i)),
  );
  await em.execute('vacuum analyze resource');
  await orm.close();
}

/** The same page with one query per relation per item (N+1), straight over pg: what loaders avoid. */
function naiveBaseline(pool: pg.Pool) {
  return async () => {
    const { rows } = await pool.query(
      `select id, provider_id, service_area_codes, legal_basis_id from resource where status = 'PUBLISHED' order by created_at desc, id desc limit 50`,
    );
    await pool.query(`select count(*) from resource where status = 'PUBLISHED'`);
    for (const r of rows) {
      await pool.query('select id, name, kind from organization where id = $1', [r.provider_id]);
      await pool.query('select code, name, level from area where code = any($1)', [r.service_area_codes]);
      if (r.legal_basis_id) await pool.query('select id, title from policy where id = $1', [r.legal_basis_id]);
    }
  };
}

export async function benchResources(args: { n: number; seconds: number }) {
  const db = await benchDatabase();
  try {
    await loadResources(db.url, args.n);
    const hub = await spawnHub(db.url);
    const pool = new pg.Pool({ connectionString: db.url, max: 16 });
    try {
      const body = { query: OPERATION };
      const hubPid = hub.child.pid ?? null;
      await loadGraphql(hub.url, body, { seconds: 2 });
      const loadAverage = os.loadavg().map(round);
      const measured = await cpuPerOperation(
        pool,
        hubPid,
        () => loadGraphql(hub.url, body, { seconds: args.seconds }),
        (r) => r.requests,
      );
      const result = {
        ...measured.result,
        cpuMsPerRequest: measured.cpuMsPerRequest,
        peakRssMb: peakRssMb(hubPid ?? undefined),
      };
      // The baseline runs in this process: its "hub" is this process (loop and pg client), its RSS this process's.
      const naive = await cpuPerOperation(
        pool,
        null,
        () => loadFunction(naiveBaseline(pool), { concurrency: 16, seconds: args.seconds }),
        (r) => r.requests,
      );
      const baseline = {
        ...naive.result,
        cpuMsPerRequest: naive.cpuMsPerRequest,
        peakRssMb: round(process.resourceUsage().maxRSS / 1024),
      };
      return {
        benchmark: 'resources',
        resources: args.n,
        pageSize: 50,
        connections: 16,
        loadAverage,
        notes:
          'cpuMsPerRequest: CPU (user + system, /proc) per request of the hub process, this bench process and the PostgreSQL backends of the bench database; for the baseline, benchProcess is the N+1 loop itself. peakRssMb: VmHWM of the hub; for the baseline, of this process',
        hub: result,
        naiveNPlusOneBaseline: baseline,
        speedupRps: Math.round((result.rps / Math.max(baseline.rps, 0.001)) * 10) / 10,
      };
    } finally {
      await pool.end();
      await hub.stop();
    }
  } finally {
    await db.close();
  }
}
