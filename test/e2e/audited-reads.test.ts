import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  AuditedCaseDocument,
  AuditedHouseholdFileDocument,
  AuditedReferralsDocument,
  AuditedReferralUpdatedDocument,
  AuditEntriesDocument,
  CommitmentCreateDocument,
  ReferralAcceptDocument,
  ReferralCompleteDocument,
} from '../generated/graphql';
import { fromGlobalId } from '../../src/core/relay';
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
import { startTestHub, type TestHub } from '../support/hub';
import { subscribe } from '../support/ws';

// Regression tests for the review's audit finding (issue 13, item 9): reads of case and need descriptions, a
// household's category, registration and consent basis, the aid chain and the audit log itself are audited
// like the personal fields, over HTTP and inside subscriptions, under the request's (checked) id.
// On the old code none of these reads wrote an audit entry.
let t: TestHub;
let cast: Cast;
let ids: { caseId: string; householdId: string; needId: string; referralId: string; recordId: string };
const events: { charity: unknown[]; caseworker: unknown[] } = { charity: [], caseworker: [] };

interface Row {
  actor_role: string;
  subject_type: string;
  subject_id: string;
  fields: string[];
  purpose: string;
  request_id: string | null;
}
const rows = (where: string, params: unknown[]) =>
  t.orm.em
    .fork()
    .execute<
      Row[]
    >(`select actor_role, subject_type, subject_id::text, fields, purpose, request_id from audit_entry where ${where} order by id`, params);
const uuidOf = (globalId: string) => fromGlobalId(globalId)!.id;

/** A GraphQL read with a chosen x-request-id; returns the data. */
async function read<R, V extends Record<string, unknown>>(
  document: TypedDocumentNode<R, V>,
  variables: V,
  token: string,
  requestId: string,
): Promise<R> {
  const { status, body } = await t.post(
    { query: print(document), variables },
    { authorization: `Bearer ${token}`, 'x-request-id': requestId },
  );
  const result = body as { data?: R; errors?: unknown };
  expect({ status, errors: result.errors }).toEqual({ status: 200, errors: undefined });
  return result.data!;
}

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
  cast = await castOf(t);
  const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
  const { caseId, householdId } = await verifiedCase(t, cast);
  const needId = await needOf(t, cast.caseworker, {
    caseId,
    form: 'CASH',
    description: '临时生活费（受灾后一个月）',
    amountFen: 1000,
    urgency: 'HIGH',
  });
  const [charity, caseworker] = await Promise.all([
    subscribe(t.url, AuditedReferralUpdatedDocument, { organizationId: cast.charityOrgId }, cast.charity),
    subscribe(t.url, AuditedReferralUpdatedDocument, {}, cast.caseworker),
  ]);
  try {
    const committed = await t.gql(
      CommitmentCreateDocument,
      { input: { needId, resourceId: fund, amount: 1000 } },
      { token: cast.caseworker },
    );
    expectNoErrors(committed.data?.commitmentCreate.userErrors, committed.errors);
    const referralId = committed.data!.commitmentCreate.commitment!.referral.id;
    const accepted = await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
    expectNoErrors(accepted.data?.referralAccept.userErrors, accepted.errors);
    const input = {
      id: referralId,
      form: 'CASH' as const,
      amountFen: 1000,
      deliveredOn: today(),
      fundSource: '街道专项救助金',
      note: '已当面交付',
    };
    const completed = await t.gql(ReferralCompleteDocument, { input }, { token: cast.charity });
    expectNoErrors(completed.data?.referralComplete.userErrors, completed.errors);
    events.charity = await charity.waitFor(3);
    events.caseworker = await caseworker.waitFor(3);
    const recordId = completed.data!.referralComplete.referral!.assistanceRecord!.id;
    ids = { caseId, householdId, needId, referralId, recordId };
  } finally {
    await Promise.all([charity.close(), caseworker.close()]);
  }
}, 120_000);
afterAll(() => t.close());

