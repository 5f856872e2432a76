import { createHash } from 'node:crypto';
import {
  EmergencyReportDocument,
  OrganizationsDocument,
  PolicyCreateDocument,
  ReferralsDocument,
  ResourcePublishedDocument,
  SearchPoliciesDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { subscribe } from '../support/ws';

let t: TestHub;
let coordinator: string;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 1000 });
  coordinator = await t.token('COORDINATOR', { area: '310000', sub: 'hygiene-coordinator' });
});
afterAll(() => t.close());

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function report(overrides: Record<string, unknown> = {}) {
  return {
    emergencyType: 'FIRE' as const,
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    areaCode: '310101002',
    description: '居民家中起火。',
    channel: 'HOTLINE' as const,
    idempotencyKey: `hygiene-${Math.random()}`,
    ...overrides,
  };
}

describe('input hygiene: one rule for every string', () => {
  it('refuses a NUL in a policy title with BAD_USER_INPUT naming the field (was INTERNAL_SERVER_ERROR)', async () => {
    const res = await t.gql(
      PolicyCreateDocument,
      { input: { title: '测试\u0000政策', issuers: ['上海市民政局'], body: '一、总则\n正文。' } },
      { token: coordinator },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.title' });
    const count = await t.orm.em
      .fork()
      .getConnection()
      .execute(`select count(*)::int as n from policy where title like '测试%'`);
    expect(count[0].n).toBe(0);
  });

  it('refuses control characters in a report’s description and writes no case', async () => {
    for (const bad of ['起火\u0000', '起火\u0007', '\u001b[31m', '\ud800']) {
      const key = `hygiene-nul-${bad.charCodeAt(bad.length - 1)}`;
      const res = await t.gql(EmergencyReportDocument, { input: report({ description: bad, idempotencyKey: key }) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.description' });
      const rows = await t.orm.em
        .fork()
        .getConnection()
        .execute(`select count(*)::int as n from emergency_case where idempotency_key = ?`, [key]);
      expect(rows[0].n).toBe(0);
    }
    // Line breaks and tabs are text, not control characters.
    const ok = await t.gql(EmergencyReportDocument, { input: report({ description: '第一行\n第二行\t完' }) });
    expect(ok.data?.emergencyReport.emergencyCase).not.toBeNull();
  });

  it('refuses a NUL in an organisation search, inline or through a variable', async () => {
    const viaVariable = await t.gql(OrganizationsDocument, { search: '基金\u0000会' });
    expect(viaVariable.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'search' });
    const inline = await t.post({ query: '{ organizations(search: "a\\u0000b") { totalCount } }' });
    expect(inline.status).toBe(400);
    expect(inline.text).toContain('BAD_USER_INPUT');
    expect(inline.text).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('refuses a 100,000-character search with a clear error, not a fault or a timeout', async () => {
    const res = await t.gql(SearchPoliciesDocument, { search: '救助'.repeat(50_000) });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'search' });
    expect(res.errors?.[0]?.message).toContain('200');
    const fine = await t.gql(SearchPoliciesDocument, { search: '救'.repeat(200) });
    expect(fine.errors).toBeUndefined();
  });

  it('refuses a control character inside a JSON value and in a JSON key', async () => {
    for (const rule of [{ fact: 'household.category', op: 'eq', value: 'x\u0000' }, { ['a\u0000']: 1 }]) {
      const res = await t.post(
        {
          query: `mutation($e: JSON) { charityProjectCreate(input: { title: "t", description: "d", forms: [CASH],
            emergencyTypes: [FIRE], serviceAreaCodes: ["310000"], providerId: "x", eligibilityRules: $e }) { userErrors { code } } }`,
          variables: { e: rule },
        },
        { authorization: `Bearer ${coordinator}` },
      );
      expect(res.text).not.toContain('INTERNAL_SERVER_ERROR');
      expect(res.status).toBe(400);
    }
  });
});

describe('malformed requests are the client’s mistake', () => {
  it('answers 400 to a malformed percent-encoding under /hsds (was 500)', async () => {
    const base = t.url.replace('/graphql', '');
    for (const path of ['/hsds/services/%E0%A4%A', '/hsds/services/%', '/hsds/services/%zz']) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    }
  });

  it('answers a subscription sent over HTTP POST with 400 BAD_USER_INPUT (was INTERNAL_SERVER_ERROR)', async () => {
    const res = await t.post({ query: 'subscription { resourcePublished { cursor } }' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('INTERNAL_SERVER_ERROR');
    expect((res.body as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('answers a persisted query whose hash does not match with 400 (was INTERNAL_SERVER_ERROR)', async () => {
    const query = '{ areas { code } }';
    const wrong = createHash('sha256').update('something else').digest('hex');
    const res = await t.post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('INTERNAL_SERVER_ERROR');
    const right = createHash('sha256').update(query).digest('hex');
    const ok = await t.post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: right } } });
    expect(ok.status).toBe(200);
    const byHash = await t.post({ extensions: { persistedQuery: { version: 1, sha256Hash: right } } });
    expect(byHash.body).toEqual({ data: { areas: [{ code: '310000' }] } });
  });
});

describe('keyset cursors are decoded and checked against the sort keys', () => {
  it('refuses a crafted cursor such as base64 of ["x","y"] with BAD_USER_INPUT (reached SQL before)', async () => {
    const crafted = [b64('["x","y"]'), b64('[1]'), b64('[{},[]]'), b64('["2024-01-01T00:00:00.000Z","not-a-uuid"]')];
    for (const after of crafted) {
      const referrals = await t.gql(ReferralsDocument, { after }, { token: coordinator });
      expect([after, referrals.errors?.[0]?.extensions?.code]).toEqual([after, 'BAD_USER_INPUT']);
      const organizations = await t.gql(OrganizationsDocument, { after: b64('[1,2]') });
      expect(organizations.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('still follows a cursor the hub handed out', async () => {
    const first = await t.gql(OrganizationsDocument, { first: 3 });
    const after = first.data!.organizations.pageInfo.endCursor!;
    const next = await t.gql(OrganizationsDocument, { first: 3, after });
    expect(next.errors).toBeUndefined();
    expect(next.data!.organizations.nodes[0]!.name > first.data!.organizations.nodes[2]!.name).toBe(true);
  });
});

describe('over WebSocket too', () => {
  it('refuses a control character in a subscription’s arguments with BAD_USER_INPUT', async () => {
    const sub = await subscribe(t.url, ResourcePublishedDocument, { filter: { areaCode: '3101\u0000' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(sub.errors)).toContain('BAD_USER_INPUT');
    await sub.close();
  });

  it('answers variables of the wrong type with BAD_USER_INPUT, not a fault (found by the fuzz suite)', async () => {
    const sub = await subscribe(t.url, ResourcePublishedDocument, {
      filter: { forms: [null, 'NOT_A_FORM'] } as never,
    });
    await new Promise((r) => setTimeout(r, 300));
    const text = JSON.stringify(sub.errors);
    expect(text).toContain('BAD_USER_INPUT');
    expect(text).not.toContain('INTERNAL_SERVER_ERROR');
    await sub.close();
  });
});
