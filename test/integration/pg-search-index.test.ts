import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { PgSearchIndex, SEARCH_DOCUMENT_DDL, type SearchStatement } from '../../src/search/pg-search-index';
import type { SearchDocument, SearchQuery, SearchResult } from '../../src/search/search-index';

// The project's global setup provides TEST_ADMIN_DATABASE_URL; run alone, the machine's server.
const adminUrl =
  process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `search_test_${randomBytes(6).toString('hex')}`;
const corpus = readFileSync(join(__dirname, '../../seeds/data/jiujinan-2017.txt'), 'utf8');

const POLICY_ID = randomUUID();
const POLICY: SearchDocument = {
  kind: 'policy',
  id: POLICY_ID,
  title: '关于在本市开展“救急难”工作的实施意见(试行)',
  body: corpus,
  tags: ['status:PUBLISHED', 'issuer:上海市民政局', 'area:310000'],
  sortKey: new Date('2017-05-15T00:00:00+08:00'),
  dateKey: '2017-05-15',
};
const UNRELATED: SearchDocument[] = [
  ['老年人助餐服务点管理办法', '社区长者食堂提供午餐和晚餐,按照就近便利原则设置助餐点。'],
  ['中小学图书馆建设指南', '学校图书馆应当配备适合学生阅读的图书和期刊,定期更新馆藏。'],
  ['公园绿化养护规范', '草坪修剪、树木修枝和病虫害防治应当按季节开展。'],
].map(([title, body], i) => ({
  kind: 'policy',
  id: randomUUID(),
  title,
  body,
  tags: ['status:PUBLISHED', 'issuer:上海市绿化局'],
  sortKey: new Date(Date.UTC(2020, 0, 1 + i)),
  dateKey: `2020-01-0${i + 1}`,
}));

// 1,500 resources: three in four mention 帮困 in their body (more matches than the default exact
// count cap of 1,000), every 40th in its title; sort keys repeat so ties must be broken by id.
const GENERATED: SearchDocument[] = Array.from({ length: 1500 }, (_, i) => ({
  kind: 'resource',
  id: randomUUID(),
  title: i % 40 === 0 ? `帮困项目 ${i}` : `社区服务项目 ${i}`,
  body: `第${i}号项目为辖区居民提供${i % 4 === 3 ? '助餐' : '帮困'}服务,联系居委会。`,
  tags: [`n:${i % 2}`],
  sortKey: new Date(Date.UTC(2024, 0, 1 + (i % 25))),
  dateKey: null,
}));
const BROAD_MATCHES = GENERATED.filter((d) => d.title.includes('帮困') || d.body.includes('帮困'));
const TITLE_MATCHES = GENERATED.filter((d) => d.title.includes('帮困'));

// 400 organisations (newest last) that mislead the planner's estimates, so the fallbacks run:
// 志愿服务 and 绿色通道 always come together (the planner multiplies their frequencies and expects
// far fewer matches); 辖区 (newer half) and 居委会 (older half) are each common, but meet only in
// the 10 oldest (the planner expects hundreds).
const ORGANIZATIONS: SearchDocument[] = Array.from({ length: 400 }, (_, i) => ({
  kind: 'organization',
  id: randomUUID(),
  title: `社会组织 ${i}`,
  body: [
    i % 4 !== 0 ? '开展志愿服务,开通绿色通道' : '开展培训',
    i >= 200 || i < 10 ? '服务辖区' : '',
    i < 200 ? '联系居委会' : '',
  ].join('。'),
  tags: [],
  sortKey: new Date(Date.UTC(2023, 0, 1, i)),
  dateKey: null,
}));
const CORRELATED = ORGANIZATIONS.filter((d) => d.body.includes('志愿服务'));
const RARELY_TOGETHER = ORGANIZATIONS.filter((d) => d.body.includes('辖区') && d.body.includes('居委会'));

let admin: Client;
let orm: MikroORM;
const index = new PgSearchIndex();

function search(text: string, extra: Partial<SearchQuery> = {}) {
  return index.search(orm.em.fork(), { kind: 'policy', text, offset: 0, limit: 10, ...extra });
}

beforeAll(async () => {
  admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  await db.query(SEARCH_DOCUMENT_DDL);
  await db.end();
  orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: url.toString(),
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
  await index.upsert(orm.em.fork(), [POLICY, ...UNRELATED, ...GENERATED, ...ORGANIZATIONS]);
  // The planner's estimates choose the path: give it statistics.
  await orm.em.getConnection().execute('ANALYZE search_document');
});