describe('casework reads are audited like personal ones', () => {
  it('audits a case description, under the request id the client sent', async () => {
    const data = await read(AuditedCaseDocument, { id: ids.caseId }, cast.caseworker, 'audit-case-1');
    expect(data.node).toMatchObject({ description: expect.stringContaining('起火') });
    expect(await rows('request_id = ?', ['audit-case-1'])).toEqual([
      {
        actor_role: 'CASEWORKER',
        subject_type: 'EmergencyCase',
        subject_id: uuidOf(ids.caseId),
        fields: ['description'],
        purpose: 'CASEWORK',
        request_id: 'audit-case-1',
      },
    ]);
  });

  it('audits category, registration, consent basis and the aid chain of a household (an auditor: supervision)', async () => {
    const data = await read(AuditedHouseholdFileDocument, { id: ids.householdId }, cast.auditor, 'audit-file-1');
    expect(data.node).toMatchObject({ category: 'LOW_INCOME', registration: 'SHANGHAI_HUKOU' });
    const audited = await rows('request_id = ?', ['audit-file-1']);
    expect(audited.map((r) => [r.subject_type, r.subject_id, r.fields, r.purpose])).toEqual(
      expect.arrayContaining([
        ['Household', uuidOf(ids.householdId), ['category', 'consentBasis', 'registration'], 'SUPERVISION'],
        [
          'AssistanceRecord',
          uuidOf(ids.recordId),
          ['amountFen', 'deliveredOn', 'form', 'fundSource', 'note'],
          'SUPERVISION',
        ],
      ]),
    );
    expect(audited).toHaveLength(2);
  });

  it('audits what the provider reads of a referral: the need and its own aid record', async () => {
    const data = await read(AuditedReferralsDocument, { caseId: ids.caseId }, cast.charity, 'audit-referral-1');
    expect(data.referrals.nodes[0]).toMatchObject({
      need: { description: '临时生活费（受灾后一个月）' },
      assistanceRecord: { fundSource: '街道专项救助金' },
    });
    const audited = await rows('request_id = ?', ['audit-referral-1']);
    expect(audited.map((r) => [r.actor_role, r.subject_type, r.fields, r.purpose])).toEqual(
      expect.arrayContaining([
        ['CHARITY', 'Need', ['description'], 'REFERRAL'],
        ['CHARITY', 'AssistanceRecord', ['amountFen', 'fundSource', 'note'], 'REFERRAL'],
      ]),
    );
    expect(audited).toHaveLength(2);
  });

  it('audits reading the audit log: one entry per subject shown', async () => {
    const data = await read(
      AuditEntriesDocument,
      { filter: { subjectId: ids.householdId } },
      cast.coordinator,
      'audit-log-1',
    );
    expect(data.auditEntries.totalCount).toBeGreaterThan(0);
    expect(await rows('request_id = ?', ['audit-log-1'])).toEqual([
      {
        actor_role: 'COORDINATOR',
        subject_type: 'Household',
        subject_id: uuidOf(ids.householdId),
        fields: ['auditEntries'],
        purpose: 'CASEWORK',
        request_id: 'audit-log-1',
      },
    ]);
  });

  it('audits every read inside a subscription, one entry per event, each under its own request id', async () => {
    const needRows = await rows(`subject_type = 'Need' and subject_id = ? and request_id not like 'audit-%'`, [
      uuidOf(ids.needId),
    ]);
    for (const [role, purpose] of [
      ['CHARITY', 'REFERRAL'],
      ['CASEWORKER', 'CASEWORK'],
    ] as const) {
      const mine = needRows.filter((r) => r.actor_role === role);
      // One per event (sent, accepted, completed); the caseworker's own commitmentCreate payload is not selected.
      expect(mine.length).toBeGreaterThanOrEqual(3);
      for (const row of mine) expect(row).toMatchObject({ fields: ['description'], purpose });
      expect(new Set(mine.map((r) => r.request_id)).size).toBe(mine.length);
    }
    // The completed event carries the aid record: audited for both subscribers.
    const aid = await rows(`subject_type = 'AssistanceRecord' and subject_id = ? and request_id not like 'audit-%'`, [
      uuidOf(ids.recordId),
    ]);
    expect(aid.map((r) => r.actor_role)).toEqual(expect.arrayContaining(['CHARITY', 'CASEWORKER']));
    expect(events.charity).toHaveLength(3);
  });

  it('never stores a request id the client made up that is not a plain token: a fresh one is generated', async () => {
    const bad = 'x"; drop table audit_entry; --';
    const { status, body } = await t.post(
      { query: print(AuditedCaseDocument), variables: { id: ids.caseId } },
      { authorization: `Bearer ${cast.caseworker}`, 'x-request-id': bad },
    );
    expect(status).toBe(200);
    expect((body as { errors?: unknown }).errors).toBeUndefined();
    const latest = (await rows(`subject_type = 'EmergencyCase' and subject_id = ?`, [uuidOf(ids.caseId)])).at(-1);
    expect(latest!.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('refuses, in the database, an audit entry whose request id is not a plain token', async () => {
    await expect(
      t.orm.em
        .fork()
        .execute(
          `insert into audit_entry (actor_subject, actor_role, actor_organization_id, action, subject_type, subject_id, fields, purpose, request_id)
           values ('someone', 'COORDINATOR', null, 'READ', 'Household', gen_random_uuid(), '{address}', 'CASEWORK', 'a b')`,
        ),
    ).rejects.toThrow(/request_id/);
  });
});
