import {
  CommitmentCreateDocument,
  ReferralAcceptDocument,
  ReferralCancelDocument,
  ReferralCompleteDocument,
  ReferralDeclineDocument,
} from '../generated/graphql';
import {
  castOf,
  expectNoErrors,
  needOf,
  project,
  publishedProject,
  today,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { fromGlobalId } from '../../src/core/relay';
import { startTestHub, type TestHub } from '../support/hub';

// Every referral step at once on many cases that share one fund (issue 13: the authorization matrix's
// parallel fixtures once got INTERNAL_SERVER_ERROR from referralAccept under load).
let t: TestHub;
let cast: Cast;
let fund: string;
const CASES = 8;
const AMOUNT = 1_000;

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
  cast = await castOf(t);
  fund = await publishedProject(
    t,
    cast.charity,
    project(cast.charityOrgId, { capacity: { unit: 'fen', total: 10 ** 8 } }),
  );
}, 60_000);
afterAll(() => t.close());

const need = (caseId: string) =>
  needOf(t, cast.caseworker, { caseId, form: 'CASH', description: '临时生活费', amountFen: AMOUNT, urgency: 'HIGH' });

async function commit(needId: string) {
  const r = await t.gql(
    CommitmentCreateDocument,
    { input: { needId, resourceId: fund, amount: AMOUNT } },
    { token: cast.caseworker },
  );
  return {
    errors: r.errors,
    userErrors: r.data?.commitmentCreate.userErrors ?? [],
    id: r.data?.commitmentCreate.commitment?.referral.id,
  };
}
const accept = async (id: string) => {
  const r = await t.gql(ReferralAcceptDocument, { input: { id } }, { token: cast.charity });
  return { errors: r.errors, userErrors: r.data?.referralAccept.userErrors ?? [] };
};
const complete = async (id: string) => {
  const r = await t.gql(
    ReferralCompleteDocument,
    { input: { id, form: 'CASH', amountFen: AMOUNT / 2, deliveredOn: today() } },
    { token: cast.charity },
  );
  return { errors: r.errors, userErrors: r.data?.referralComplete.userErrors ?? [] };
};
const decline = async (id: string) => {
  const r = await t.gql(ReferralDeclineDocument, { input: { id, reason: '名额已满' } }, { token: cast.charity });
  return { errors: r.errors, userErrors: r.data?.referralDecline.userErrors ?? [] };
};
const cancel = async (id: string) => {
  const r = await t.gql(ReferralCancelDocument, { input: { id, reason: '已获其他救助' } }, { token: cast.caseworker });
  return { errors: r.errors, userErrors: r.data?.referralCancel.userErrors ?? [] };
};

/** Waits until some backend of the hub's database waits for the outbox lock (advisory 7315002). */
async function untilWaitingForOutbox(): Promise<void> {
  for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const [row] = await t.orm.em
      .fork()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = 7315002 and not granted`,
      );
    if (row!.n > 0) return;
  }
  throw new Error('no transaction came to wait for the outbox lock');
}

describe('a transaction aborted to break a deadlock', () => {
  // Fails on the code before: referralComplete answered INTERNAL_SERVER_ERROR (40P01, deadlock detected).
  it('is run again: the referral completes, once', async () => {
    const { caseId } = await verifiedCase(t, cast);
    const { id: referralId } = await commit(await need(caseId));
    expectNoErrors((await accept(referralId!)).userErrors, undefined);
    // Another transaction holds the outbox lock, then wants the case the completion has locked: PostgreSQL
    // aborts the completion (the one that waited first) to break the cycle.
    const other = await t.orm.em.getConnection().getKnex().transaction();
    try {
      await other.raw('select pg_advisory_xact_lock(7315002)');
      const completing = complete(referralId!);
      await untilWaitingForOutbox();
      await other.raw('select id from emergency_case where id = ? for update', [fromGlobalId(caseId)!.id]);
      await other.commit();
      const result = await completing;
      expect({ errors: result.errors, userErrors: result.userErrors }).toEqual({ errors: undefined, userErrors: [] });
    } catch (error) {
      await other.rollback().catch(() => undefined);
      throw error;
    }
    const [row] = await t.orm.em
      .fork()
      .execute<{ n: number }[]>(`select count(*)::int as n from assistance_record where referral_id = ?`, [
        fromGlobalId(referralId!)!.id,
      ]);
    expect(row!.n).toBe(1);
  }, 60_000);
});

describe('referral steps at once on one shared fund', () => {
  it('never fails with an internal error: accepts, completions, declines, cancellations and commitments across cases', async () => {
    // Per case: one referral sent, one accepted, one sent to decline, one sent to cancel, and needs to commit.
    const cases = await Promise.all(
      Array.from({ length: CASES }, async () => {
        const { caseId } = await verifiedCase(t, cast);
        const needs = [];
        for (let i = 0; i < 7; i++) needs.push(await need(caseId));
        const sent = (await commit(needs[0]!)).id!;
        const accepted = (await commit(needs[1]!)).id!;
        expectNoErrors((await accept(accepted)).userErrors, undefined);
        const toDecline = (await commit(needs[2]!)).id!;
        const toCancel = (await commit(needs[3]!)).id!;
        return { sent, accepted, toDecline, toCancel, fresh: needs.slice(4) };
      }),
    );
    const results = await Promise.all(
      cases.flatMap((c) => [
        accept(c.sent),
        complete(c.accepted),
        decline(c.toDecline),
        cancel(c.toCancel),
        ...c.fresh.map(commit),
      ]),
    );
    const failed = results.filter((r) => r.errors || r.userErrors.length > 0);
    expect(failed).toEqual([]);
  }, 300_000);
});
