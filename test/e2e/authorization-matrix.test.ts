import type { ResultOf, TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AssistanceAcknowledgeDocument,
  AssistanceRecordsDocument,
  AuditEntriesDocument,
  AuthzAidDocument,
  AuthzHouseholdFileDocument,
  AuthzMatchFoundDocument,
  AuthzNodeDocument,
  AuthzReferralFileDocument,
  AuthzReferralsDocument,
  AuthzReferralUpdatedDocument,
  AuthzReferralUpdatedFileDocument,
  CaseCloseDocument,
  CaseExpediteDocument,
  CaseVerifyDocument,
  CommitmentCreateDocument,
  EmergencyCaseAcceptDocument,
  EmergencyCasesDocument,
  EmergencyReportDocument,
  HouseholdContactDocument,
  HouseholdCreateIdDocument,
  MatchResourcesDocument,
  NeedCreateDocument,
  NeedCancelDocument,
  NeedEscalateDocument,
  NeedsDocument,
  OrganizationCreateDocument,
  ReferralAcceptDocument,
  ReferralCancelDocument,
  ReferralCompleteDocument,
  ReferralDeclineDocument,
  ReferralStartDocument,
  type EmergencyReportInput,
  type NeedCreateInput,
} from '../generated/graphql';
import {
  castOf,
  expectNoErrors,
  household,
  issuedIdNumbers,
  needOf,
  project,
  publishedProject,
  STREET,
  today,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';
import { subscribe } from '../support/ws';

/**
 * Who may do what in casework: every operation against every role, one `it` per cell. Mutations
 * and subscriptions run against fixtures built up front (see `fixtureOf`); the reads share one
 * case, built last so that it is the newest.
 *
 * Outcomes:
 *   ok          succeeded: no userErrors; a read or subscription that includes the fixture's item;
 *               a household read in full
 *   hidden      the call succeeds, but the fixture's item is not in it (another jurisdiction or organisation)
 *   NOT_FOUND   a NOT_FOUND userError, or node(id) → null
 *   UNAUTHENTICATED, FORBIDDEN   a thrown error's extensions.code (subscriptions: the error the client receives)
 *   contact     household read: names, phones and the address only (the provider of an active referral)
 *   masked      household read: everything, ID numbers masked (an auditor)
 *   withheld    the item is there, but the field asked for is null (the viewer may not see it)
 *
 * The reads' case has aid from two providers: the charity's, and earlier aid of the same form from a
 * third provider (so the charity's record is flagged as its duplicate). Staff of the area see the
 * whole chain; a provider sees its own record only, never another provider's (amounts, fund, notes).
 */
const ROLES = ['public', 'otherCharity', 'charity', 'caseworker', 'outsider', 'coordinator', 'auditor'] as const;
type RoleName = (typeof ROLES)[number];
const [ok, hidden, U, F, N] = ['ok', 'hidden', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] as const;

// prettier-ignore
const MATRIX = {
  //                            public  otherCharity  charity    caseworker  outsider  coordinator  auditor
  householdCreate:             [U,      F,            F,         ok,         F,        ok,          F],
  // node(id) answers the public too (it serves policies and resources): a hidden node is null, not UNAUTHENTICATED.
  householdRead:               [N,      N,            'contact', ok,         N,        ok,          'masked'],
  emergencyReport:             [ok,     ok,           ok,        ok,         ok,       ok,          ok],
  emergencyCaseAccept:         [U,      F,            F,         ok,         F,        ok,          F],
  // FIXED (src/modules/cases/case.service.ts): the outsider got a NOT_FOUND userError on householdId,
  // as the household was looked up before the case guard ran.
  emergencyCaseVerify:         [U,      F,            F,         ok,         F,        ok,          F],
  emergencyCaseExpedite:       [U,      F,            F,         ok,         F,        ok,          F],
  emergencyCaseClose:          [U,      F,            F,         ok,         F,        ok,          F],
  emergencyCases:              [U,      F,            F,         ok,         hidden,   ok,          ok],
  needCreate:                  [U,      F,            F,         ok,         F,        ok,          F],
  needEscalate:                [U,      F,            F,         ok,         F,        ok,          F],
  needCancel:                  [U,      F,            F,         ok,         F,        ok,          F],
  needs:                       [U,      F,            F,         ok,         hidden,   ok,          ok],
  matchResources:              [U,      F,            F,         ok,         F,        ok,          ok],
  commitmentCreate:            [U,      F,            F,         ok,         F,        ok,          F],
  referrals:                   [U,      hidden,       ok,        ok,         hidden,   ok,          ok],
  // Only the provider it was sent to answers a referral (DESIGN: a charity "answers referrals sent to it"):
  // staff who see it are FORBIDDEN; whoever cannot see it gets NOT_FOUND. QUESTION (see report): the outsider
  // gets NOT_FOUND here, where any step on a case of another district is FORBIDDEN.
  referralAccept:              [U,      N,            ok,        F,          N,        F,           F],
  referralStart:               [U,      N,            ok,        F,          N,        F,           F],
  referralDecline:             [U,      N,            ok,        F,          N,        F,           F],
  referralComplete:            [U,      N,            ok,        F,          N,        F,           F],
  // FIXED (src/modules/referrals/referral.service.ts): the outsider got NOT_FOUND from a visibility check
  // made before the case guard.
  referralCancel:              [U,      F,            F,         ok,         F,        ok,          F],
  assistanceRecords:           [U,      F,            F,         ok,         hidden,   ok,          ok],
  assistanceRecordAcknowledge: [U,      F,            F,         F,          F,        ok,          F],
  // The aid chain, field by field (FIXED: duplicateOf and Referral.assistanceRecord had no visibility
  // check — the charity read the third provider's earlier aid through its own record's duplicateOf).
  aidRecord:                   [U,      hidden,       ok,        ok,         hidden,   ok,          ok],
  aidDuplicateOf:              [U,      hidden,       'withheld', ok,        hidden,   ok,          ok],
  aidRecordNode:               [N,      N,            N,         ok,         N,        ok,          ok],
  aidChain:                    [N,      N,            'withheld', ok,        N,        ok,          ok],
  // The referral's household: contact details while the referral is active, nothing once it is done.
  referralHousehold:           [U,      hidden,       'contact', ok,         hidden,   ok,          'masked'],
  referralHouseholdAfter:      [U,      hidden,       N,         ok,         hidden,   ok,          'masked'],
  caseDescription:             [N,      N,            N,         ok,         N,        ok,          ok],
  referralCaseDescription:     [U,      hidden,       'withheld', ok,        hidden,   ok,          ok],
  // The need a referral answers: its provider reads what is needed, during and after (each read audited).
  needDescription:             [U,      hidden,       ok,        ok,         hidden,   ok,          ok],
  needDescriptionAfter:        [U,      hidden,       ok,        ok,         hidden,   ok,          ok],
  // The household's file (category, registration, consent basis): casework and supervision only.
  householdFile:               [N,      N,            F,         ok,         N,        ok,          ok],
  referralHouseholdFile:       [U,      hidden,       F,         ok,         hidden,   ok,          ok],
  auditEntries:                [U,      F,            F,         F,          F,        ok,          ok],
  // API.md: matchFound goes to the caseworkers and coordinators whose jurisdiction holds the need.
  matchFound:                  [U,      F,            F,         ok,         F,        ok,          F],
  // (organizationId: the provider's) its own organisation, or staff: filtered to their jurisdiction.
  referralUpdated:             [U,      F,            ok,        ok,         hidden,   ok,          ok],
  // The same, field by field, in the event of a referral sent (during) and of one completed (after).
  referralUpdatedHousehold:    [U,      F,            'contact', ok,         hidden,   ok,          'masked'],
  referralUpdatedNeed:         [U,      F,            ok,        ok,         hidden,   ok,          ok],
  referralUpdatedCase:         [U,      F,            'withheld', ok,        hidden,   ok,          ok],
  referralUpdatedFile:         [U,      F,            F,         ok,         hidden,   ok,          ok],
  referralUpdatedAfter:        [U,      F,            N,         ok,         hidden,   ok,          'masked'],
  referralUpdatedAid:          [U,      F,            ok,        ok,         hidden,   ok,          ok],
} satisfies Record<string, readonly string[]>;
type Operation = keyof typeof MATRIX;
const CELLS = (Object.keys(MATRIX) as Operation[]).flatMap((op) =>
  ROLES.map((role, i) => ({ op, role, expected: MATRIX[op][i] as string })),
);
type Cell = (typeof CELLS)[number];
const nameOf = (c: { op: string; role: string }) => `${c.op} as ${c.role}`;
/**
 * A cell expected to succeed gets a fixture of its own; the refused cells of an operation share one
 * (a refused cell that wrongly succeeds fails, and so, noisily, may the refused cells after it).
 */
const fixtureOf = (c: Cell) => (c.expected === ok ? nameOf(c) : `${c.op}, refused`);

const AMOUNT = 1_000; // fen, per need and per commitment
const HOUSEHOLD = household();
// Every household of the fixtures is a different family (ID numbers are unique in the city): the
// ID numbers to look for are all those handed out, read when the check runs.
const personal = () => [HOUSEHOLD.address, ...HOUSEHOLD.members.flatMap((m) => [m.name, m.phone]), ...issuedIdNumbers];

let t: TestHub;
let cast: Cast;
let fund: string;
let read: {
  caseId: string;
  householdId: string;
  needId: string;
  referralId: string;
  recordId: string;
  metReferralId: string;
  earlierRecordId: string;
};
/** What the third provider wrote on its record: must reach no other provider. */
const THIRD_AID = { fundSource: `第三方专项基金-${process.pid}`, note: `第三方救助备注-${process.pid}` };
const charitySaw: string[] = [];
const fixtures = new Map<string, unknown>();
const exposed = new Map<string, string[]>(); // cell → every response text the public or an unrelated charity got

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
  cast = await castOf(t);
  const large = project(cast.charityOrgId, { capacity: { unit: 'fen', total: 10 ** 8 } });
  fund = await publishedProject(t, cast.charity, large);
  // The fixtures, eight at a time.
  const wanted = [...new Map(CELLS.map((c) => [fixtureOf(c), c.op]))];
  const build = async () => {
    for (let next = wanted.shift(); next; next = wanted.shift())
      fixtures.set(next[0], await OPERATIONS[next[1]].fixture());
  };
  await Promise.all(Array.from({ length: 8 }, build));
  // The reads' case: one need's referral delivered (an aid record), the other's still SENT (so its
  // provider may see the household's contact details).
  const third = await thirdProvider();
  const c = await verifiedCase(t, cast);
  const [active, met] = await twoNeeds(c.caseId);
  const earlierNeed = await needOf(t, cast.caseworker, cashNeed(c.caseId));
  const earlier = await deliver(await acceptReferral(await commit(earlierNeed, third.fund), third.token), {
    token: third.token,
    ...THIRD_AID,
  });
  const referralId = await commit(active);
  const metReferralId = await acceptReferral(await commit(met));
  const record = await deliver(metReferralId);
  // (The charity's own record does not show it the earlier one: staff check duplicateOf in the matrix.)
  read = { ...c, needId: active, referralId, recordId: record.id, metReferralId, earlierRecordId: earlier.id };
}, 180_000);
afterAll(() => t.close());

