import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'graphql';
import {
  GovernmentProgrammeCreateDocument,
  OrganizationsDocument,
  ResourcePublishDocument,
  ResourcesDocument,
  SearchPoliciesDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  // The newest ten resources rest on a policy, so both page sizes load every relation kind.
  const token = await t.token('COORDINATOR', { area: '310000' });
  const policyId = (await t.gql(SearchPoliciesDocument, { first: 1 })).data!.policies.edges[0]!.node.id;
  const providerId = (await t.gql(OrganizationsDocument, { search: '上海市民政局' })).data!.organizations.nodes[0]!.id;
  for (let i = 0; i < 10; i++) {
    const input = {
      providerId,
      title: `专项救助${i}`,
      description: '测试用政府救助项目。',
      forms: ['CASH' as const],
      emergencyTypes: ['FIRE' as const],
      serviceAreaCodes: ['310101', '310104'],
      legalBasisId: policyId,
    };
    const created = await t.gql(GovernmentProgrammeCreateDocument, { input }, { token });
    await t.gql(
      ResourcePublishDocument,
      { input: { id: created.data!.governmentProgrammeCreate.resource!.id } },
      { token },
    );
  }
});
afterAll(() => t.close());

describe('SQL statements per list', () => {
  async function statementsFor(first: number): Promise<number> {
    const knex = t.orm.em.getKnex();
    let count = 0;
    // Background work shares the pool (the outbox reader, the expiry sweeper): count only the request's.
    const onQuery = (query: { sql: string }) => {
      if (!/domain_event|skip locked|^(begin|commit|rollback)/i.test(query.sql)) count++;
    };
    knex.on('query', onQuery);
    try {
      const res = await t.gql(ResourcesDocument, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data!.resources.edges.length).toBe(Math.min(first, res.data!.resources.totalCount));
    } finally {
      knex.off('query', onQuery);
    }
    return count;
  }

  it('stays the same small constant for 10 and 50 resources with provider, serviceAreas and legalBasis', async () => {
    // The fewest of three runs: background work can only add statements, an N+1 would add 50.
    const fewest = async (first: number) =>
      Math.min(...[await statementsFor(first), await statementsFor(first), await statementsFor(first)]);
    const ten = await fewest(10);
    const fifty = await fewest(50);
    // one: the page, with its providers, areas and policies as JSON and the list's count
    expect(ten).toBe(1);
    expect(fifty).toBe(ten);
  });

  it('counts something: a query that reads resources runs at least one statement', async () => {
    expect(await statementsFor(1)).toBeGreaterThan(0);
  });
});

describe('the list reads only the relations the query selects', () => {
  // The statements one query runs (background work filtered out as above), as SQL text.
  async function statementsOf(query: string, variables: Record<string, unknown> = {}): Promise<string[]> {
    const knex = t.orm.em.getKnex();
    const seen: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (!/domain_event|skip locked|^(begin|commit|rollback)/i.test(q.sql)) seen.push(q.sql);
    };
    knex.on('query', onQuery);
    try {
      const res = await t.gql(parse(query) as never, variables as never);
      expect(res.errors).toBeUndefined();
      const page = (res.data as { resources: { edges?: unknown[]; list?: unknown[] } }).resources;
      expect((page.edges ?? page.list)!.length).toBeGreaterThan(0);
    } finally {
      knex.off('query', onQuery);
    }
    return seen;
  }
  const joins = (sql: string) => ({
    organization: /from organization /.test(sql),
    area: /from area /.test(sql),
    policy: /from policy /.test(sql),
  });

  it('joins nothing when only the resource’s own fields are asked, and counts nothing without totalCount', async () => {
    const sql = await statementsOf(`{ resources(first: 20) { edges { node { id title capacity { total } } } } }`);
    expect(sql).toHaveLength(1);
    expect(sql[0]).not.toMatch(/count\(/);
    expect(joins(sql[0]!)).toEqual({ organization: false, area: false, policy: false });
  });

  it('joins the provider alone when only it is asked, through an alias, a fragment and `nodes`', async () => {
    const sql = await statementsOf(`
      query { resources(first: 20) { totalCount list: nodes { ...Shown } } }
      fragment Shown on Resource { id ... on Donation { who: provider { name } } }`);
    // The page, carrying the count: no loader statement follows, though only donations asked for the provider.
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/select count\(\*\)/);
    expect(joins(sql[0]!)).toEqual({ organization: true, area: false, policy: false });
  });

  it('joins areas and legal basis only when selected, and honours @skip', async () => {
    const sql = await statementsOf(
      `query ($skip: Boolean!) { resources(first: 20) { edges { node {
         serviceAreas { code } legalBasis { title } provider @skip(if: $skip) { name } } } } }`,
      { skip: true },
    );
    expect(sql).toHaveLength(1);
    expect(joins(sql[0]!)).toEqual({ organization: false, area: true, policy: true });
  });

  it('searches with one statement for the page’s rows and their relations, whatever the page size', async () => {
    const query = `query ($first: Int) { resources(search: "救助", first: $first) {
      edges { node { id provider { name } serviceAreas { code } legalBasis { title } } } } }`;
    for (const first of [5, 20]) {
      // The search's own statements (ranking, its breadth estimate, cached between calls) aside:
      const rows = (await statementsOf(query, { first })).filter((sql) => !/search_document/.test(sql));
      expect(rows).toHaveLength(1);
      expect(joins(rows[0]!)).toEqual({ organization: true, area: true, policy: true });
    }
  });
});

