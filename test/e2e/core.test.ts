import {
  AreasDocument,
  NodeByIdDocument,
  NodesByIdsDocument,
  OrganizationsDocument,
  PolicyCreateDocument,
  PolicyPublishDocument,
  SearchPoliciesDocument,
  WhoAmIDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';

let t: TestHub;
let coordinator: string;

beforeAll(async () => {
  t = await startTestHub();
  coordinator = await t.token('COORDINATOR', { area: '310000' });
  // 23 published policies sharing one rare word, to page through.
  for (let i = 0; i < 23; i++) {
    const { data } = await t.gql(
      PolicyCreateDocument,
      {
        input: {
          title: `分页测试政策第${i}号`,
          issuers: ['上海市民政局'],
          body: `一、目的\n分页验证用的政策,编号${i}。`,
        },
      },
      { token: coordinator },
    );
    await t.gql(PolicyPublishDocument, { input: { id: data!.policyCreate.policy!.id } }, { token: coordinator });
  }
});
afterAll(() => t.close());

async function walk(search: string | null, first: number) {
  const seen: string[] = [];
  let after: string | null = null;
  let total = -1;
  const fetchPage = (cursor: string | null) => t.gql(SearchPoliciesDocument, { search, first, after: cursor });
  for (let page = 0; page < 50; page++) {
    const res: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(after);
    expect(res.errors).toBeUndefined();
    const conn = res.data!.policies;
    total = conn.totalCount;
    seen.push(...conn.edges.map((e) => e.node.id));
    expect(conn.nodes.map((n) => n.id)).toEqual(conn.edges.map((e) => e.node.id));
    if (!conn.pageInfo.hasNextPage) break;
    expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)!.cursor);
    after = conn.pageInfo.endCursor;
  }
  return { seen, total };
}