// ---- fixtures ---------------------------------------------------------------------------------

let serial = 0;
const report = (): EmergencyReportInput => ({
  emergencyType: 'FIRE',
  occurredAt: new Date(Date.now() - 3600_000).toISOString(),
  areaCode: STREET,
  description: '居民家中起火，房屋受损。',
  channel: 'HOTLINE',
  idempotencyKey: `authz-${process.pid}-${serial++}`,
});
const cashNeed = (caseId: string): NeedCreateInput => ({
  caseId,
  form: 'CASH',
  description: '临时生活费',
  amountFen: AMOUNT,
  urgency: 'HIGH',
});
const delivery = (id: string) => ({ id, form: 'CASH' as const, amountFen: AMOUNT, deliveredOn: today() });

/** A fixture step that must succeed; returns its payload. */
async function step<R, V extends Record<string, unknown>, P extends { userErrors: unknown[] }>(
  token: string | undefined,
  document: TypedDocumentNode<R, V>,
  variables: V,
  pick: (data: R) => P,
): Promise<P> {
  const { data, errors } = await t.gql(document, variables, { token });
  const payload = data ? pick(data) : undefined;
  expectNoErrors(payload?.userErrors, errors);
  return payload!;
}

const reportedCase = async () =>
  (await step(undefined, EmergencyReportDocument, { input: report() }, (d) => d.emergencyReport)).emergencyCase!.id;