/** Walks every page of a query; returns the ids in order, each page's result and the statements run. */
async function walk(
  idx: (onStatement: (s: SearchStatement) => void) => PgSearchIndex,
  query: Omit<SearchQuery, 'offset'>,
) {
  const statements: SearchStatement[] = [];
  const searchIndex = idx((s) => statements.push(s));
  const ids: string[] = [];
  const pages: SearchResult[] = [];
  for (let offset = 0; offset < 10_000; offset += query.limit) {
    const page = await searchIndex.search(orm.em.fork(), { ...query, offset });
    pages.push(page);
    if (page.hits.length === 0) break;
    ids.push(...page.hits.map((h) => h.id));
  }
  return { ids, pages, statements };
}

afterAll(async () => {
  await orm?.close(true);
  await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

describe('PgSearchIndex', () => {
  it.each(['首问负责制', '962200', '社会力量 购买服务', '临时救助', '帮困互助基金会', '首问'])(
    'finds the policy for %s, with highlights',
    async (text) => {
      const result = await search(text);
      expect(result.total).toBe(1);
      expect(result.hits.map((h) => h.id)).toEqual([POLICY_ID]);
      expect(result.hits[0].highlights.length).toBeGreaterThan(0);
      expect(result.hits[0].highlights.join('')).toContain('<em>');
      expect(result.hits[0].score).toBeGreaterThan(0);
      expect(result.hits[0].score).toBeLessThan(1);
    },
  );

  it('highlights 首问负责制 in context', async () => {
    const { hits } = await search('首问负责制');
    expect(hits[0].highlights.join('\n')).toContain('建立急难事件“<em>首问负责制</em>”');
  });

  it('puts title fragments first', async () => {
    const { hits } = await search('救急难');
    expect(hits[0].id).toBe(POLICY_ID);
    expect(hits[0].highlights[0]).toBe('关于在本市开展“<em>救急难</em>”工作的实施意见(试行)');
  });

  it('requires every word of a multi-word query', async () => {
    expect((await search('社会力量 火箭')).total).toBe(0);
    expect((await search('助餐 草坪')).total).toBe(0);
    expect((await search('助餐 午餐')).total).toBe(1);
  });

  it('finds nothing for unrelated words, blank or punctuation-only text', async () => {
    for (const text of ['火箭发动机', '', '   ', ',。!——']) {
      expect(await search(text)).toEqual({ hits: [], total: 0 });
    }
  });

  it('filters by tag groups: any tag within a group, every group', async () => {
    const ids = async (all: string[][]) => (await search('救助', { filter: { all } })).hits.map((h) => h.id);
    expect(await ids([['status:PUBLISHED']])).toEqual([POLICY_ID]);
    expect(await ids([['status:DRAFT']])).toEqual([]);
    expect(await ids([['status:PUBLISHED'], ['issuer:x', 'issuer:上海市民政局']])).toEqual([POLICY_ID]);
    expect(await ids([['status:PUBLISHED'], ['issuer:上海市绿化局']])).toEqual([]);
    expect(await ids([[]])).toEqual([]);
  });

  it('filters by inclusive date bounds', async () => {
    const total = async (dateFrom?: string, dateTo?: string) =>
      (await search('救助', { filter: { dateFrom, dateTo } })).total;
    expect(await total('2017-05-15')).toBe(1);
    expect(await total('2017-05-16')).toBe(0);
    expect(await total(undefined, '2017-05-15')).toBe(1);
    expect(await total(undefined, '2017-05-14')).toBe(0);
    expect(await total('2017-01-01', '2017-12-31')).toBe(1);
    await expect(total('yesterday')).rejects.toThrow(RangeError);
  });

  it('paginates a broad query: every match exactly once, title hits first, an estimated total above the cap', async () => {
    const { ids, pages, statements } = await walk((onStatement) => new PgSearchIndex({ onStatement }), {
      kind: 'resource',
      text: '帮困',
      limit: 37,
    });
    expect(BROAD_MATCHES.length).toBeGreaterThan(1000);
    expect(ids).toHaveLength(BROAD_MATCHES.length);
    expect(new Set(ids)).toEqual(new Set(BROAD_MATCHES.map((d) => d.id)));
    const titleIds = new Set(TITLE_MATCHES.map((d) => d.id));
    expect(ids.slice(0, titleIds.size).every((id) => titleIds.has(id))).toBe(true);
    // The first pages come from the recency scan, deeper ones from the GIN path. (The planner
    // expects fewer than 1,000 matches, so the capped count runs first and overflows.)
    expect(statements.slice(0, 3)).toEqual(['estimate', 'capped', 'recent']);
    expect(statements).toContain('exact');
    for (const page of pages) {
      if (page.totalIsEstimate) expect(page.total).toBeGreaterThan(1000);
      else expect(page.total).toBe(BROAD_MATCHES.length);
    }
    expect(pages[0].totalIsEstimate).toBe(true);
    expect(pages[0].hits[0].highlights.join('')).toContain('<em>帮困</em>');
  });

  it('walks every match once in one stable order, whatever the window and the path', async () => {
    const all = async (options: ConstructorParameters<typeof PgSearchIndex>[0], limit: number) =>
      (await walk(() => new PgSearchIndex(options), { kind: 'resource', text: '帮困', limit })).ids;
    for (const candidateWindow of [0, 7, 50, 5000]) {
      const exact = await all({ candidateWindow, exactCountCap: Infinity }, 1000);
      expect(exact).toHaveLength(BROAD_MATCHES.length);
      expect(new Set(exact).size).toBe(exact.length);
      // Page by page (pages straddling the window edge, recency scan then GIN path) gives the
      // same order as the GIN path over every match.
      expect(await all({ candidateWindow }, 17)).toEqual(exact);
      expect(await all({ candidateWindow, exactCountCap: 100 }, 29)).toEqual(exact);
    }
  });

  it('counts exactly up to the cap, with filters on every path', async () => {
    const statements: SearchStatement[] = [];
    const idx = new PgSearchIndex({ onStatement: (s) => statements.push(s) });
    const tagged = await idx.search(orm.em.fork(), {
      kind: 'resource',
      text: '帮困',
      filter: { all: [['n:0']] },
      offset: 0,
      limit: 1000,
    });
    const expected = BROAD_MATCHES.filter((d) => d.tags.includes('n:0'));
    expect(expected.length).toBeLessThanOrEqual(1000);
    expect(tagged).toMatchObject({ total: expected.length });
    expect(tagged.totalIsEstimate).toBeUndefined();
    expect(new Set(tagged.hits.map((h) => h.id))).toEqual(new Set(expected.map((d) => d.id)));
    expect(statements).toEqual(['estimate', 'capped']);

    // Above a cap of 100 the total is an estimate, and the tag filter still holds.
    const capped = new PgSearchIndex({ exactCountCap: 100, candidateWindow: 5 });
    const page = await capped.search(orm.em.fork(), {
      kind: 'resource',
      text: '帮困',
      filter: { all: [['n:1']] },
      offset: 0,
      limit: 20,
    });
    expect(page.totalIsEstimate).toBe(true);
    expect(page.total).toBeGreaterThanOrEqual(101);
    expect(page.hits).toHaveLength(20);
    const odd = new Set(GENERATED.filter((d) => d.tags.includes('n:1')).map((d) => d.id));
    expect(page.hits.every((h) => odd.has(h.id))).toBe(true);
    // A count alone (limit 0) needs no page.
    expect(await capped.search(orm.em.fork(), { kind: 'resource', text: '帮困', offset: 0, limit: 0 })).toMatchObject({
      hits: [],
      totalIsEstimate: true,
    });
  });

  it('falls back when the planner underestimates: more matches than the cap', async () => {
    const { ids, pages, statements } = await walk(
      (onStatement) => new PgSearchIndex({ exactCountCap: 100, candidateWindow: 5, onStatement }),
      { kind: 'organization', text: '志愿服务 绿色通道', limit: 5 },
    );
    expect(ids).toHaveLength(CORRELATED.length);
    expect(new Set(ids)).toEqual(new Set(CORRELATED.map((d) => d.id)));
    expect(statements.slice(0, 3)).toEqual(['estimate', 'capped', 'recent']);
    // Later pages remember the estimate and the overflow: no second EXPLAIN or capped count.
    expect(statements.filter((s) => s === 'estimate' || s === 'capped')).toEqual(['estimate', 'capped']);
    expect(pages[0]).toMatchObject({ totalIsEstimate: true });
    expect(pages[0].total).toBeGreaterThanOrEqual(101);
    // Newest first.
    expect(ids.slice(0, 5)).toEqual(
      CORRELATED.slice(-5)
        .reverse()
        .map((d) => d.id),
    );
  });

  it('falls back when the planner overestimates: the recency scan comes up short', async () => {
    const statements: SearchStatement[] = [];
    const idx = new PgSearchIndex({ exactCountCap: 50, candidateWindow: 5, onStatement: (s) => statements.push(s) });
    const r = await idx.search(orm.em.fork(), { kind: 'organization', text: '辖区 居委会', offset: 0, limit: 5 });
    expect(statements).toEqual(['estimate', 'recent', 'exact']);
    expect(r.total).toBe(RARELY_TOGETHER.length);
    expect(r.totalIsEstimate).toBeUndefined();
    // The window is the five newest of them, ranked.
    expect(new Set(r.hits.map((h) => h.id))).toEqual(new Set(RARELY_TOGETHER.slice(-5).map((d) => d.id)));
  });

  it('returns the total with an empty page past the end', async () => {
    const r = await index.search(orm.em.fork(), { kind: 'resource', text: '帮困', offset: 5000, limit: 10 });
    expect(r).toEqual({ hits: [], total: BROAD_MATCHES.length });
  });

  it('is not injectable through query text, tags or document text', async () => {
    const evil = "'); drop table search_document; --";
    expect((await search(evil)).total).toBe(0);
    expect((await search('救助', { filter: { all: [[evil]] } })).total).toBe(0);
    expect((await search("救助 ' & | ! <-> :*")).total).toBe(1);
    const id = randomUUID();
    await index.upsert(orm.em.fork(), [{ ...UNRELATED[0], id, title: evil, body: `${evil} 注入测试` }]);
    const r = await search('注入测试');
    expect(r.hits.map((h) => h.id)).toEqual([id]);
    expect(r.hits[0].highlights.join('')).toContain('&#39;); drop table search_document; --');
    await index.remove(orm.em.fork(), 'policy', [id]);
    expect((await search('救急难')).total).toBe(1);
  });

  it('replaces and removes documents', async () => {
    const id = randomUUID();
    const doc: SearchDocument = { ...UNRELATED[1], id, title: '心理疏导热线', body: '提供心理疏导服务' };
    await index.upsert(orm.em.fork(), [doc]);
    expect((await search('心理疏导')).hits.map((h) => h.id)).toEqual([id]);
    await index.upsert(orm.em.fork(), [{ ...doc, title: '法律援助热线', body: '提供法律援助服务' }]);
    expect((await search('心理疏导')).total).toBe(0);
    expect((await search('法律援助')).hits.map((h) => h.id)).toEqual([id]);
    await index.remove(orm.em.fork(), 'policy', [id]);
    expect((await search('法律援助')).total).toBe(0);
  });

  it("writes inside the caller's transaction", async () => {
    const id = randomUUID();
    const doc: SearchDocument = { ...UNRELATED[2], id, title: '送医救治绿色通道', body: '事务内写入' };
    await expect(
      orm.em.fork().transactional(async (em) => {
        await index.upsert(em, [doc]);
        // Visible inside the transaction, on its connection.
        expect((await index.search(em, { kind: 'policy', text: '事务内写入', offset: 0, limit: 10 })).total).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await search('事务内写入')).total).toBe(0);
  });
});

describe('search_concept_present (the relaxed search asks whether a concept occurs at all)', () => {
  const present = async (kind: string, words: string) =>
    (
      await orm.em
        .getConnection()
        .execute<{ present: boolean }[]>(`SELECT search_concept_present(?, plainto_tsquery('simple', ?)) AS present`, [
          kind,
          words,
        ])
    )[0].present;

  it('tells words of the kind’s documents from words no document contains', async () => {
    expect(await present('resource', '帮困')).toBe(true);
    expect(await present('resource', '助餐')).toBe(true);
    expect(await present('policy', '首问负责制')).toBe(true);
    expect(await present('resource', '首问负责制')).toBe(false);
    expect(await present('policy', '彩票')).toBe(false);
  });

  it('probes the GIN index: a word no text contains never walks the table', async () => {
    // The function's own settings, applied to its query: the planner may not choose a scan of the
    // table (as a plain EXISTS over an absent word it did: ≈ 0.5 s over 20,000 policies).
    const [fn] = await orm.em
      .getConnection()
      .execute<{ proconfig: string[]; body: string }[]>(
        `SELECT proconfig, prosrc AS body FROM pg_proc WHERE proname = 'search_concept_present'`,
      );
    expect(fn.proconfig).toEqual(expect.arrayContaining(['enable_seqscan=off', 'enable_indexscan=off']));
    const plan = await orm.em.fork().transactional(async (em) => {
      for (const setting of fn.proconfig) {
        const [name, value] = setting.split('=');
        await em.execute(`SET LOCAL ${name} = ${value}`);
      }
      const rows = await em.execute<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN ${fn.body.replace(/\bk\b/g, "'policy'").replace(/\bq\b/g, "plainto_tsquery('simple', '彩票')")}`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Bitmap Index Scan on search_document_tsv_idx');
    expect(plan).not.toMatch(/Seq Scan|search_document_pkey|search_document_recent_idx/);
  });
});
