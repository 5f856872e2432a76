import {
  changedDocuments,
  dateNumber,
  filterExpression,
  highlightsOf,
  indexSettings,
  planChanges,
  POST_TAG,
  PRE_TAG,
  quoteFilterValue,
  SEARCH_EVENT,
  searchEvents,
  tagKey,
  toHtml,
  toMeiliDocument,
} from '../../src/search/meili-documents';

const ID = '6f9619ff-8b86-d011-b42d-00cf4fc964ff';

describe('Meilisearch filters', () => {
  it('quotes values, escaping backslashes and double quotes', () => {
    expect(quoteFilterValue('plain')).toBe('"plain"');
    expect(quoteFilterValue('a"b')).toBe('"a\\"b"');
    expect(quoteFilterValue('a\\')).toBe('"a\\\\"');
    expect(quoteFilterValue('\\"]) OR kind = "x')).toBe('"\\\\\\"]) OR kind = \\"x"');
  });

  it('encodes tags so no filter value holds a quote, backslash or space', () => {
    for (const tag of ['issuer:上海市民政局', 'x" OR tags EXISTS', 'back\\slash', "it's", '']) {
      expect(tagKey(tag)).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(Buffer.from(tagKey(tag), 'base64url').toString('utf8')).toBe(tag);
    }
    expect(tagKey('a')).not.toBe(tagKey('b'));
  });

  it('ANDs the groups, ORs within a group, and bounds dateKey', () => {
    expect(filterExpression(undefined)).toBe('');
    expect(filterExpression({})).toBe('');
    const evil = 'x"] OR dateKey > 0 OR tags IN ["';
    expect(
      filterExpression({
        all: [['status:PUBLISHED'], ['issuer:a', evil]],
        dateFrom: '2017-05-15',
        dateTo: '2017-12-31',
      }),
    ).toBe(
      `tags IN ["${tagKey('status:PUBLISHED')}"] AND tags IN ["${tagKey('issuer:a')}", "${tagKey(evil)}"]` +
        ' AND dateKey >= 20170515 AND dateKey <= 20171231',
    );
  });

  it('matches nothing for an empty group', () => {
    expect(filterExpression({ all: [['a'], []] })).toBeNull();
  });

  it('rejects malformed dates', () => {
    expect(() => filterExpression({ dateFrom: 'yesterday' })).toThrow(RangeError);
    expect(() => filterExpression({ dateTo: '2017-05-15 OR 1' })).toThrow(RangeError);
    expect(dateNumber('2017-05-15')).toBe(20170515);
  });
});

describe('Meilisearch documents', () => {
  it('maps a search_document row: tokens, encoded tags, numeric dateKey, epoch sortKey', () => {
    const doc = toMeiliDocument({
      kind: 'policy',
      entity_id: ID,
      title: '建立急难事件首问负责制',
      body: `开展临时救助${PRE_TAG}工作${POST_TAG}。`,
      tags: ['status:PUBLISHED'],
      sort_key: new Date('2017-05-15T00:00:00+08:00'),
      date_key: '2017-05-15',
    });
    expect(doc).toMatchObject({
      id: ID,
      kind: 'policy',
      body: '开展临时救助工作。',
      tags: [tagKey('status:PUBLISHED')],
      dateKey: 20170515,
      sortKey: Date.parse('2017-05-14T16:00:00Z'),
    });
    const tokens = doc.tokens.split(' ');
    // The domain dictionary holds, and search mode adds the sub-words.
    expect(tokens).toEqual(expect.arrayContaining(['首问负责制', '首问', '临时救助', '急难事件']));
    expect(doc.tokens).not.toMatch(/[。\uE000\uE001]/);
  });

  it('keeps a null dateKey and accepts a sort key string', () => {
    const doc = toMeiliDocument({
      kind: 'resource',
      entity_id: ID,
      title: 't',
      body: '',
      tags: [],
      sort_key: '2024-01-01T00:00:00.000Z',
      date_key: null,
    });
    expect(doc.dateKey).toBeNull();
    expect(doc.sortKey).toBe(Date.UTC(2024, 0, 1));
    expect(() => toMeiliDocument({ ...doc, entity_id: ID, sort_key: 'never', date_key: null, tags: [] })).toThrow(
      RangeError,
    );
  });

  it('configures title above tokens and body, the filters, the sort and the dictionary', () => {
    const settings = indexSettings(5000);
    expect(settings.searchableAttributes).toEqual(['title', 'tokens', 'body']);
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(['kind', 'tags', 'dateKey']));
    expect(settings.sortableAttributes).toEqual(['sortKey']);
    expect(settings.dictionary).toEqual(expect.arrayContaining(['救急难', '临时救助', '首问负责制']));
    expect(settings.pagination.maxTotalHits).toBe(5000);
  });
});

describe('Meilisearch highlights', () => {
  it('escapes everything but the highlighted terms', () => {
    expect(toHtml(`<b>a&b</b> 建立${PRE_TAG}首问负责制${POST_TAG} "x"`)).toBe(
      '&lt;b&gt;a&amp;b&lt;/b&gt; 建立<em>首问负责制</em> &quot;x&quot;',
    );
    expect(toHtml(`${PRE_TAG}<em>${POST_TAG}\n\n 'y'`)).toBe('<em>&lt;em&gt;</em> &#39;y&#39;');
  });

  it('keeps the title, then the body, only where something was highlighted', () => {
    expect(highlightsOf({ title: `${PRE_TAG}救急难${POST_TAG}`, body: '…no match…' })).toEqual(['<em>救急难</em>']);
    expect(highlightsOf({ title: '标题', body: `…开展${PRE_TAG}临时救助${POST_TAG}…` })).toEqual([
      '…开展<em>临时救助</em>…',
    ]);
    expect(highlightsOf(undefined)).toEqual([]);
    expect(highlightsOf({ title: 42 })).toEqual([]);
  });
});

describe('Meilisearch relay planning', () => {
  const event = (payload: Record<string, unknown>, type = SEARCH_EVENT) => ({ type, payload });

  it('splits changed ids into small events, one kind each', () => {
    const ids = Array.from({ length: 1201 }, (_, i) => `${i}`);
    const events = searchEvents('resource', ids, 500);
    expect(events.map((e) => (e.payload.ids as string[]).length)).toEqual([500, 500, 201]);
    expect(events[1]).toMatchObject({ type: SEARCH_EVENT, aggregateId: '500', payload: { kind: 'resource' } });
  });

  it('reads only well-formed search events', () => {
    expect(changedDocuments(event({ kind: 'policy', ids: ['a', 1, 'b'] }))).toEqual({
      kind: 'policy',
      ids: ['a', 'b'],
    });
    expect(changedDocuments(event({ kind: 'policy', ids: ['a'] }, 'ResourcePublished'))).toBeNull();
    expect(changedDocuments(event({ kind: 'household', ids: ['a'] }))).toBeNull();
    expect(changedDocuments(event({ kind: 'policy', ids: 'a' }))).toBeNull();
  });

  it('plans distinct ids per kind, in first-seen order', () => {
    const plan = planChanges([
      event({ kind: 'policy', ids: ['p1', 'p2'] }),
      event({ kind: 'resource', ids: ['r1'] }),
      event({ kind: 'policy', ids: ['p2', 'p3'] }),
      event({ kind: 'policy', ids: [] }),
      event({ id: 'x' }, 'CaseOpened'),
    ]);
    expect([...plan]).toEqual([
      ['policy', ['p1', 'p2', 'p3']],
      ['resource', ['r1']],
    ]);
    expect(planChanges([]).size).toBe(0);
  });
});