async function acceptedCase(): Promise<string> {
  const id = await reportedCase();
  await step(cast.caseworker, EmergencyCaseAcceptDocument, { input: { id } }, (d) => d.emergencyCaseAccept);
  return id;
}
const newHousehold = async () =>
  (await step(cast.caseworker, HouseholdCreateIdDocument, { input: household() }, (d) => d.householdCreate)).household!
    .id;
const twoNeeds = async (caseId: string) =>
  [await needOf(t, cast.caseworker, cashNeed(caseId)), await needOf(t, cast.caseworker, cashNeed(caseId))] as const;
async function openNeed() {
  const c = await verifiedCase(t, cast);
  return { ...c, needId: await needOf(t, cast.caseworker, cashNeed(c.caseId)) };
}
const commitment = (needId: string, resourceId = fund) => ({ needId, resourceId, amount: AMOUNT });
async function commit(needId: string, resourceId = fund): Promise<string> {
  const input = commitment(needId, resourceId);
  return (await step(cast.caseworker, CommitmentCreateDocument, { input }, (d) => d.commitmentCreate)).commitment!
    .referral.id;
}
const sentReferral = async () => commit((await openNeed()).needId);
async function acceptReferral(id: string, token = cast.charity): Promise<string> {
  await step(token, ReferralAcceptDocument, { input: { id } }, (d) => d.referralAccept);
  return id;
}
async function deliver(id: string, options: { token?: string; fundSource?: string; note?: string } = {}) {
  const { token = cast.charity, ...extra } = options;
  const input = { ...delivery(id), ...extra };
  return (await step(token, ReferralCompleteDocument, { input }, (d) => d.referralComplete)).referral!
    .assistanceRecord!;
}
/** A third provider (not one of the seven viewers) with a fund of its own. */
async function thirdProvider() {
  const created = await t.gql(
    OrganizationCreateDocument,
    { input: { name: `第三方救助基金会-${process.pid}-${Date.now()}`, kind: 'FOUNDATION', areaCode: STREET } },
    { token: cast.coordinator },
  );
  const orgId = created.data!.organizationCreate.organization!.id;
  const token = await t.token('CHARITY', { org: orgId, area: STREET, sub: `third-provider-${process.pid}` });
  return {
    token,
    fund: await publishedProject(t, token, project(orgId, { capacity: { unit: 'fen', total: 10 ** 7 } })),
  };
}
async function deliverThrough(needId: string): Promise<string> {
  const id = await acceptReferral(await commit(needId));
  await deliver(id);
  return id;
}
async function assistedCase(): Promise<string> {
  const { caseId, needId } = await openNeed();
  await deliver(await acceptReferral(await commit(needId)));
  return caseId;
}
/** Two cash deliveries for one fire to one household: the second is flagged as duplicate aid. */
async function duplicateRecord(): Promise<string> {
  const [first, second] = await twoNeeds((await verifiedCase(t, cast)).caseId);
  await deliver(await acceptReferral(await commit(first)));
  const record = await deliver(await acceptReferral(await commit(second)));
  expect(record.duplicateOf).not.toBeNull();
  return record.id;
}
async function publishedFor(needId: string): Promise<string> {
  await publishedProject(t, cast.charity, project(cast.charityOrgId));
  return needId;
}

