import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { PgSearchIndex, SEARCH_DOCUMENT_DDL } from '../../src/search/pg-search-index';
import type { SearchDocument, SearchQuery } from '../../src/search/search-index';

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

// 1,000 resources: every third one mentions 帮困 in its body, every 40th in its title; sort keys
// repeat so ties must be broken by id.
const GENERATED: SearchDocument[] = Array.from({ length: 1000 }, (_, i) => ({
  kind: 'resource',
  id: randomUUID(),
  title: i % 40 === 0 ? `帮困项目 ${i}` : `社区服务项目 ${i}`,
  body: `第${i}号项目为辖区居民提供${i % 3 === 0 ? '帮困' : '助餐'}服务,联系居委会。`,
  tags: [`n:${i % 2}`],
  sortKey: new Date(Date.UTC(2024, 0, 1 + (i % 25))),
  dateKey: null,
}));
const BROAD_MATCHES = GENERATED.filter((d) => d.title.includes('帮困') || d.body.includes('帮困'));
const TITLE_MATCHES = GENERATED.filter((d) => d.title.includes('帮困'));

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
  await index.upsert(orm.em.fork(), [POLICY, ...UNRELATED, ...GENERATED]);
});

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

  it('paginates a broad query: every match exactly once, exact total, title hits first', async () => {
    const seen: string[] = [];
    const limit = 37;
    for (let offset = 0; ; offset += limit) {
      const page = await index.search(orm.em.fork(), { kind: 'resource', text: '帮困', offset, limit });
      expect(page.total).toBe(BROAD_MATCHES.length);
      if (page.hits.length === 0) break;
      seen.push(...page.hits.map((h) => h.id));
    }
    expect(seen).toHaveLength(BROAD_MATCHES.length);
    expect(new Set(seen)).toEqual(new Set(BROAD_MATCHES.map((d) => d.id)));
    const titleIds = new Set(TITLE_MATCHES.map((d) => d.id));
    expect(seen.slice(0, titleIds.size).every((id) => titleIds.has(id))).toBe(true);
  });

  it('walks every match once whatever the candidate window, in a stable order', async () => {
    const all = async (candidateWindow: number, limit: number) => {
      const idx = new PgSearchIndex({ candidateWindow });
      const ids: string[] = [];
      for (let offset = 0; offset < BROAD_MATCHES.length; offset += limit) {
        const r = await idx.search(orm.em.fork(), { kind: 'resource', text: '帮困', offset, limit });
        ids.push(...r.hits.map((h) => h.id));
      }
      return ids;
    };
    for (const window of [0, 7, 5000]) {
      const ids = await all(window, 1000);
      expect(ids).toHaveLength(BROAD_MATCHES.length);
      expect(new Set(ids).size).toBe(ids.length);
      // Page by page (pages straddling the window edge) gives the same order as one big page.
      expect(await all(window, 6)).toEqual(ids);
    }
    const tagged = await index.search(orm.em.fork(), {
      kind: 'resource',
      text: '帮困',
      filter: { all: [['n:0']] },
      offset: 0,
      limit: 1000,
    });
    expect(tagged.total).toBe(BROAD_MATCHES.filter((d) => d.tags.includes('n:0')).length);
  });

  it('caps a broad query at maxScan matches and paginates within the cap', async () => {
    const capped = new PgSearchIndex({ maxScan: 100 });
    const ids: string[] = [];
    for (let offset = 0; offset < 150; offset += 30) {
      const r = await capped.search(orm.em.fork(), { kind: 'resource', text: '帮困', offset, limit: 30 });
      expect(r.total).toBe(100);
      ids.push(...r.hits.map((h) => h.id));
    }
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
    const all = new Set(BROAD_MATCHES.map((d) => d.id));
    expect(ids.every((id) => all.has(id))).toBe(true);
    // Below the cap nothing changes.
    expect(
      (await capped.search(orm.em.fork(), { kind: 'policy', text: '首问负责制', offset: 0, limit: 5 })).total,
    ).toBe(1);
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