describe('resource pages', () => {
  it('walk every published resource exactly once, newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    const fetchPage = (cursor: string | null) => t.gql(ResourcesDocument, { first: 7, after: cursor });
    for (let i = 0; i < 30; i++) {
      const res: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(after);
      expect(res.errors).toBeUndefined();
      const conn = res.data!.resources;
      total = conn.totalCount;
      seen.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThanOrEqual(50);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('rejects a malformed cursor as BAD_USER_INPUT', async () => {
    const res = await t.gql(ResourcesDocument, { first: 5, after: 'bm90LWEtY3Vyc29y' });
    expect(res.status).toBeLessThan(500);
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('HSDS 3.1 export', () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'hsds-3.1');
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validateService = ajv.compile(
    JSON.parse(fs.readFileSync(path.join(dir, 'service_with_definitions.json'), 'utf8')),
  );
  const validateListItem = ajv.compile(JSON.parse(fs.readFileSync(path.join(dir, 'service_list.json'), 'utf8')));
  const base = () => t.url.replace(/\/graphql$/, '');

  it('serves API info with the HSDS version', async () => {
    const response = await fetch(`${base()}/hsds/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ version: expect.stringMatching(/^3\.1/) });
  });

  it('pages through every published resource, each validating unchanged against the HSDS schema', async () => {
    const seen: string[] = [];
    let total = 0;
    for (let page = 1; page < 20; page++) {
      const response = await fetch(`${base()}/hsds/services?page=${page}&per_page=15`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        total_items: number;
        total_pages: number;
        page_number: number;
        last_page: boolean;
        contents: { id: string; url?: string }[];
      };
      total = body.total_items;
      expect(body.page_number).toBe(page);
      for (const item of body.contents) {
        expect(validateListItem(item) ? [] : validateListItem.errors).toEqual([]);
        seen.push(item.id);
      }
      if (body.last_page) break;
    }
    expect(total).toBeGreaterThanOrEqual(40);
    expect(new Set(seen).size).toBe(total);
  });

  it('serves each service in full, valid against service_with_definitions.json', async () => {
    const list = (await (await fetch(`${base()}/hsds/services?page=1&per_page=100`)).json()) as {
      contents: { id: string }[];
    };
    for (const { id } of list.contents) {
      const response = await fetch(`${base()}/hsds/services/${id}`);
      expect(response.status).toBe(200);
      const service = await response.json();
      const errors = validateService(service) ? [] : validateService.errors;
      expect({ id, errors }).toEqual({ id, errors: [] });
    }
  });

  it('answers 404 for an unknown service and 400 for bad paging', async () => {
    expect((await fetch(`${base()}/hsds/services/does-not-exist`)).status).toBe(404);
    expect((await fetch(`${base()}/hsds/services?per_page=1000`)).status).toBe(400);
  });
});

describe('organisations by name, through the search pipeline', () => {
  const names = async (search: string) =>
    (await t.gql(OrganizationsDocument, { search, first: 100 })).data!.organizations.nodes.map((o) => o.name);

  it('finds a name from words of it, as before', async () => {
    expect(await names('上海市民政局')).toEqual(['上海市民政局']);
    expect(await names('民政局')).toEqual(expect.arrayContaining(['上海市民政局', '黄浦区民政局', '浦东新区民政局']));
    expect(await names('基金会')).toContain('上海市慈善基金会');
  });

  it('finds names typed in traditional characters', async () => {
    expect(await names('上海市紅十字會')).toEqual(['上海市红十字会']);
    expect(await names('慈善基金會')).toEqual(expect.arrayContaining(['上海市慈善基金会', '浦东新区慈善基金会']));
  });

  it('expands abbreviations and drops question words with the thesaurus', async () => {
    // 红会 is what caseworkers say for 红十字会.
    expect(await names('红会')).toEqual(expect.arrayContaining(['上海市红十字会', '浦东新区红十字会']));
    expect(await names('浦东红会在哪里')).toEqual(['浦东新区红十字会']);
  });

  it('finds nothing for a name no organisation has', async () => {
    expect(await names('火箭发动机研究所')).toEqual([]);
  });
});
