import { startTestHub, type TestHub } from '../support/hub';

/*
 * Queries over HTTP execute precompiled (graphql-jit, src/http/precompiled.ts). The same requests answered by
 * a hub that executes with graphql-js (PRECOMPILED_QUERIES=off) over the same database give the same status
 * and the same body, data and errors alike (codes, masks, paths, locations); what graphql-jit does not
 * execute (mutations, introspection, variables that do not coerce) goes to graphql-js.
 */

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  role?: 'CASEWORKER' | 'COORDINATOR' | 'CHARITY' | 'AUDITOR';
  /** Which path the jit hub takes; `memo`: compiled already (the previous case's document). */
  path: 'compiled' | 'fallback' | 'memo';
}

const RESOURCE = `
  id __typename kind title description status forms emergencyTypes availableFrom availableUntil publishedAt
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

const CASES: Case[] = [
  {
    name: 'the resources list with its relations, fragments and custom scalars',
    query: `query List { resources(first: 50) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { ...R } } } }
      fragment R on Resource { ${RESOURCE} }`,
    path: 'compiled',
  },
  {
    name: 'aliases, @skip and @include on fields, fragments and inline fragments',
    query: `query Toggles($more: Boolean!, $less: Boolean!, $first: Int) {
      a: resources(first: $first) { n: totalCount edges { node { id title @include(if: $more) ...P @skip(if: $less) } } }
      b: resources(first: 2, after: null) { edges { node { ... @include(if: $more) { kind } t: title @skip(if: $more) } } }
      policies(first: 3) { nodes { id title issuedOn publishedAt status } }
    }
    fragment P on Resource { provider { name } capacity @include(if: $more) { unit } }`,
    variables: { more: true, less: false, first: 3 },
    path: 'compiled',
  },
  {
    name: 'the same document, the other way round',
    query: `query Toggles($more: Boolean!, $less: Boolean!, $first: Int) {
      a: resources(first: $first) { n: totalCount edges { node { id title @include(if: $more) ...P @skip(if: $less) } } }
      b: resources(first: 2, after: null) { edges { node { ... @include(if: $more) { kind } t: title @skip(if: $more) } } }
      policies(first: 3) { nodes { id title issuedOn publishedAt status } }
    }
    fragment P on Resource { provider { name } capacity @include(if: $more) { unit } }`,
    variables: { more: false, less: true },
    path: 'memo',
  },
  {
    name: 'literal input objects, enum lists and Date literals; one field selected twice (merged)',
    query: `{
      resources(first: 20, filter: { kinds: [DONATION, CHARITY_PROJECT, GOVERNMENT_PROGRAMME], status: PUBLISHED }) {
        totalCount edges { node { id provider { id } provider { name } serviceAreas { code } title } node { kind } }
      }
      policies(first: 10, filter: { issuedAfter: "2000-01-01", status: PUBLISHED }) { totalCount nodes { id issuedOn } }
    }`,
    path: 'compiled',
  },
  {
    name: 'an anonymous caller asking for cases beside public data: FORBIDDEN or UNAUTHENTICATED, the rest answered',
    query: `{ resources(first: 2) { totalCount } emergencyCases(first: 5) { totalCount } areas(first: 3) { code name } }`,
    path: 'compiled',
  },
  {
    name: 'a caseworker reading cases and households (masked fields)',
    query: `{ emergencyCases(first: 20) { totalCount nodes { id status
      household { id } } } needs(first: 10) { totalCount } }`,
    role: 'CASEWORKER',
    path: 'compiled',
  },
  {
    name: 'a coordinator reading its jurisdiction',
    query: `{ emergencyCases(first: 20) { totalCount } referrals(first: 10) { totalCount } riskRules { __typename } }`,
    role: 'COORDINATOR',
    path: 'compiled',
  },
  {
    name: 'a bad argument (BAD_USER_INPUT) and an id that does not decode',
    query: `{ resources(first: -5) { totalCount } node(id: "not-a-global-id") { id } }`,
    path: 'compiled',
  },
  {
    name: 'an argument out of range',
    query: `query Big($n: Int) { resources(first: $n) { totalCount } }`,
    variables: { n: 100000 },
    path: 'compiled',
  },
  {
    name: 'a node and nodes by id with variables',
    query: `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id __typename } node(id: "UmVzb3VyY2U6MA==") { id } }`,
    variables: { ids: ['UmVzb3VyY2U6MA==', 'garbage'] },
    path: 'compiled',
  },
  {
    name: 'a variable that does not coerce (400, graphql-js words)',
    query: `query Bad($first: Int, $filter: ResourceFilter) { resources(first: $first, filter: $filter) { totalCount } }`,
    variables: { first: 'fifty', filter: { nope: 1 } },
    path: 'fallback',
  },
  {
    name: 'a missing required variable',
    query: `query Missing($id: ID!) { node(id: $id) { id } }`,
    path: 'fallback',
  },
  {
    name: 'introspection',
    query: `{ __schema { queryType { name } } __type(name: "Resource") { name kind fields { name } } }`,
    path: 'fallback',
  },
  {
    name: 'a mutation (graphql-js, serial) on a resource that does not exist',
    query: `mutation { resourcePublish(input: { id: "UmVzb3VyY2U6MA==" }) { __typename userErrors { field message } } }`,
    role: 'COORDINATOR',
    path: 'fallback',
  },
];

let jit: TestHub;
let plain: TestHub;
beforeAll(async () => {
  jit = await startTestHub();
  // The same database, executed by graphql-js.
  plain = await startTestHub({ precompiledQueries: false }, { database: { url: jit.databaseUrl, orm: jit.orm } });
});
afterAll(async () => {
  await plain.hub.close();
  await jit.close();
});

async function ask(t: TestHub, c: Case) {
  const token = c.role ? await t.token(c.role, { area: '310104', sub: `${c.role.toLowerCase()}-1` }) : undefined;
  const response = await t.post(
    { query: c.query, variables: c.variables },
    token ? { authorization: `Bearer ${token}` } : {},
  );
  return { status: response.status, body: response.body };
}

describe('precompiled execution', () => {
  it('is on by default and off with precompiledQueries: false', () => {
    expect(jit.hub.execution).toBeDefined();
    expect(plain.hub.execution).toBeUndefined();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: the same answer as graphql-js', async (_name, c) => {
    const before = { ...jit.hub.execution! };
    const expected = await ask(plain, c);
    // The first time by graphql-js (a document is compiled when it comes back), then compiled, then from the memo.
    for (let i = 0; i < 3; i++) expect(await ask(jit, c)).toEqual(expected);
    const after = jit.hub.execution!;
    if (c.path === 'compiled') {
      expect(after.compiled - before.compiled).toBe(2);
      expect(after.fallback - before.fallback).toBe(1);
    } else if (c.path === 'memo') {
      expect(after.compiled - before.compiled).toBe(3);
      expect(after.fallback - before.fallback).toBe(0);
    } else {
      expect(after.fallback - before.fallback).toBe(3);
      expect(after.compiled - before.compiled).toBe(0);
    }
  });

  it('answers real data and real errors (the comparison is not between two empty answers)', async () => {
    const list = (await ask(jit, CASES[0]!)).body as { data: { resources: { edges: unknown[] } } };
    expect(list.data.resources.edges.length).toBeGreaterThan(0);
    const anonymous = (
      await ask(
        jit,
        CASES.find((c) => c.name.startsWith('an anonymous'))!,
      )
    ).body as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(anonymous.errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const coercion = await ask(
      jit,
      CASES.find((c) => c.name.startsWith('a variable that does not coerce'))!,
    );
    expect(coercion.status).toBe(400);
  });
});
