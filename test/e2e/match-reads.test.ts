import { localId } from '../../src/core/relay';
import { needForMatching } from '../../src/modules/cases/need-queries';
import { FACT_FIELDS } from '../../src/modules/households/household-facts';
import {
  CANDIDATE_COLUMNS,
  candidatesFor,
  toCandidate,
  type CandidateRow,
} from '../../src/modules/resources/resource-candidates';
import {
  CommitmentCreateDocument,
  HouseholdConsentWithdrawDocument,
  MatchReadsDocument,
  MatchReadsResourceUpdateDocument,
  ResourcePauseDocument,
  ResourcePublishDocument,
} from '../generated/graphql';
import {
  castOf,
  expectNoErrors,
  needOf,
  project,
  publishedProject,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';

/*
 * Matching reads its candidates' rows from a per-instance cache keyed by id and row version (xmin):
 * what a match shows must be what the database holds now, and the statements per request stay constant.
 */

let t: TestHub;
let cast: Cast;
let needId: string;
let householdId: string;
const resources: string[] = [];

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.fork().execute<T[]>(query, params);
}

beforeAll(async () => {
  t = await startTestHub();
  cast = await castOf(t);
  for (let i = 0; i < 5; i++) {
    resources.push(
      await publishedProject(
        t,
        cast.charity,
        project(cast.charityOrgId, {
          title: `火灾应急救助金（缓存测试${i}）`,
          capacity: { unit: 'fen', total: 1_000_000 + i },
          eligibilityRules: { fact: 'household.category', op: 'ne', value: 'NONE', label: '困难家庭' },
        }),
      ),
    );
  }
  const found = await verifiedCase(t, cast, { household: { category: 'LOW_INCOME' } });
  householdId = found.householdId;
  needId = await needOf(t, cast.caseworker, {
    caseId: found.caseId,
    form: 'CASH',
    description: '火灾后临时生活费用',
    amountFen: 500_000,
    urgency: 'HIGH',
  });
});
afterAll(() => t.close());

const match = async (first = 100) => {
  const res = await t.gql(MatchReadsDocument, { needId, first }, { token: cast.caseworker });
  expect(res.errors).toBeUndefined();
  return res.data!.matchResources;
};
const ours = async () => {
  const all = await match();
  return resources.map((id) => all.find((m) => m.resource.id === id) ?? null);
};
const update = async (input: Record<string, unknown>) => {
  const res = await t.gql(MatchReadsResourceUpdateDocument, { input: input as never }, { token: cast.charity });
  expectNoErrors(res.data?.resourceUpdate.userErrors, res.errors);
};

describe('matching over cached candidate rows', () => {
  it('answers the same from a warm cache as from a cold one', async () => {
    const cold = await match();
    expect(cold.map((m) => m.resource.id)).toEqual(expect.arrayContaining(resources));
    expect(await match()).toEqual(cold);
    expect(await match()).toEqual(cold);
  });

  it('never serves a stale row: a changed title, capacity or status shows at once', async () => {
    const [first, second] = resources as [string, string];
    await match(); // cached
    await update({ id: first, title: '火灾应急救助金（已改名）', description: '改过的说明。' });
    let [a] = await ours();
    expect(a!.resource.title).toBe('火灾应急救助金（已改名）');
    expect(a!.resource.description).toBe('改过的说明。');

    // Capacity reserved by a commitment (an atomic update of the row): what is left follows at once.
    const committed = await t.gql(
      CommitmentCreateDocument,
      { input: { needId, resourceId: first, amount: 100_000 } },
      { token: cast.caseworker },
    );
    expectNoErrors(committed.data?.commitmentCreate.userErrors, committed.errors);
    [a] = await ours();
    expect(a!.resource.capacity).toEqual({ total: 1_000_000, remaining: 900_000, unit: 'fen' });

    // Less capacity than the need asks for (paused to change it, then published): the engine's reason follows.
    const before = (await ours())[1]!;
    expect(before.resource.capacity).toEqual({ total: 1_000_001, remaining: 1_000_001, unit: 'fen' });
    const pause = await t.gql(ResourcePauseDocument, { input: { id: second } }, { token: cast.charity });
    expectNoErrors(pause.data?.resourcePause.userErrors, pause.errors);
    await update({ id: second, capacity: { unit: 'fen', total: 200_000 } });
    const publish = await t.gql(ResourcePublishDocument, { input: { id: second } }, { token: cast.charity });
    expectNoErrors(publish.data?.resourcePublish.userErrors, publish.errors);
    const after = (await ours())[1]!;
    expect(after.resource.capacity).toEqual({ total: 200_000, remaining: 200_000, unit: 'fen' });
    expect(after.reasons).not.toEqual(before.reasons);
    expect(after.score).toBeLessThan(before.score);

    // Paused: gone from the matches; published again: back, with its status.
    const paused = await t.gql(ResourcePauseDocument, { input: { id: first } }, { token: cast.charity });
    expectNoErrors(paused.data?.resourcePause.userErrors, paused.errors);
    expect((await ours())[0]).toBeNull();
    const again = await t.gql(ResourcePublishDocument, { input: { id: first } }, { token: cast.charity });
    expectNoErrors(again.data?.resourcePublish.userErrors, again.errors);
    [a] = await ours();
    expect(a!.resource).toMatchObject({ status: 'PUBLISHED', title: '火灾应急救助金（已改名）' });
  });

  it('gives the engine exactly the rows a direct read gives, after writes made behind its back', async () => {
    const em = t.orm.em.fork();
    const need = (await needForMatching(em, localId(needId, 'Need')!))!.need;
    await candidatesFor(em, need); // cached
    const third = localId(resources[2]!, 'CharityProject')!;
    // Written with SQL, as another instance would: no event, no hook, only the row's new version.
    await sql(`update resource set title = title || '（直接改）', capacity_remaining = 123 where id = ?`, [third]);
    const { candidates, view } = await candidatesFor(t.orm.em.fork(), need);
    const direct = await sql<CandidateRow>(`select ${CANDIDATE_COLUMNS} from resource where id = any(?::uuid[])`, [
      `{${candidates.map((c) => c.id).join(',')}}`,
    ]);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...candidates].sort(byId)).toEqual(direct.map(toCandidate).sort(byId));
    expect(candidates.find((c) => c.id === third)).toMatchObject({ capacityRemaining: 123 });
    expect(view(third)).toMatchObject({ title: expect.stringMatching(/（直接改）$/), capacityRemaining: 123 });
  });

  it('keeps nothing read inside a transaction: two updates there leave one xmin on both versions', async () => {
    const need = (await needForMatching(t.orm.em.fork(), localId(needId, 'Need')!))!.need;
    const fourth = localId(resources[3]!, 'CharityProject')!;
    await t.orm.em.fork().transactional(async (tx) => {
      await tx.execute(`update resource set title = '事务中间版本' where id = ?`, [fourth]);
      const inside = await candidatesFor(tx, need);
      expect(inside.view(fourth)).toMatchObject({ title: '事务中间版本' });
      await tx.execute(`update resource set title = '事务最终版本' where id = ?`, [fourth]);
    });
    const outside = await candidatesFor(t.orm.em.fork(), need);
    expect(outside.view(fourth)).toMatchObject({ title: '事务最终版本' });
    const [m] = (await ours()).slice(3);
    expect(m!.resource.title).toBe('事务最终版本');
  });
});