// ---- one cell's call, judged ---------------------------------------------------------------------

const tokenOf = (role: RoleName) => (role === 'public' ? undefined : cast[role]);
const watched = (role: RoleName) => role === 'public' || role === 'otherCharity';
let cell = ''; // the running cell's name
const expose = (role: RoleName, text: string) =>
  watched(role) && exposed.set(cell, [...(exposed.get(cell) ?? []), text]);

type Judged = string | { userErrors: { code: string }[] };
/** Runs the operation as the role: a thrown error's code, else the judged data (a payload: its first userError's code, or ok). */
async function ask<R, V extends Record<string, unknown>>(
  role: RoleName,
  document: TypedDocumentNode<R, V>,
  variables: V,
  judge: (data: R) => Judged,
) {
  const result = await t.gql(document, variables, { token: tokenOf(role) });
  expose(role, JSON.stringify(result));
  if (role === 'charity') charitySaw.push(JSON.stringify(result));
  if (result.errors?.length) return String(result.errors[0]!.extensions?.code);
  const judged = judge(result.data!);
  return typeof judged === 'string' ? judged : (judged.userErrors[0]?.code ?? ok);
}
const listed = (nodes: { id: string }[], id: string) => (nodes.some((n) => n.id === id) ? ok : hidden);
/** One field of a listed item: hidden when the item is not listed, withheld when the field is null. */
function fieldOf<T extends { id: string }>(nodes: T[], id: string, pick: (node: T) => unknown): string {
  const node = nodes.find((n) => n.id === id);
  if (!node) return hidden;
  return pick(node) == null ? 'withheld' : ok;
}
type Seen = { address: string | null; members: { name: string | null; idNumber: string | null }[] } | null;
function seen(node: Seen): string {
  if (!node) return N;
  const head = node.members[0]!;
  if (head.idNumber) return issuedIdNumbers.includes(head.idNumber) ? ok : 'masked';
  return head.name && node.address ? 'contact' : 'nothing personal';
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; !condition(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) return false;
  return true;
}

