import { parse } from 'graphql';
import { startTestHub, type TestHub } from '../support/hub';

/*
 * The resources list answers from read-only views (rows, no hydration), and so do the fields that
 * display a resource's provider, service areas and legal basis. Over GraphQL, every seeded resource
 * as the list shows it equals the same resource read as a managed entity (`node`), and so does every
 * provider, area and policy the list shows. The list carries those relations as JSON built by
 * PostgreSQL in the page's one statement (resource-list.ts); search results too.
 */

const RESOURCE_FIELDS = `
  id kind title description status forms emergencyTypes availableFrom availableUntil publishedAt
  provider { id name kind verified }
  serviceAreas { id code name level }
  legalBasis { id title docNumber status areaCode issuers issuedOn isTrial supersedes { id } }
  eligibility { rules description }
  capacity { unit total remaining }
  ... on GovernmentProgramme { fundSource benefitCapFen }
  ... on CharityProject { budgetFen }
  ... on Donation { items { name quantity unit expiresOn } cashFen }
  ... on VolunteerOffer { skills hoursPerWeek }
`;

const LIST = parse(`query ($first: Int, $after: String) {
  resources(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${RESOURCE_FIELDS} } }
  }
}`);

const RESOURCE_NODE = parse(`query ($id: ID!) {
  node(id: $id) { id ... on Resource { ${RESOURCE_FIELDS} } }
}`);

const SHOWN_NODE = parse(`query ($id: ID!) {
  node(id: $id) {
    id
    ... on Organization { name kind verified }
    ... on Area { code name level }
    ... on Policy { title docNumber status areaCode issuers issuedOn isTrial supersedes { id } }
  }
}`);

type Json = Record<string, unknown>;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

async function gql(document: ReturnType<typeof parse>, variables: Json, token: string): Promise<Json> {
  const res = await t.gql(document as never, variables as never, { token });
  expect(res.errors).toBeUndefined();
  return res.data as Json;
}

describe('resource views over GraphQL', () => {
  it('equal the managed entities for every seeded resource, and for the providers, areas and policies they show', async () => {
    // A city coordinator sees every resource, drafts included.
    const token = await t.token('COORDINATOR', { area: '310000' });
    const listed: Json[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 1000; page++) {
      const data = (await gql(LIST, { first: 7, after }, token)).resources as Json;
      total = data.totalCount as number;
      listed.push(...(data.edges as { node: Json }[]).map((e) => e.node));
      const info = data.pageInfo as { hasNextPage: boolean; endCursor: string | null };
      if (!info.hasNextPage) break;
      after = info.endCursor;
    }
    const [{ count }] = await t.orm.em
      .fork()
      .execute<{ count: number }[]>('select count(*)::int as count from resource');
    expect(listed).toHaveLength(count);
    expect(total).toBe(count);
    expect(new Set(listed.map((r) => r.kind)).size).toBe(4);
    expect(listed.some((r) => r.legalBasis !== null)).toBe(true);

    const nested = new Map<string, Json>();
    for (const resource of listed) {
      expect((await gql(RESOURCE_NODE, { id: resource.id }, token)).node).toEqual(resource);
      const provider = resource.provider as Json;
      nested.set(provider.id as string, provider);
      for (const area of resource.serviceAreas as Json[]) nested.set(area.id as string, area);
      if (resource.legalBasis) nested.set((resource.legalBasis as Json).id as string, resource.legalBasis as Json);
    }
    for (const [id, shown] of nested) {
      expect((await gql(SHOWN_NODE, { id }, token)).node).toEqual(shown);
    }
  });
});

const SEARCH = parse(`query ($search: String!) {
  resources(search: $search, first: 100) { edges { node { ${RESOURCE_FIELDS} } } }
}`);

describe('resource views from search', () => {
  it('equal the managed entities, provider, areas and legal basis included', async () => {
    const token = await t.token('COORDINATOR', { area: '310000' });
    let checked = 0;
    for (const search of ['救助', '临时救助', '志愿']) {
      const data = (await gql(SEARCH, { search }, token)).resources as { edges: { node: Json }[] };
      for (const { node } of data.edges) {
        expect((await gql(RESOURCE_NODE, { id: node.id }, token)).node).toEqual(node);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

const POLICY_FIELDS = `id title docNumber status areaCode issuers issuedOn isTrial body
  sections { number heading text children { number heading text } }
  citations { title docNumber policy { id } }
  supersedes { id title }`;
const POLICY_LIST = parse(`query { policies(first: 100) { totalCount nodes { id } } }`);
const POLICY = parse(`query ($id: ID!) { policy(id: $id) { ${POLICY_FIELDS} } }`);
const POLICY_NODE = parse(`query ($id: ID!) { node(id: $id) { ... on Policy { ${POLICY_FIELDS} } } }`);

describe('policy views over GraphQL', () => {
  it('policy(id) (a read-only view) equals the managed entity (node) for every seeded policy, text included', async () => {
    const token = await t.token('COORDINATOR', { area: '310000' });
    const { policies } = (await gql(POLICY_LIST, {}, token)) as { policies: { totalCount: number; nodes: Json[] } };
    const [{ count }] = await t.orm.em.fork().execute<{ count: number }[]>('select count(*)::int as count from policy');
    expect(policies.nodes).toHaveLength(count);
    expect(count).toBeGreaterThan(0);
    for (const { id } of policies.nodes) {
      const view = (await gql(POLICY, { id }, token)).policy as Json;
      expect(view.id).toBe(id);
      expect(view).toEqual((await gql(POLICY_NODE, { id }, token)).node);
    }
  });
});
