import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { areaAncestry } from '../src/core/areas';
import { openOrm } from '../src/db/orm';
import { prepareDatabase } from '../src/db/prepare';
import { createLogger } from '../src/core/logger';
import { PgSearchIndex } from '../src/search/pg-search-index';
import { seedDatabase } from '../seeds';
import { benchDatabase, loadFunction, loadGraphql, random, spawnHub } from './support';

const OPERATION = `query Bench {
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

/** Migrates, seeds, then adds `n` published resources spread over the seeded providers, areas and kinds. */
export async function loadResources(databaseUrl: string, n: number): Promise<void> {
  const orm = await openOrm(databaseUrl);
  await prepareDatabase(orm, databaseUrl, { log: createLogger({ logLevel: 'silent' }), runSeeds: true, seed: (o) => seedDatabase(o, new PgSearchIndex()) });
  const em = orm.em.fork();
  const providers = (await em.execute<{ id: string }[]>('select id from organization')).map((r) => r.id);
  const codes = (await em.execute<{ code: string }[]>('select code from area')).map((r) => r.code);
  const policy = (await em.execute<{ id: string }[]>('select id from policy limit 1'))[0]!.id;
  const kinds = ['GOVERNMENT_PROGRAMME', 'CHARITY_PROJECT', 'DONATION', 'VOLUNTEER_OFFER'];
  const forms = ['CASH', 'MEDICAL_CARE', 'IN_KIND', 'TEMPORARY_SHELTER', 'PROFESSIONAL_SERVICE'];
  const types = ['FIRE', 'TRAFFIC_ACCIDENT', 'SUDDEN_ILLNESS', 'ACCIDENT', 'NATURAL_DISASTER', 'OTHER_HARDSHIP'];
  const rnd = random(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < n; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - i) }, (_, j) => {
      const areas = [pick(codes), ...(rnd() < 0.3 ? [pick(codes)] : [])];
      return {
        id: randomUUID(),
        kind: pick(kinds),
        title: `救助资源${i + j}`,
        provider_id: pick(providers),
        forms: [pick(forms)],
        emergency_types: [pick(types), pick(types)],
        service_area_codes: [...new Set(areas)],
        coverage_codes: [...new Set(areas.flatMap(areaAncestry))],
        legal_basis_id: rnd() < 0.3 ? policy : null,
      };
    });
    await em.execute(
      `insert into resource (id, created_at, updated_at, kind, title, description, provider_id, forms, emergency_types,
         service_area_codes, coverage_codes, status, legal_basis_id, published_at, capacity_unit, capacity_total, capacity_remaining)
       select r.id, now(), now(), r.kind::resource_kind, r.title, '基准测试资源', r.provider_id, r.forms, r.emergency_types,
         r.service_area_codes, r.coverage_codes, 'PUBLISHED', r.legal_basis_id, now(), '份', 100, 100
       from jsonb_to_recordset(?::jsonb) as r(id uuid, kind text, title text, provider_id uuid, forms text[], emergency_types text[],
         service_area_codes text[], coverage_codes text[], legal_basis_id uuid)`,
      [JSON.stringify(rows)],
    );
  }
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
      await loadGraphql(hub.url, body, { seconds: 2 });
      const result = await loadGraphql(hub.url, body, { seconds: args.seconds });
      const baseline = await loadFunction(naiveBaseline(pool), { concurrency: 16, seconds: args.seconds });
      return {
        benchmark: 'resources',
        resources: args.n,
        pageSize: 50,
        connections: 16,
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