describe('statements per match request', () => {
  async function statementsFor(first: number): Promise<{ count: number; sql: string[] }> {
    const knex = t.orm.em.getKnex();
    const seen: string[] = [];
    // Background work shares the pool (the outbox reader, the expiry sweeper): count only the request's.
    const onQuery = (query: { sql: string }) => {
      if (!/domain_event|event_checkpoint|skip locked|^(begin|commit|rollback)/i.test(query.sql)) seen.push(query.sql);
    };
    knex.on('query', onQuery);
    try {
      const matches = await match(first);
      expect(matches.length).toBeGreaterThan(0);
      expect(matches.length).toBeLessThanOrEqual(first);
    } finally {
      knex.off('query', onQuery);
    }
    return { count: seen.length, sql: seen };
  }

  it('runs four once the rows are cached, whatever the number of matches: need, candidates, household, providers', async () => {
    await match(); // warm
    const fewest = async (first: number) => {
      const runs = [await statementsFor(first), await statementsFor(first), await statementsFor(first)];
      return runs.reduce((a, b) => (b.count < a.count ? b : a));
    };
    const one = await fewest(1);
    const many = await fewest(100);
    expect(one.count).toBe(4);
    expect(many.count).toBe(one.count);
    // No statement reads whole resource rows: the candidates' rows and the matches' views come from the cache.
    expect(many.sql.filter((s) => /from resource where id = any/i.test(s))).toEqual([]);
  });

  it('reads the changed rows in one more statement after an update', async () => {
    await match();
    await update({ id: resources[4]!, title: '火灾应急救助金（再次改名）' });
    const { count, sql: statements } = await statementsFor(100);
    expect(count).toBe(5);
    expect(statements.filter((s) => /from resource where id = any/i.test(s))).toHaveLength(1);
  });
});

describe('the household: consent and audited facts in one round trip', () => {
  it('writes one MATCHING read entry per match, with the facts’ fields, as before', async () => {
    const hid = localId(householdId, 'Household')!;
    const entries = () =>
      sql<{ action: string; fields: string[]; purpose: string; actor_subject: string; request_id: string | null }>(
        `select action, fields, purpose, actor_subject, request_id from audit_entry
         where subject_id = ? and purpose = 'MATCHING' order by id`,
        [hid],
      );
    const before = await entries();
    await match();
    const after = await entries();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({
      action: 'READ',
      fields: [...FACT_FIELDS],
      purpose: 'MATCHING',
      actor_subject: expect.stringMatching(/^caseworker/),
      request_id: expect.any(String),
    });
  });

  it('still refuses a household that withdrew its consent, reading and auditing nothing of it', async () => {
    const other = await verifiedCase(t, cast);
    const otherNeed = await needOf(t, cast.caseworker, {
      caseId: other.caseId,
      form: 'CASH',
      description: '生活费用',
      amountFen: 100_000,
      urgency: 'MEDIUM',
    });
    const ask = () => t.gql(MatchReadsDocument, { needId: otherNeed, first: 10 }, { token: cast.caseworker });
    expect((await ask()).errors).toBeUndefined();
    const withdrawn = await t.gql(
      HouseholdConsentWithdrawDocument,
      { input: { householdId: other.householdId, reason: '户主书面撤回同意' } },
      { token: cast.caseworker },
    );
    expectNoErrors(withdrawn.data?.householdConsentWithdraw.userErrors, withdrawn.errors);
    const hid = localId(other.householdId, 'Household')!;
    const reads = async () =>
      (await sql(`select 1 from audit_entry where subject_id = ? and action = 'READ' and purpose = 'MATCHING'`, [hid]))
        .length;
    const before = await reads();
    const refused = await ask();
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONSENT_WITHDRAWN');
    expect(refused.data).toBeNull();
    expect(await reads()).toBe(before);
  });
});