/**
 * Subscribes as the role and as a control (the city coordinator), fires the event, waits until the
 * control has it, then judges what the role got: the code of the error it received, or whether the event came.
 */
async function watch<R, V extends Record<string, unknown>>(
  role: RoleName,
  document: TypedDocumentNode<R, V>,
  variables: V,
  idOf: (event: R) => string,
  fire: () => Promise<string>,
  inspect?: (received: R[]) => void,
): Promise<string> {
  const [control, sub] = await Promise.all([
    subscribe(t.url, document, variables, cast.coordinator),
    subscribe(t.url, document, variables, tokenOf(role)),
  ]);
  try {
    const id = await fire();
    if (!(await until(() => control.received.some((e) => idOf(e) === id), 10_000)))
      throw new Error('the control never got the event');
    await until(() => sub.errors.length > 0 || sub.received.some((e) => idOf(e) === id), 1_000);
    expose(role, JSON.stringify({ received: sub.received, errors: sub.errors }));
    if (role === 'charity') charitySaw.push(JSON.stringify(sub.received));
    inspect?.(sub.received);
    if (sub.errors.length > 0) return String((sub.errors[0] as { extensions?: { code?: unknown } }).extensions?.code);
    return sub.received.some((e) => idOf(e) === id) ? ok : hidden;
  } finally {
    await Promise.all([control.close(), sub.close()]);
  }
}

/** As `watch`, judging what the role received of the event: `judge` of it, hidden when it did not come. */
async function watchField<R, V extends Record<string, unknown>>(
  role: RoleName,
  document: TypedDocumentNode<R, V>,
  variables: V,
  idOf: (event: R) => string,
  fire: () => Promise<string>,
  judge: (event: R) => string,
): Promise<string> {
  let firedId = '';
  let got: R | undefined;
  const outcome = await watch(
    role,
    document,
    variables,
    idOf,
    async () => {
      firedId = await fire();
      return firedId;
    },
    (received) => {
      got = received.find((e) => idOf(e) === firedId);
    },
  );
  return outcome === ok && got !== undefined ? judge(got) : outcome;
}

// ---- the operations ------------------------------------------------------------------------------

type Runner = { fixture: () => Promise<unknown>; run: (role: RoleName, fixture: never) => Promise<string> };
/** A mutation or subscription, run on a fixture (see `fixtureOf`). */
const mutation = <T>(fixture: () => Promise<T>, run: (role: RoleName, fixture: T) => Promise<string>) => ({
  fixture,
  run,
});
/** A read of the reads' case. */
const query = (run: (role: RoleName) => Promise<string>) => ({ fixture: () => Promise.resolve(), run });

