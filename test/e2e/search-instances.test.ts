import { createDatabase } from '../support/db';
import { mainToken, startMain, type MainProcess } from '../support/spawn';

// Two hub processes on one database: a thesaurus edit and a repeal made through one reach the
// other through the outbox (its thesaurus reloads, its cached results are dropped).

async function gql(url: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: any; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const SEARCH = `query ($search: String) {
  policies(search: $search, first: 10) { totalCount suggestions edges { highlights node { id title } } }
}`;
const UPSERT = `mutation ($input: SearchSynonymSetUpsertInput!) {
  searchSynonymSetUpsert(input: $input) { searchSynonymSet { id terms targets } userErrors { code field message } }
}`;
const DELETE = `mutation ($input: IdInput!) {
  searchSynonymSetDelete(input: $input) { deletedId userErrors { code field } }
}`;

const TITLE = '蓝鲸困难家庭专项帮扶计划';
const BODY = '对遭遇火灾的困难家庭,由蓝鲸专项帮扶计划给予一次性生活补助。';

async function titles(url: string, search: string): Promise<string[]> {
  const data = await gql(url, SEARCH, { search });
  return data.policies.edges.map((e: { node: { title: string } }) => e.node.title);
}

// The change travels through the outbox (NOTIFY at commit): waits for it, up to 10 s.
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('search on two hub processes', () => {
  let a: MainProcess;
  let b: MainProcess;
  let coordinator: string;
  let policyId: string;

  beforeAll(async () => {
    const url = await createDatabase();
    a = await startMain({ DATABASE_URL: url });
    b = await startMain({ DATABASE_URL: url });
    coordinator = await mainToken('COORDINATOR', { area: '310000', sub: 'coord-1' });
    const created = await gql(
      a.url,
      `mutation ($input: PolicyCreateInput!) { policyCreate(input: $input) { policy { id } userErrors { message } } }`,
      { input: { title: TITLE, body: BODY, issuers: ['上海市民政局'], docNumber: '沪民救发〔2026〕99号' } },
      coordinator,
    );
    policyId = created.policyCreate.policy.id;
    const published = await gql(
      a.url,
      `mutation ($input: IdInput!) { policyPublish(input: $input) { userErrors { message } } }`,
      { input: { id: policyId } },
      coordinator,
    );
    expect(published.policyPublish.userErrors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('loads the shipped thesaurus: an abbreviation finds the full name', async () => {
    const entries = await gql(b.url, `query { searchSynonyms(search: "临救") { terms targets } }`, {}, coordinator);
    expect(entries.searchSynonyms).toEqual(expect.arrayContaining([{ terms: ['临救', '临时救助'], targets: [] }]));
    expect(
      (await gql(b.url, `query { searchSynonyms { id } }`, {}, coordinator)).searchSynonyms.length,
    ).toBeGreaterThanOrEqual(150);
  });

  it('finds a traditional-character query and a 文号 in another bracket style over GraphQL', async () => {
    expect(await titles(b.url, '藍鯨困難家庭')).toContain(TITLE);
    expect(await titles(b.url, '沪民救发[2026]99号')).toEqual([TITLE]);
    expect(await titles(b.url, '沪民救发（2026）99号')).toEqual([TITLE]);
  });

  it('uses a thesaurus entry added over GraphQL on one process in the next searches of the other', async () => {
    // 鲸帮 is in no text: nothing, and suggestions instead.
    const before = await gql(b.url, SEARCH, { search: '鲸帮' });
    expect(before.policies.totalCount).toBe(0);
    const added = await gql(a.url, UPSERT, { input: { terms: ['鲸帮', '蓝鲸专项帮扶计划'] } }, coordinator);
    expect(added.searchSynonymSetUpsert.userErrors).toEqual([]);
    const id = added.searchSynonymSetUpsert.searchSynonymSet.id;
    // The writing process uses it at once…
    expect(await titles(a.url, '鲸帮')).toEqual([TITLE]);
    // …the other as soon as the outbox event arrives, without reindexing.
    expect(
      await eventually(
        () => titles(b.url, '鲸帮'),
        (t) => t.length > 0,
      ),
    ).toEqual([TITLE]);
    const hit = await gql(b.url, SEARCH, { search: '鲸帮' });
    expect(hit.policies.edges[0].highlights.join('')).toContain('<em>蓝鲸专项帮扶计划</em>');

    const removed = await gql(b.url, DELETE, { input: { id } }, coordinator);
    expect(removed.searchSynonymSetDelete).toEqual({ deletedId: id, userErrors: [] });
    expect(
      await eventually(
        () => titles(a.url, '鲸帮'),
        (t) => t.length === 0,
      ),
    ).toEqual([]);
  });

  it('rejects bad entries with userErrors and only lets coordinators edit', async () => {
    const blank = await gql(a.url, UPSERT, { input: { terms: ['  '] } }, coordinator);
    expect(blank.searchSynonymSetUpsert).toMatchObject({
      searchSynonymSet: null,
      userErrors: [{ code: 'INVALID', field: ['terms', '0'] }],
    });
    const single = await gql(a.url, UPSERT, { input: { terms: ['孤词'] } }, coordinator);
    expect(single.searchSynonymSetUpsert.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['terms'] });
    const long = await gql(a.url, UPSERT, { input: { terms: ['词'.repeat(21), '另一个'] } }, coordinator);
    expect(long.searchSynonymSetUpsert.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['terms', '0'] });
    const missing = await gql(
      a.url,
      DELETE,
      { input: { id: Buffer.from('SearchSynonymSet:00000000-0000-4000-8000-000000000000').toString('base64url') } },
      coordinator,
    );
    expect(missing.searchSynonymSetDelete).toEqual({
      deletedId: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['id'] }],
    });
    const caseworker = await mainToken('CASEWORKER', { area: '310101002', sub: 'cw-1' });
    const response = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworker}` },
      body: JSON.stringify({ query: UPSERT, variables: { input: { terms: ['甲', '乙'] } } }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('drops a cached result on both processes when its policy is repealed', async () => {
    // Searched twice on each process: the second answer comes from the cache.
    for (const hub of [a, b]) {
      expect(await titles(hub.url, '蓝鲸困难家庭')).toEqual([TITLE]);
      expect(await titles(hub.url, '蓝鲸困难家庭')).toEqual([TITLE]);
    }
    const repealed = await gql(
      a.url,
      `mutation ($input: PolicyRepealInput!) { policyRepeal(input: $input) { policy { status } userErrors { message } } }`,
      { input: { id: policyId, reason: '测试废止' } },
      coordinator,
    );
    expect(repealed.policyRepeal.policy.status).toBe('REPEALED');
    // The writing process drops it at once, the other when the event arrives (a cached result
    // would otherwise live for minutes).
    expect(await titles(a.url, '蓝鲸困难家庭')).toEqual([]);
    expect(
      await eventually(
        () => titles(b.url, '蓝鲸困难家庭'),
        (t) => t.length === 0,
      ),
    ).toEqual([]);
  });
});
