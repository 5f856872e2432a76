import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../../src/core/logger';
import { openOrm } from '../../src/db/orm';
import { prepareDatabase } from '../../src/db/prepare';
import { latestEventId } from '../../src/events/outbox';
import { SEARCH_KINDS } from '../../src/search/meili-documents';
import { meiliRelay, type MeiliRelay } from '../../src/search/meili-relay';
import { MeiliSearchIndex } from '../../src/search/meili-search-index';
import type { SearchDocument, SearchQuery } from '../../src/search/search-index';
import { createDatabase } from '../support/db';

// Needs a Meilisearch server: MEILI_URL (and MEILI_KEY) point at it. Skipped elsewhere.
const maybe = process.env.MEILI_URL ? describe : describe.skip;

const log = createLogger({ logLevel: 'silent' });
const corpus = readFileSync(join(__dirname, '../../seeds/data/jiujinan-2017.txt'), 'utf8');
const prefix = `jjn_test_${randomBytes(4).toString('hex')}`;
const POLICY: SearchDocument = {
  kind: 'policy',
  id: randomUUID(),
  title: '关于在本市开展“救急难”工作的实施意见(试行)',
  body: corpus,
  tags: ['status:PUBLISHED', 'issuer:上海市民政局', 'area:310000', 'q:"\\'],
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
const GENERATED: SearchDocument[] = Array.from({ length: 1500 }, (_, i) => ({
  kind: 'resource',
  id: randomUUID(),
  title: i % 40 === 0 ? `帮困项目 ${i}` : `社区服务项目 ${i}`,
  body: `第${i}号项目为辖区居民提供${i % 4 === 3 ? '助餐' : '帮困'}服务,联系居委会。`,
  tags: [`n:${i % 2}`],
  sortKey: new Date(Date.UTC(2024, 0, 1 + (i % 25))),
  dateKey: null,
}));
const BROAD = GENERATED.filter((d) => d.body.includes('帮困') || d.title.includes('帮困'));
const TITLED = GENERATED.filter((d) => d.title.includes('帮困'));

let url: string;
let orm: MikroORM;
let relay: MeiliRelay;
const index = new MeiliSearchIndex(
  { url: process.env.MEILI_URL ?? 'http://127.0.0.1:7700', apiKey: process.env.MEILI_KEY, indexPrefix: prefix },
  log,
);
const startRelay = async () => {
  relay = meiliRelay(orm, url, index.target, log, { checkpoint: prefix, maxBackoffMs: 200, leadEveryMs: 100 });
  await relay.start();
};

/** Waits until the relay has applied every committed event. */
async function settle(): Promise<void> {
  const latest = BigInt(await latestEventId(orm.em.fork()));
  for (let i = 0; i < 600; i++) {
    if (relay.position !== null && BigInt(relay.position) >= latest) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the relay did not catch up');
}

function search(text: string, extra: Partial<SearchQuery> = {}) {
  return index.search(orm.em.fork(), { kind: 'policy', text, offset: 0, limit: 10, ...extra });
}

maybe('MeiliSearchIndex', () => {
  beforeAll(async () => {
    url = await createDatabase();
    orm = await openOrm(url, { pool: { min: 0, max: 5 } });
    await prepareDatabase(orm, url, { log, runSeeds: false, seed: async () => false });
    // The policy is written before the relay's first run (the backfill), the rest after it (the outbox).
    await index.upsert(orm.em.fork(), [POLICY]);
    await startRelay();
    await index.upsert(orm.em.fork(), [...UNRELATED, ...GENERATED]);
    await settle();
  }, 300_000);

  afterAll(async () => {
    await relay?.stop();
    for (const kind of SEARCH_KINDS)
      await index.target
        .index(kind)
        .delete()
        .waitTask()
        .catch(() => undefined);
    await orm?.close();
  });

  it.each(['首问负责制', '962200', '社会力量 购买服务', '临时救助', '帮困互助基金会', '首问'])(
    'finds the policy for %s, with highlights',
    async (text) => {
      const result = await search(text);
      expect(result.total).toBe(1);
      expect(result.hits.map((h) => h.id)).toEqual([POLICY.id]);
      expect(result.hits[0].highlights.join('')).toContain('<em>');
      expect(result.hits[0].score).toBeGreaterThan(0);
      expect(result.hits[0].score).toBeLessThanOrEqual(1);
    },
  );

  it('highlights 首问负责制 in context, title fragments first', async () => {
    expect((await search('首问负责制')).hits[0].highlights.join('\n')).toContain('<em>首问负责制</em>');
    const { hits } = await search('救急难');
    expect(hits[0].highlights[0]).toBe('关于在本市开展“<em>救急难</em>”工作的实施意见(试行)');
  });

  it('requires every word of a multi-word query', async () => {
    expect((await search('社会力量 火箭')).total).toBe(0);
    expect((await search('助餐 草坪')).total).toBe(0);
    expect((await search('助餐 午餐')).total).toBe(1);
  });

  it('finds nothing for unrelated words, blank or punctuation-only text', async () => {
    for (const text of ['火箭发动机', '', '   ', ',。!——']) expect(await search(text)).toEqual({ hits: [], total: 0 });
  });

  it('filters by tag groups (quotes and backslashes included) and inclusive date bounds', async () => {
    const ids = async (all: string[][]) => (await search('救助', { filter: { all } })).hits.map((h) => h.id);
    expect(await ids([['status:PUBLISHED']])).toEqual([POLICY.id]);
    expect(await ids([['q:"\\']])).toEqual([POLICY.id]);
    expect(await ids([['status:DRAFT']])).toEqual([]);
    expect(await ids([['status:PUBLISHED'], ['issuer:x', 'issuer:上海市民政局']])).toEqual([POLICY.id]);
    expect(await ids([['status:PUBLISHED'], ['issuer:上海市绿化局']])).toEqual([]);
    expect(await ids([[]])).toEqual([]);
    const total = async (dateFrom?: string, dateTo?: string) =>
      (await search('救助', { filter: { dateFrom, dateTo } })).total;
    expect(await total('2017-05-15')).toBe(1);
    expect(await total('2017-05-16')).toBe(0);
    expect(await total(undefined, '2017-05-14')).toBe(0);
    await expect(total('yesterday')).rejects.toThrow(RangeError);
  });

  it('paginates a broad query: every match exactly once, title hits first', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 5000; offset += 37) {
      const page = await index.search(orm.em.fork(), { kind: 'resource', text: '帮困', offset, limit: 37 });
      if (page.hits.length === 0) break;
      seen.push(...page.hits.map((h) => h.id));
    }
    expect(new Set(seen)).toEqual(new Set(BROAD.map((d) => d.id)));
    expect(seen).toHaveLength(BROAD.length);
    const titled = new Set(TITLED.map((d) => d.id));
    expect(seen.slice(0, titled.size).every((id) => titled.has(id))).toBe(true);
    const last = await index.search(orm.em.fork(), { kind: 'resource', text: '帮困', offset: 5000, limit: 10 });
    expect(last.hits).toEqual([]);
  });

  it('escapes document text and is not injectable', async () => {
    const evil = `<script>'"</script> 注入测试`;
    const id = randomUUID();
    await index.upsert(orm.em.fork(), [{ ...UNRELATED[0], id, title: evil, body: evil }]);
    await settle();
    const r = await search('注入测试', { filter: { all: [['x"] OR tags EXISTS OR tags IN ["']] } });
    expect(r.total).toBe(0);
    const hit = (await search('注入测试')).hits[0];
    expect(hit.id).toBe(id);
    expect(hit.highlights[0]).toBe('&lt;script&gt;&#39;&quot;&lt;/script&gt; <em>注入测试</em>');
  });

  it('replaces and removes documents', async () => {
    const id = randomUUID();
    const doc: SearchDocument = { ...UNRELATED[1], id, title: '心理疏导热线', body: '提供心理疏导服务' };
    await index.upsert(orm.em.fork(), [doc]);
    await settle();
    expect((await search('心理疏导')).hits.map((h) => h.id)).toEqual([id]);
    await index.upsert(orm.em.fork(), [{ ...doc, title: '法律援助热线', body: '提供法律援助服务' }]);
    await settle();
    expect((await search('心理疏导')).total).toBe(0);
    await index.remove(orm.em.fork(), 'policy', [id]);
    await settle();
    expect((await search('法律援助')).total).toBe(0);
  });

  it('never sends a rolled-back upsert', async () => {
    const doc: SearchDocument = { ...UNRELATED[2], id: randomUUID(), title: '送医救治绿色通道', body: '事务内写入' };
    await expect(
      orm.em.fork().transactional(async (em) => {
        await index.upsert(em, [doc]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await index.upsert(orm.em.fork(), [{ ...doc, id: randomUUID(), body: '已提交' }]);
    await settle();
    expect((await search('事务内写入')).total).toBe(0);
    await expect(index.target.index('policy').getDocument(doc.id)).rejects.toThrow();
  });

  it('resumes from its checkpoint after a restart', async () => {
    await relay.stop();
    const id = randomUUID();
    await index.upsert(orm.em.fork(), [{ ...UNRELATED[0], id, title: '重启之后', body: '重启期间写入' }]);
    expect((await search('重启期间写入')).total).toBe(0);
    const [row] = await orm.em
      .fork()
      .execute('select last_id::text as id from event_checkpoint where name = ?', [prefix]);
    expect(BigInt(row.id)).toBeLessThan(BigInt(await latestEventId(orm.em.fork())));
    await startRelay();
    await settle();
    expect((await search('重启期间写入')).hits.map((h) => h.id)).toEqual([id]);
  });
});
