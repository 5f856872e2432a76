import {
  PolicyCreateDocument,
  PolicyDetailDocument,
  PolicyPublishDocument,
  PolicyRepealDocument,
  SearchPoliciesDocument,
  NodeByIdDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';

let t: TestHub;
let coordinator: string;

beforeAll(async () => {
  t = await startTestHub();
  coordinator = await t.token('COORDINATOR', { area: '310000' });
});
afterAll(() => t.close());

const SEED_TITLE = '关于在本市开展“救急难”工作的实施意见(试行)';

async function search(text: string, token?: string) {
  const { data, errors } = await t.gql(SearchPoliciesDocument, { search: text, first: 10 }, { token });
  expect(errors).toBeUndefined();
  return data!.policies;
}

async function createPolicy(
  input: Partial<{ title: string; docNumber: string | null; body: string; issuers: string[] }> = {},
) {
  const { data, errors } = await t.gql(
    PolicyCreateDocument,
    {
      input: {
        title: input.title ?? '测试政策',
        docNumber: input.docNumber ?? null,
        issuers: input.issuers ?? ['上海市民政局'],
        issuedOn: '2026-01-01',
        isTrial: false,
        body: input.body ?? '一、总则\n本办法用于测试。',
      },
    },
    { token: coordinator },
  );
  expect(errors).toBeUndefined();
  return data!.policyCreate;
}

describe('the seeded policy', () => {
  it('is public, published and parsed into 4 sections with the 6 mechanisms under 工作机制', async () => {
    const list = await search('首问负责制');
    const seed = list.edges.find((e) => e.node.title === SEED_TITLE);
    expect(seed).toBeDefined();
    const { data } = await t.gql(PolicyDetailDocument, { id: seed!.node.id });
    const policy = data!.policy!;
    expect(policy.status).toBe('PUBLISHED');
    expect(policy.issuers).toEqual(['上海市民政局', '上海市财政局']);
    expect(policy.issuedOn).toBe('2017-05-15');
    expect(policy.isTrial).toBe(true);
    expect(policy.sections.map((s) => s.heading)).toEqual(['工作目标', '基本原则', '工作机制', '工作要求']);
    const mechanisms = policy.sections[2]!.children.map((s) => s.heading);
    expect(mechanisms).toEqual([
      '统筹协调机制',
      '预警发现机制',
      '快速响应机制',
      '转介服务机制',
      '信息共享机制',
      '资金保障机制',
    ]);
    expect(policy.body.startsWith('根据《社会救助暂行办法》')).toBe(true);
    expect(policy.citations.map((c) => c.docNumber)).toContain('国发〔2014〕47号');
  });
});

describe('Chinese search', () => {
  it.each([['首问负责制'], ['962200'], ['社会力量 购买服务']])(
    'finds the seed policy for %s with highlights',
    async (text) => {
      const result = await search(text);
      const edge = result.edges.find((e) => e.node.title === SEED_TITLE);
      expect(edge).toBeDefined();
      expect(edge!.highlights.length).toBeGreaterThan(0);
      for (const word of text.split(' ')) {
        expect(edge!.highlights.join('')).toContain(`<em>${word}</em>`);
      }
    },
  );

  it('matches only documents having every word of a multi-word query', async () => {
    const created = await createPolicy({ title: '社会力量参与办法', body: '一、总则\n鼓励社会力量参与。' });
    await t.gql(PolicyPublishDocument, { input: { id: created.policy!.id } }, { token: coordinator });
    const both = await search('社会力量 购买服务');
    expect(both.edges.map((e) => e.node.title)).not.toContain('社会力量参与办法');
    const one = await search('社会力量');
    expect(one.edges.map((e) => e.node.title)).toContain('社会力量参与办法');
  });

  it('returns an empty connection for unrelated words', async () => {
    const result = await search('火箭发动机 量子计算');
    expect(result.totalCount).toBe(0);
    expect(result.edges).toEqual([]);
    expect(result.pageInfo.hasNextPage).toBe(false);
  });
});

describe('the search cache', () => {
  // Statements the request runs (background work — outbox reader, sweepers — shares the pool).
  async function statementsOf(work: () => Promise<unknown>): Promise<number> {
    const knex = t.orm.em.getKnex();
    let count = 0;
    const onQuery = (query: { sql: string }) => {
      if (!/domain_event|skip locked|^(begin|commit|rollback)/i.test(query.sql)) count++;
    };
    knex.on('query', onQuery);
    try {
      await work();
    } finally {
      knex.off('query', onQuery);
    }
    return count;
  }

  it('answers a repeated search, page and policies, without a single statement', async () => {
    const text = '救急难 首问负责制 社会力量';
    const first = await statementsOf(() => search(text));
    expect(first).toBeGreaterThan(0);
    const fewest = Math.min(
      await statementsOf(() => search(text)),
      await statementsOf(() => search(text)),
      await statementsOf(() => search(text)),
    );
    expect(fewest).toBe(0);
    expect((await search(text)).edges.map((e) => e.node.title)).toContain(SEED_TITLE);
  });

  it('drops a cached page, policies included, when one of its policies changes', async () => {
    const created = await createPolicy({ title: '缓存页面测试政策', body: '一、总则\n缓存页面专用词语。' });
    const id = created.policy!.id;
    await t.gql(PolicyPublishDocument, { input: { id } }, { token: coordinator });
    const statusFor = async () =>
      (await search('缓存页面测试政策', coordinator)).edges.find((e) => e.node.id === id)?.node.status;
    expect(await statusFor()).toBe('PUBLISHED');
    expect(await statusFor()).toBe('PUBLISHED'); // now cached
    await t.gql(PolicyRepealDocument, { input: { id, reason: '测试缓存' } }, { token: coordinator });
    expect(await statusFor()).toBe('REPEALED');
    expect((await search('缓存页面测试政策')).edges.map((e) => e.node.id)).not.toContain(id);
  });
});

describe('drafts and publishing', () => {
  it('keeps a draft from the public until it is published', async () => {
    const created = await createPolicy({ title: '临时救助标准调整草案', body: '一、标准\n调整临时救助标准。' });
    expect(created.userErrors).toEqual([]);
    const id = created.policy!.id;
    expect(created.policy!.status).toBe('DRAFT');

    expect((await t.gql(PolicyDetailDocument, { id })).data!.policy).toBeNull();
    expect((await t.gql(NodeByIdDocument, { id })).data!.node).toBeNull();
    expect((await search('临时救助标准调整草案')).edges).toEqual([]);
    const caseworker = await t.token('CASEWORKER', { area: '310101002' });
    expect((await t.gql(PolicyDetailDocument, { id }, { token: caseworker })).data!.policy).toBeNull();
    expect((await t.gql(PolicyDetailDocument, { id }, { token: coordinator })).data!.policy!.status).toBe('DRAFT');

    const published = await t.gql(PolicyPublishDocument, { input: { id } }, { token: coordinator });
    expect(published.data!.policyPublish.userErrors).toEqual([]);
    expect(published.data!.policyPublish.policy!.publishedAt).toBeTruthy();
    expect((await t.gql(PolicyDetailDocument, { id })).data!.policy!.status).toBe('PUBLISHED');
    expect((await search('临时救助标准调整草案')).edges.map((e) => e.node.id)).toContain(id);

    const again = await t.gql(PolicyPublishDocument, { input: { id } }, { token: coordinator });
    expect(again.data!.policyPublish.userErrors[0]!.code).toBe('WRONG_STATE');
  });

  it('repeals a published policy, which then leaves the public view', async () => {
    const created = await createPolicy({ title: '待废止的政策' });
    const id = created.policy!.id;
    await t.gql(PolicyPublishDocument, { input: { id } }, { token: coordinator });
    const blank = await t.gql(PolicyRepealDocument, { input: { id, reason: ' ' } }, { token: coordinator });
    expect(blank.data!.policyRepeal.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['reason'] });
    const repealed = await t.gql(
      PolicyRepealDocument,
      { input: { id, reason: '已被新政策替代' } },
      { token: coordinator },
    );
    expect(repealed.data!.policyRepeal.policy!.status).toBe('REPEALED');
    expect((await t.gql(PolicyDetailDocument, { id })).data!.policy).toBeNull();
  });

  it('links a citation to a policy in the hub when its 文号 matches', async () => {
    const before = await t.gql(PolicyDetailDocument, { docNumber: '国发〔2014〕47号' });
    expect(before.data!.policy).toBeNull();
    const cited = await createPolicy({ title: '国务院关于全面建立临时救助制度的通知', docNumber: '国发〔2014〕47号' });
    await t.gql(PolicyPublishDocument, { input: { id: cited.policy!.id } }, { token: coordinator });
    const seed = (await search('首问负责制')).edges.find((e) => e.node.title === SEED_TITLE)!;
    const { data } = await t.gql(PolicyDetailDocument, { id: seed.node.id });
    const citation = data!.policy!.citations.find((c) => c.docNumber === '国发〔2014〕47号')!;
    expect(citation.policy).toEqual({ id: cited.policy!.id, title: '国务院关于全面建立临时救助制度的通知' });
    expect((await t.gql(PolicyDetailDocument, { docNumber: '国发〔2014〕47号' })).data!.policy!.id).toBe(
      cited.policy!.id,
    );
  });
});

