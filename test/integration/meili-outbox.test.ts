import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../../src/core/logger';
import { openOrm } from '../../src/db/orm';
import { prepareDatabase } from '../../src/db/prepare';
import { readEvents, latestEventId } from '../../src/events/outbox';
import { SEARCH_EVENT } from '../../src/search/meili-documents';
import { meiliRelay } from '../../src/search/meili-relay';
import { MeiliSearchIndex } from '../../src/search/meili-search-index';
import type { SearchDocument } from '../../src/search/search-index';
import { createDatabase } from '../support/db';

// Runs everywhere: no Meilisearch server is needed for the outbox side and the fallback
// (nothing listens on port 9, so every Meilisearch request fails at once).
const log = createLogger({ logLevel: 'silent' });
let url: string;
let orm: MikroORM;
const index = new MeiliSearchIndex({ url: 'http://127.0.0.1:9', timeout: 1000 }, log);

const doc = (title: string, body: string): SearchDocument => ({
  kind: 'policy',
  id: randomUUID(),
  title,
  body,
  tags: ['status:PUBLISHED'],
  sortKey: new Date('2024-01-01T00:00:00Z'),
  dateKey: '2024-01-01',
});

beforeAll(async () => {
  url = await createDatabase();
  orm = await openOrm(url, { pool: { min: 0, max: 5 } });
  await prepareDatabase(orm, url, { log, runSeeds: false, seed: async () => false });
});
afterAll(() => orm.close());

describe('MeiliSearchIndex without a reachable Meilisearch', () => {
  it('writes search_document and a SearchDocumentsChanged event in one transaction', async () => {
    const before = await latestEventId(orm.em.fork());
    const d = doc('临时救助申请指南', '申请临时救助的材料');
    await index.upsert(orm.em.fork(), [d, { ...d, title: '临时救助申请指南(修订)' }]);
    await index.remove(orm.em.fork(), 'resource', [d.id]);
    const events = await readEvents(orm.em.fork(), before, { types: [SEARCH_EVENT] });
    expect(events.map((e) => e.payload)).toEqual([
      { kind: 'policy', ids: [d.id] },
      { kind: 'resource', ids: [d.id] },
    ]);
    const [row] = await orm.em.fork().execute('select title from search_document where entity_id = ?', [d.id]);
    expect(row.title).toBe('临时救助申请指南(修订)');
  });

  it('appends nothing for a rolled-back write', async () => {
    const before = await latestEventId(orm.em.fork());
    const d = doc('送医救治绿色通道', '事务内写入');
    await expect(
      orm.em.fork().transactional(async (em) => {
        await index.upsert(em, [d]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await latestEventId(orm.em.fork())).toBe(before);
    expect(await orm.em.fork().execute('select 1 from search_document where entity_id = ?', [d.id])).toEqual([]);
  });

  it('searches PostgreSQL when Meilisearch cannot answer', async () => {
    const d = doc('心理疏导热线', '提供心理疏导服务');
    await index.upsert(orm.em.fork(), [d]);
    const result = await index.search(orm.em.fork(), { kind: 'policy', text: '心理疏导', offset: 0, limit: 10 });
    expect(result.hits.map((h) => h.id)).toEqual([d.id]);
    expect(result.hits[0].highlights.join('')).toContain('<em>心理疏导</em>');
    await expect(
      index.search(orm.em.fork(), { kind: 'policy', text: '心理疏导', filter: { dateFrom: 'x' }, offset: 0, limit: 1 }),
    ).rejects.toThrow(RangeError);
  });

  it('keeps the relay retrying, not crashing, and stops it cleanly', async () => {
    const relay = meiliRelay(orm, url, index.target, log, { maxBackoffMs: 50, leadEveryMs: 50 });
    await relay.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.position).toBeNull(); // still preparing the indexes
    await relay.stop();
    const checkpoints = await orm.em.fork().execute("select 1 from event_checkpoint where name = 'meili-relay'");
    expect(checkpoints).toEqual([]);
  });
});