describe('pagination', () => {
  it('walks every page of a list exactly once', async () => {
    const { seen, total } = await walk(null, 7);
    expect(total).toBe(24); // the seed policy and 23 more
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('walks every page of a search exactly once', async () => {
    const { seen, total } = await walk('分页', 5);
    expect(total).toBe(23);
    expect(new Set(seen).size).toBe(23);
  });

  it('rejects first: 1000 as BAD_USER_INPUT without a 5xx', async () => {
    const res = await t.gql(SearchPoliciesDocument, { first: 1000 });
    expect(res.status).toBeLessThan(500);
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a malformed cursor as BAD_USER_INPUT', async () => {
    for (const search of [null, '分页']) {
      const res = await t.gql(SearchPoliciesDocument, { search, after: 'not-a-cursor' });
      expect(res.status).toBeLessThan(500);
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('limits and malformed requests', () => {
  it('rejects a 40-level query without a 5xx', async () => {
    let selection = 'code';
    for (let i = 0; i < 40; i++) selection = `parent { ${selection} }`;
    const res = await t.post({ query: `{ areas { ${selection} } }` });
    expect(res.status).toBe(400);
    const errors = (res.body as { errors: { extensions: { code: string } }[] }).errors;
    expect(errors[0]!.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('rejects too many aliases', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: areas { code }`).join(' ');
    const res = await t.post({ query: `{ ${aliases} }` });
    expect(res.status).toBe(400);
  });

  it('answers malformed JSON with a 400 in GraphQL shape', async () => {
    const res = await t.post('{"query": "{ areas { code } }"');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'BAD_REQUEST' } })] });
    expect(res.text).not.toMatch(/at .*\.js/);
  });

  it('answers a parse error with a 400 and no stack trace', async () => {
    const res = await t.post({ query: '{ areas { code ' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('stacktrace');
  });

  it('refuses batched requests', async () => {
    const res = await t.post([{ query: '{ areas { code } }' }, { query: '{ areas { code } }' }]);
    expect(res.status).toBe(400);
  });

  it('blocks a GET mutation-less request without a CSRF-safe header', async () => {
    const response = await fetch(`${t.url}?query=${encodeURIComponent('{ areas { code } }')}`, {
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(400);
    const ok = await fetch(`${t.url}?query=${encodeURIComponent('{ areas { code } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(ok.status).toBe(200);
  });
});

describe('areas, organisations, nodes and the viewer', () => {
  it('lists the city, its 16 districts and streets of 黄浦、徐汇、浦东 ordered by code', async () => {
    const city = (await t.gql(AreasDocument, {})).data!.areas;
    expect(city).toEqual([expect.objectContaining({ code: '310000', name: '上海市', level: 'CITY', parent: null })]);
    const districts = (await t.gql(AreasDocument, { parentCode: '310000' })).data!.areas;
    expect(districts).toHaveLength(16);
    expect(districts.map((d) => d.code)).toEqual([...districts.map((d) => d.code)].sort());
    expect(districts.find((d) => d.code === '310115')!.name).toBe('浦东新区');
    for (const code of ['310101', '310104', '310115']) {
      const streets = (await t.gql(AreasDocument, { parentCode: code })).data!.areas;
      expect(streets.length).toBeGreaterThanOrEqual(3);
      expect(streets.every((s) => s.level === 'STREET' && s.code.startsWith(code) && s.parent!.code === code)).toBe(
        true,
      );
    }
    expect((await t.gql(AreasDocument, { parentCode: '999999' })).data!.areas).toEqual([]);
  });

  it('seeds the coordination mechanism’s city-level organisations', async () => {
    const { data } = await t.gql(OrganizationsDocument, { first: 100 });
    const names = data!.organizations.nodes.map((o) => o.name);
    for (const name of [
      '上海市民政局',
      '上海市财政局',
      '上海市红十字会',
      '上海市慈善基金会',
      '上海市帮困互助基金会',
      '上海市老年基金会',
      '上海市残疾人联合会',
    ]) {
      expect(names).toContain(name);
    }
    const cityLevel = data!.organizations.nodes.filter((o) => o.area.code === '310000');
    expect(cityLevel).toHaveLength(15);
    expect(data!.organizations.totalCount).toBe(data!.organizations.nodes.length);
    const found = (await t.gql(OrganizationsDocument, { search: '基金会' })).data!.organizations.nodes;
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found.every((o) => o.name.includes('基金会') && o.kind === 'FOUNDATION')).toBe(true);
  });

  it('fetches any object by global ID, and null for unknown or malformed IDs', async () => {
    const area = (await t.gql(AreasDocument, { parentCode: '310000' })).data!.areas[0]!;
    const node = (await t.gql(NodeByIdDocument, { id: area.id })).data!.node;
    expect(node).toEqual({ id: area.id, code: area.code, name: area.name });
    const nodes = (
      await t.gql(NodesByIdsDocument, {
        ids: [area.id, 'bogus', Buffer.from('Area:00000000-0000-0000-0000-000000000000').toString('base64url')],
      })
    ).data!.nodes;
    expect(nodes).toEqual([{ id: area.id }, null, null]);
  });

  it('tells a signed-in viewer who they are, and the public nothing', async () => {
    expect((await t.gql(WhoAmIDocument, {})).data!.viewer).toBeNull();
    const orgs = (await t.gql(OrganizationsDocument, { search: '红十字会' })).data!.organizations.nodes;
    const token = await t.token('CHARITY', { org: orgs[0]!.id, area: '310000', sub: 'alice' });
    const viewer = (await t.gql(WhoAmIDocument, {}, { token })).data!.viewer;
    expect(viewer).toEqual({
      subject: 'alice',
      role: 'CHARITY',
      organization: { id: orgs[0]!.id, name: '上海市红十字会' },
      area: { code: '310000', name: '上海市' },
    });
  });

  it('answers the health endpoints', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('serves GraphiQL to browsers without external resources', async () => {
    const response = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('graphiql');
    expect(html).not.toMatch(/<script[^>]+src="https?:\/\//);
    expect(html).not.toMatch(/<link[^>]+href="https?:\/\//);
  });
});