describe('who may write', () => {
  const input = { title: '越权', issuers: ['上海市民政局'], body: '正文' };

  it('refuses the public with UNAUTHENTICATED', async () => {
    const { data, errors } = await t.gql(PolicyCreateDocument, { input });
    expect(data).toBeNull();
    expect(errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it.each(['CHARITY', 'CASEWORKER', 'AUDITOR'] as const)('refuses a %s token with FORBIDDEN', async (role) => {
    const token = await t.token(role, { area: '310101' });
    const { errors } = await t.gql(PolicyCreateDocument, { input }, { token });
    expect(errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('rejects a forged token with 401 UNAUTHENTICATED', async () => {
    const { status, errors } = await t.gql(
      PolicyCreateDocument,
      { input },
      { token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' },
    );
    expect(status).toBe(401);
    expect(errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('input validation', () => {
  it('reports an empty title as INVALID on title, and writes nothing', async () => {
    const result = await createPolicy({ title: '' });
    expect(result.policy).toBeNull();
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['title'] })]);
  });

  it('reports every invalid field with its path', async () => {
    const result = await createPolicy({ title: ' ', issuers: ['上海市民政局', ''], body: '' });
    expect(result.userErrors.map((e) => e.field)).toEqual([['title'], ['issuers', '1'], ['body']]);
  });

  it('reports a reused 文号 as DUPLICATE on docNumber', async () => {
    await createPolicy({ docNumber: '沪民救发〔2026〕1号' });
    const again = await createPolicy({ docNumber: '沪民救发〔2026〕1号' });
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE', field: ['docNumber'] })]);
  });
});
