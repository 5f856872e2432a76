import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeiliSearchIndex } from '../../src/search/meili-search-index';
import { Thesaurus } from '../../src/search/thesaurus';

// The adapter's real Meilisearch client against a small HTTP server that answers as Meilisearch
// does and records what it was sent (no Meilisearch server can run here; the live tests run
// where MEILI_URL is set).
describe('Meilisearch synonyms', () => {
  let server: http.Server;
  let url: string;
  const received: { method: string; path: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        received.push({ method: req.method!, path: req.url!, body: data ? JSON.parse(data) : null });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            taskUid: received.length,
            indexUid: req.url!.split('/')[2],
            status: 'enqueued',
            type: 'settingsUpdate',
            enqueuedAt: new Date().toISOString(),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the thesaurus to every index: equivalences both ways, everyday words one way', async () => {
    const index = new MeiliSearchIndex({ url, indexPrefix: 'hub' });
    const thesaurus = new Thesaurus([
      { terms: ['临救', '临时救助'], targets: [] },
      { terms: ['着火', '失火'], targets: ['火灾'] },
      { terms: ['社會救助', '社会救济'], targets: [] },
    ]);
    await index.applyThesaurus(thesaurus);
    const puts = received.filter((r) => r.method === 'PUT' && r.path.endsWith('/settings/synonyms'));
    expect(puts.map((r) => r.path).sort()).toEqual([
      '/indexes/hub_organization/settings/synonyms',
      '/indexes/hub_policy/settings/synonyms',
      '/indexes/hub_resource/settings/synonyms',
    ]);
    const synonyms = puts[0]!.body as Record<string, string[]>;
    expect(synonyms).toEqual({
      临救: ['临时救助'],
      临时救助: ['临救'],
      着火: ['火灾'],
      失火: ['火灾'],
      // Normalised as queries are: traditional characters simplified.
      社会救助: ['社会救济'],
      社会救济: ['社会救助'],
    });
    expect(synonyms['火灾']).toBeUndefined();
  });

  it('keeps running when Meilisearch refuses', async () => {
    const index = new MeiliSearchIndex({ url: 'http://127.0.0.1:9', timeout: 500 });
    await expect(index.applyThesaurus(Thesaurus.empty())).resolves.toBeUndefined();
  });
});