const OPERATIONS: Record<Operation, Runner> = {
  householdCreate: query((role) =>
    ask(role, HouseholdCreateIdDocument, { input: household() }, (d) => d.householdCreate),
  ),
  householdRead: query((role) =>
    ask(role, HouseholdContactDocument, { id: read.householdId }, (d) => seen(d.node as Seen)),
  ),
  emergencyReport: query((role) => ask(role, EmergencyReportDocument, { input: report() }, (d) => d.emergencyReport)),
  emergencyCaseAccept: mutation(reportedCase, (role, id) =>
    ask(role, EmergencyCaseAcceptDocument, { input: { id } }, (d) => d.emergencyCaseAccept),
  ),
  emergencyCaseVerify: mutation(
    async () => ({ id: await acceptedCase(), householdId: await newHousehold(), verified: true }),
    (role, input) => ask(role, CaseVerifyDocument, { input }, (d) => d.emergencyCaseVerify),
  ),
  emergencyCaseExpedite: mutation(acceptedCase, (role, id) =>
    ask(role, CaseExpediteDocument, { input: { id, note: '情况紧急，先行救助' } }, (d) => d.emergencyCaseExpedite),
  ),
  emergencyCaseClose: mutation(assistedCase, (role, id) =>
    ask(role, CaseCloseDocument, { input: { id } }, (d) => d.emergencyCaseClose),
  ),
  emergencyCases: query((role) =>
    ask(role, EmergencyCasesDocument, { first: 100 }, (d) => listed(d.emergencyCases.nodes, read.caseId)),
  ),
  needCreate: mutation(
    () => verifiedCase(t, cast),
    (role, { caseId }) => ask(role, NeedCreateDocument, { input: cashNeed(caseId) }, (d) => d.needCreate),
  ),
  needEscalate: mutation(openNeed, (role, { needId }) =>
    ask(role, NeedEscalateDocument, { input: { needId, note: '本街道无可用资源' } }, (d) => d.needEscalate),
  ),
  needCancel: mutation(openNeed, (role, { needId }) =>
    ask(role, NeedCancelDocument, { input: { needId, reason: '家属已自行解决' } }, (d) => d.needCancel),
  ),
  needs: query((role) =>
    ask(role, NeedsDocument, { filter: { caseId: read.caseId } }, (d) => listed(d.needs.nodes, read.needId)),
  ),
  matchResources: query((role) =>
    ask(role, MatchResourcesDocument, { needId: read.needId, first: 100 }, (d) =>
      listed(
        d.matchResources.map((m) => m.resource),
        fund,
      ),
    ),
  ),
  commitmentCreate: mutation(openNeed, (role, { needId }) =>
    ask(role, CommitmentCreateDocument, { input: commitment(needId) }, (d) => d.commitmentCreate),
  ),
  referrals: query((role) =>
    ask(role, AuthzReferralsDocument, { caseId: read.caseId }, (d) => listed(d.referrals.nodes, read.referralId)),
  ),
  referralAccept: mutation(sentReferral, (role, id) =>
    ask(role, ReferralAcceptDocument, { input: { id } }, (d) => d.referralAccept),
  ),
  referralStart: mutation(
    async () => acceptReferral(await sentReferral()),
    (role, id) => ask(role, ReferralStartDocument, { input: { id } }, (d) => d.referralStart),
  ),
  referralDecline: mutation(sentReferral, (role, id) =>
    ask(role, ReferralDeclineDocument, { input: { id, reason: '本月名额已满' } }, (d) => d.referralDecline),
  ),
  referralComplete: mutation(
    async () => acceptReferral(await sentReferral()),
    (role, id) => ask(role, ReferralCompleteDocument, { input: delivery(id) }, (d) => d.referralComplete),
  ),
  referralCancel: mutation(sentReferral, (role, id) =>
    ask(role, ReferralCancelDocument, { input: { id, reason: '家庭已获其他救助' } }, (d) => d.referralCancel),
  ),
  assistanceRecords: query((role) =>
    ask(role, AssistanceRecordsDocument, { filter: { caseId: read.caseId } }, (d) =>
      listed(d.assistanceRecords.nodes, read.recordId),
    ),
  ),
  assistanceRecordAcknowledge: mutation(duplicateRecord, (role, id) =>
    ask(role, AssistanceAcknowledgeDocument, { input: { id, note: '确属必要' } }, (d) => d.assistanceRecordAcknowledge),
  ),
  aidRecord: query((role) =>
    ask(role, AuthzAidDocument, { caseId: read.caseId }, (d) =>
      fieldOf(d.referrals.nodes, read.metReferralId, (n) => n.assistanceRecord?.amountFen),
    ),
  ),
  aidDuplicateOf: query((role) =>
    ask(role, AuthzAidDocument, { caseId: read.caseId }, (d) =>
      fieldOf(d.referrals.nodes, read.metReferralId, (n) => n.assistanceRecord?.duplicateOf),
    ),
  ),
  aidRecordNode: query((role) =>
    ask(role, AuthzNodeDocument, { id: read.earlierRecordId }, (d) => (d.node?.id === read.earlierRecordId ? ok : N)),
  ),
  aidChain: query((role) =>
    ask(role, AuthzNodeDocument, { id: read.householdId }, (d) => {
      if (d.node?.__typename !== 'Household') return N;
      const chain = d.node.assistanceRecords;
      if (!chain) return 'withheld';
      return chain.some((r) => r.id === read.earlierRecordId) && chain.some((r) => r.id === read.recordId)
        ? ok
        : 'partial';
    }),
  ),
  referralHousehold: query((role) =>
    ask(role, AuthzAidDocument, { caseId: read.caseId }, (d) => {
      const referral = d.referrals.nodes.find((n) => n.id === read.referralId);
      return referral ? seen(referral.household as Seen) : hidden;
    }),
  ),
  // A case of its own whose only referral is completed.
  referralHouseholdAfter: mutation(
    async () => {
      const { caseId, needId } = await openNeed();
      return { caseId, referralId: await deliverThrough(needId) };
    },
    (role, { caseId, referralId }) =>
      ask(role, AuthzAidDocument, { caseId }, (d) => {
        const referral = d.referrals.nodes.find((n) => n.id === referralId);
        return referral ? seen(referral.household as Seen) : hidden;
      }),
  ),
  caseDescription: query((role) =>
    ask(role, AuthzNodeDocument, { id: read.caseId }, (d) => {
      if (d.node?.__typename !== 'EmergencyCase') return N;
      return d.node.description ? ok : 'withheld';
    }),
  ),
  referralCaseDescription: query((role) =>
    ask(role, AuthzAidDocument, { caseId: read.caseId }, (d) =>
      fieldOf(d.referrals.nodes, read.referralId, (n) => n.need.case.description),
    ),
  ),
  needDescription: query((role) =>
    ask(role, AuthzAidDocument, { caseId: read.caseId }, (d) =>
      fieldOf(d.referrals.nodes, read.referralId, (n) => n.need.description),
    ),
  ),
  needDescriptionAfter: query((role) =>
    ask(role, AuthzAidDocument, { caseId: read.caseId }, (d) =>
      fieldOf(d.referrals.nodes, read.metReferralId, (n) => n.need.description),
    ),
  ),
  householdFile: query((role) =>
    ask(role, AuthzHouseholdFileDocument, { id: read.householdId }, (d) => {
      if (!d.node) return N;
      return 'category' in d.node && d.node.category && d.node.registration && d.node.consentBasis ? ok : 'withheld';
    }),
  ),
  referralHouseholdFile: query((role) =>
    ask(role, AuthzReferralFileDocument, { caseId: read.caseId }, (d) =>
      fieldOf(d.referrals.nodes, read.referralId, (n) => n.household?.category),
    ),
  ),
  auditEntries: query((role) =>
    ask(role, AuditEntriesDocument, { filter: { subjectId: read.householdId } }, (d) =>
      d.auditEntries.totalCount > 0 ? ok : hidden,
    ),
  ),
  // Fired by publishing a resource that fits the fixture's open need.
  matchFound: mutation(openNeed, (role, { caseId, needId }) =>
    watch(
      role,
      AuthzMatchFoundDocument,
      { caseId },
      (e) => e.matchFound.need.id,
      () => publishedFor(needId),
    ),
  ),
  // Fired by sending a referral to the provider, for a new need each time (a need takes no more than it asks).
  referralUpdated: mutation(openNeed, (role, { caseId }) =>
    watch(
      role,
      AuthzReferralUpdatedDocument,
      { organizationId: cast.charityOrgId },
      (e) => e.referralUpdated.id,
      async () => commit(await needOf(t, cast.caseworker, cashNeed(caseId))),
    ),
  ),
  referralUpdatedHousehold: mutation(openNeed, (role, { caseId }) =>
    sentEvent(role, caseId, (e) => seen(e.referralUpdated.household as Seen)),
  ),
  referralUpdatedNeed: mutation(openNeed, (role, { caseId }) =>
    sentEvent(role, caseId, (e) => (e.referralUpdated.need.description ? ok : 'withheld')),
  ),
  referralUpdatedCase: mutation(openNeed, (role, { caseId }) =>
    sentEvent(role, caseId, (e) => (e.referralUpdated.need.case.description ? ok : 'withheld')),
  ),
  referralUpdatedFile: mutation(openNeed, (role, { caseId }) =>
    watchField(
      role,
      AuthzReferralUpdatedFileDocument,
      { organizationId: cast.charityOrgId },
      (e) => e.referralUpdated.id,
      async () => commit(await needOf(t, cast.caseworker, cashNeed(caseId))),
      (e) => (e.referralUpdated.household?.category ? ok : 'withheld'),
    ),
  ),
  // Fired by sending, accepting and completing a referral for a new need: the event of a referral that has ended.
  referralUpdatedAfter: mutation(openNeed, (role, { caseId }) =>
    completedEvent(role, caseId, (e) => seen(e.referralUpdated.household as Seen)),
  ),
  referralUpdatedAid: mutation(openNeed, (role, { caseId }) =>
    completedEvent(role, caseId, (e) => (e.referralUpdated.assistanceRecord?.amountFen ? ok : 'withheld')),
  ),
};

