import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openOrm } from '../src/db/orm';
import { prepareDatabase } from '../src/db/prepare';
import { createLogger } from '../src/core/logger';
import { policyBodyFromCorpus } from '../src/modules/policies/policy-text';
import { PgSearchIndex } from '../src/search/pg-search-index';
import type { SearchDocument } from '../src/search/search-index';
import { seedDatabase, seedDataPath } from '../seeds';
import { benchDatabase, loadFunction, loadGraphql, random, spawnHub } from './support';

const RARE_TERM = '罕见病专项救助';
const QUERIES = [
  { kind: 'rare term', search: RARE_TERM, words: [RARE_TERM] },
  { kind: 'two common terms', search: '社会力量 购买服务', words: ['社会力量', '购买服务'] },
  { kind: 'phrase', search: '临时救助', words: ['临时救助'] },
];

const OPERATION = `query Bench($search: String) {
  policies(search: $search, first: 10) { totalCount edges { highlights node { id title issuedOn } } }
}`;

/** N synthetic policies of ≈1,200 characters recombined from the corpus's sentences; 20 carry a rare term. */
function generate(n: number): { id: string; title: string; body: string; issuedOn: string }[] {
  const body = policyBodyFromCorpus(fs.readFileSync(seedDataPath('jiujinan-2017.txt'), 'utf8'));
  const sentences = body
    .split(/(?<=[。;；])/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
  const rnd = random(2017);
  const pick = () => sentences[Math.floor(rnd() * sentences.length)]!;
  const rareEvery = Math.max(1, Math.floor(n / 20));
  return Array.from({ length: n }, (_, i) => {
    const parts: string[] = [];
    let length = 0;
    while (length < 1200) {
      const sentence = pick();
      parts.push(sentence);
      length += sentence.length;
    }
    if (i % rareEvery === 0 && i / rareEvery < 20) parts.splice(3, 0, `对${RARE_TERM}对象给予帮扶。`);
    const fragment = pick()
      .replace(/[^\p{Script=Han}]/gu, '')
      .slice(0, 8 + Math.floor(rnd() * 8));
    const day = 1 + Math.floor(rnd() * 28);
    return {
      id: randomUUID(),
      title: `关于${fragment}的实施意见(第${i + 1}号)`,
      body: parts.join(''),
      issuedOn: `20${10 + Math.floor(rnd() * 16)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    };
  });
}

async function load(databaseUrl: string, n: number): Promise<{ seconds: number }> {
  const started = Date.now();
  const orm = await openOrm(databaseUrl);
  const search = new PgSearchIndex();
  await prepareDatabase(orm, databaseUrl, {
    log: createLogger({ logLevel: 'silent' }),
    runSeeds: true,
    seed: (o) => seedDatabase(o, search),
  });
  const docs = generate(n);
  const em = orm.em.fork();
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    await em.transactional(async (tx) => {
      await tx.execute(
        `insert into policy (id, created_at, updated_at, title, issuers, issued_on, is_trial, status, body, sections, citations, published_at)
         select d.id, now(), now(), d.title, '{上海市民政局}', d.issued_on, false, 'PUBLISHED', d.body, '[]', '[]', now()
         from jsonb_to_recordset(?::jsonb) as d(id uuid, title text, body text, issued_on date)`,
        [JSON.stringify(batch.map((d) => ({ id: d.id, title: d.title, body: d.body, issued_on: d.issuedOn })))],
      );
      const searchDocs: SearchDocument[] = batch.map((d) => ({
        kind: 'policy',
        id: d.id,
        title: d.title,
        body: d.body,
        tags: ['status:PUBLISHED', 'issuer:上海市民政局'],
        sortKey: new Date(),
        dateKey: d.issuedOn,
      }));
      await search.upsert(tx, searchDocs);
    });
    process.stderr.write(`\rloaded ${Math.min(i + 500, n)}/${n}`);
  }
  process.stderr.write('\n');
  await em.execute('vacuum analyze policy');
  await em.execute('vacuum analyze search_document');
  await orm.close();
  return { seconds: (Date.now() - started) / 1000 };
}

function ilikeBaseline(pool: pg.Pool, words: string[]) {
  const conditions = words.map((_, i) => `(title ilike $${i + 1} or body ilike $${i + 1})`).join(' and ');
  const params = words.map((w) => `%${w}%`);
  return async () => {
    await Promise.all([
      pool.query(
        `select id, title from policy where status = 'PUBLISHED' and ${conditions} order by created_at desc, id limit 10`,
        params,
      ),
      pool.query(`select count(*) from policy where status = 'PUBLISHED' and ${conditions}`, params),
    ]);
  };
}

export async function benchSearch(args: { n: number; seconds: number }) {
  const db = await benchDatabase();
  try {
    const loaded = await load(db.url, args.n);
    const hub = await spawnHub(db.url);
    const pool = new pg.Pool({ connectionString: db.url, max: 16 });
    try {
      const results = [];
      for (const q of QUERIES) {
        const body = { query: OPERATION, variables: { search: q.search } };
        const check = (await (
          await fetch(hub.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json()) as {
          data: { policies: { totalCount: number } };
        };
        await loadGraphql(hub.url, body, { seconds: 2 }); // warm-up
        process.stderr.write(`search: ${q.kind}\n`);
        const hubResult = await loadGraphql(hub.url, body, { seconds: args.seconds });
        process.stderr.write(`baseline: ${q.kind}\n`);
        const baseline = await loadFunction(ilikeBaseline(pool, q.words), { concurrency: 16, seconds: args.seconds });
        results.push({
          kind: q.kind,
          search: q.search,
          matches: check.data.policies.totalCount,
          hub: hubResult,
          ilikeBaseline: baseline,
          speedupP99: Math.round((baseline.p99 / hubResult.p99) * 10) / 10,
          speedupRps: Math.round((hubResult.rps / Math.max(baseline.rps, 0.001)) * 10) / 10,
        });
      }
      return {
        benchmark: 'search',
        policies: args.n + 1,
        loadSeconds: loaded.seconds,
        connections: 16,
        secondsPerMeasurement: args.seconds,
        results,
        goal: {
          p99AtMostMs: 50,
          speedupAtLeast: 20,
          met: results.every((r) => r.hub.p99 <= 50 && r.speedupP99 >= 20 && r.hub.errors === 0 && r.hub.non2xx === 0),
        },
      };
    } finally {
      await pool.end();
      await hub.stop();
    }
  } finally {
    await db.close();
  }
}