type ReferralEvent = ResultOf<typeof AuthzReferralUpdatedDocument>;
/** What the role got of the event of a referral sent for a new need of the case. */
const sentEvent = (role: RoleName, caseId: string, judge: (e: ReferralEvent) => string) =>
  watchField(
    role,
    AuthzReferralUpdatedDocument,
    { organizationId: cast.charityOrgId },
    (e) => e.referralUpdated.id,
    async () => commit(await needOf(t, cast.caseworker, cashNeed(caseId))),
    judge,
  );
/** What the role got of the event of a referral, sent for a new need of the case, completing. */
const completedEvent = (role: RoleName, caseId: string, judge: (e: ReferralEvent) => string) =>
  watchField(
    role,
    AuthzReferralUpdatedDocument,
    { organizationId: cast.charityOrgId },
    (e) => `${e.referralUpdated.id}:${e.referralUpdated.status}`,
    async () => {
      const id = await acceptReferral(await commit(await needOf(t, cast.caseworker, cashNeed(caseId))));
      await deliver(id);
      return `${id}:COMPLETED`;
    },
    judge,
  );

describe('authorization matrix', () => {
  it.each(CELLS)('$op as $role → $expected', async (c) => {
    cell = nameOf(c);
    expect(await OPERATIONS[c.op].run(c.role, fixtures.get(fixtureOf(c)) as never)).toBe(c.expected);
  });

  it('shows no personal field (name, ID number, phone, address) to the public or an unrelated charity', () => {
    expect([...exposed.keys()]).toEqual(CELLS.filter((c) => watched(c.role)).map(nameOf));
    for (const [where, texts] of exposed)
      for (const value of personal().filter((v) => !!v))
        expect({ where, leaked: texts.some((text) => text.includes(value!)) }).toEqual({ where, leaked: false });
  });

  it('shows the charity none of another provider’s aid (fund source, note)', () => {
    expect(charitySaw.length).toBeGreaterThan(10);
    for (const value of Object.values(THIRD_AID))
      expect({ value, leaked: charitySaw.some((text) => text.includes(value)) }).toEqual({ value, leaked: false });
  });
});
