import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { localId } from '../../src/core/relay';
import { appendEvents } from '../../src/events/outbox';
import { encodeEventCursor } from '../../src/events/subscription';
import { SLOW_CONSUMER_CLOSE } from '../../src/events/ws';
import { Resource } from '../../src/modules/resources/resource.entity';
import {
  AuthzReferralUpdatedDocument,
  CommitmentCreateDocument,
  ReferralAcceptDocument,
  ReferralCancelDocument,
  ResourcePublishedDocument,
} from '../generated/graphql';
import {
  castOf,
  expectNoErrors,
  household,
  needOf,
  project,
  publishedProject,
  verifiedCase,
  type Cast,
} from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';
import { sleep, subscribe } from '../support/ws';

// Regression tests for the subscription findings of the security review: stale access inside a
// subscription, unmasked errors over WebSocket, unbounded frames, replay and buffering.

const HOUSEHOLD = household();
const PERSONAL = [HOUSEHOLD.address, ...HOUSEHOLD.members.flatMap((m) => [m.name, m.phone])].filter(
  (v): v is string => !!v,
);

async function resourcePublishedEvent(t: TestHub) {
  const resource = (await t.orm.em.fork().find(Resource, { status: 'PUBLISHED' as never }, { limit: 1 }))[0]!;
  return {
    resource,
    event: {
      type: 'ResourcePublished',
      aggregateType: 'Resource',
      aggregateId: resource.id,
      payload: {
        resourceId: resource.id,
        kind: resource.kind,
        providerId: resource.provider.id,
        status: 'PUBLISHED',
        forms: resource.forms,
        emergencyTypes: resource.emergencyTypes,
        serviceAreaCodes: resource.serviceAreaCodes,
        coverageCodes: resource.coverageCodes,
      },
    },
  };
}

describe('referralUpdated decides access and audits per event', () => {
  let t: TestHub;
  let cast: Cast;
  beforeAll(async () => {
    t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
    cast = await castOf(t);
  });
  afterAll(() => t.close());

  it('stops showing the household once the referral is cancelled, and audits every read', async () => {
    const fund = await publishedProject(t, cast.charity, project(cast.charityOrgId));
    const { caseId, householdId } = await verifiedCase(t, cast);
    const needId = await needOf(t, cast.caseworker, {
      caseId,
      form: 'CASH',
      description: '临时生活费',
      amountFen: 1000,
      urgency: 'HIGH',
    });
    const sub = await subscribe(
      t.url,
      AuthzReferralUpdatedDocument,
      { organizationId: cast.charityOrgId },
      cast.charity,
    );
    try {
      const committed = await t.gql(
        CommitmentCreateDocument,
        { input: { needId, resourceId: fund, amount: 1000 } },
        { token: cast.caseworker },
      );
      expectNoErrors(committed.data?.commitmentCreate.userErrors, committed.errors);
      const referralId = committed.data!.commitmentCreate.commitment!.referral.id;
      const [sent] = await sub.waitFor(1);
      expect(sent!.referralUpdated.household?.members?.[0]?.name).toBe(HOUSEHOLD.members[0]!.name);

      const accepted = await t.gql(ReferralAcceptDocument, { input: { id: referralId } }, { token: cast.charity });
      expectNoErrors(accepted.data?.referralAccept.userErrors, accepted.errors);
      const [, acceptedEvent] = await sub.waitFor(2);
      expect(acceptedEvent!.referralUpdated).toMatchObject({ status: 'ACCEPTED' });
      expect(acceptedEvent!.referralUpdated.household?.address).toBe(HOUSEHOLD.address);

      const cancelled = await t.gql(
        ReferralCancelDocument,
        { input: { id: referralId, reason: '家属已自行解决' } },
        { token: cast.caseworker },
      );
      expectNoErrors(cancelled.data?.referralCancel.userErrors, cancelled.errors);
      const [, , cancelledEvent] = await sub.waitFor(3);
      expect(cancelledEvent!.referralUpdated).toMatchObject({ status: 'CANCELLED' });
      // The referral has ended: the provider no longer sees the household at all.
      expect(cancelledEvent!.referralUpdated.household ?? null).toBeNull();
      const text = JSON.stringify(cancelledEvent);
      for (const value of PERSONAL) expect({ value, leaked: text.includes(value) }).toEqual({ value, leaked: false });

      // Both reads of personal fields (sent, accepted) are audited, each like a read over HTTP.
      const rows = await t.orm.em.fork().execute<{ actor_role: string; purpose: string; fields: string[] }[]>(
        `select actor_role, purpose, fields from audit_entry
           where subject_type = 'Household' and subject_id = ? and actor_role = 'CHARITY' order by id`,
        [localId(householdId, 'Household')],
      );
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toMatchObject({ purpose: 'REFERRAL' });
    } finally {
      await sub.close();
    }
  });
});

describe('WebSocket transport limits', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ subscriberMaxQueued: 10, eventReplayMaxEvents: 5 });
  });
  afterAll(() => t.close());

  it('masks internal errors as HTTP does: no internal message, no stack trace', async () => {
    const em = t.orm.em.fork();
    const c = createClient({ url: t.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    await em.execute('alter table area rename to area_hidden_by_test');
    try {
      const result = await new Promise<{ errors?: { message: string; extensions?: Record<string, unknown> }[] }>(
        (resolve, reject) => {
          let value: unknown;
          c.subscribe(
            { query: '{ areas { code } }' },
            { next: (v) => (value = v), error: reject, complete: () => resolve(value as never) },
          );
        },
      );
      expect(result.errors?.[0]).toMatchObject({
        message: '服务器内部错误 (internal server error)',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(result)).not.toMatch(/area_hidden|relation|stacktrace|at /);
    } finally {
      await em.execute('alter table area_hidden_by_test rename to area');
      await c.dispose();
    }
  });

  it('refuses a frame over 1 MiB before parsing it', async () => {
    const socket = new WebSocket(t.url.replace('http', 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => socket.once('message', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ areas { code } } #${'x'.repeat(5 << 20)}` } }),
    );
    expect(await closed).toBe(1009); // Message Too Big
  });

  it('refuses a cursor older than the replay window and tells the client to list again', async () => {
    const { event } = await resourcePublishedEvent(t);
    const em = t.orm.em.fork();
    const [first] = await em.transactional((tx) => appendEvents(tx, [event]));
    for (let i = 0; i < 6; i++) await em.transactional((tx) => appendEvents(tx, [event]));
    const before = (BigInt(first!.id) - 1n).toString();
    const sub = await subscribe(t.url, ResourcePublishedDocument, { after: encodeEventCursor(before) });
    try {
      await sleep(500);
      expect(sub.received).toHaveLength(0);
      expect(sub.errors[0]).toMatchObject({
        message: expect.stringContaining('list again'),
        extensions: { code: 'BAD_USER_INPUT', argument: 'after', reason: 'CURSOR_OUTSIDE_REPLAY_WINDOW' },
      });
    } finally {
      await sub.close();
    }
    // Within the window (the last five events) the replay is served.
    const recent = await subscribe(t.url, ResourcePublishedDocument, {
      after: encodeEventCursor((BigInt(first!.id) + 2n).toString()),
    });
    try {
      expect(await recent.waitFor(4)).toHaveLength(4);
      expect(recent.errors).toEqual([]);
    } finally {
      await recent.close();
    }
    // An event older than the window's days counts too.
    await em.execute(`update domain_event set occurred_at = now() - interval '8 days' where id = ?`, [first!.id]);
    const old = await subscribe(t.url, ResourcePublishedDocument, { after: encodeEventCursor(before) });
    try {
      await sleep(500);
      expect(old.errors[0]).toMatchObject({ extensions: { reason: 'CURSOR_OUTSIDE_REPLAY_WINDOW' } });
    } finally {
      await old.close();
    }
  });

  it('disconnects a client that stops reading, with a code, instead of buffering for it', async () => {
    const { resource, event } = await resourcePublishedEvent(t);
    const em = t.orm.em.fork();
    // Large results fill the socket's buffers quickly (the column is not limited; the input is).
    await em.execute(`update resource set title = repeat('救', 200000) where id = ?`, [resource.id]);
    const socket = new WebSocket(t.url.replace('http', 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => socket.once('message', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: print(ResourcePublishedDocument) } }));
    await sleep(300);
    // The client stops reading: TCP buffers fill, then events wait on the server, up to the limit.
    (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    for (let i = 0; i < 120; i++) await em.transactional((tx) => appendEvents(tx, [event]));
    await sleep(2000);
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const code = await Promise.race([closed, sleep(15_000).then(() => 'still open')]);
    expect(code).toBe(SLOW_CONSUMER_CLOSE);
  }, 60_000);
});

describe('shared execution of resourcePublished', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('shares results only between subscribers who may see the same (visibility is part of the group)', async () => {
    const em = t.orm.em.fork();
    const { event } = await resourcePublishedEvent(t);
    // The resource's legal basis becomes a draft: coordinators still see it, the public does not.
    const [policy] = await em.execute<{ id: string }[]>(`select id from policy limit 1`);
    await em.execute(`update policy set status = 'DRAFT' where id = ?`, [policy!.id]);
    await em.execute(`update resource set legal_basis_id = ? where id = ?`, [policy!.id, event.aggregateId]);
    const query = {
      kind: 'Document',
      definitions: [
        ...(await import('graphql')).parse(
          'subscription { resourcePublished { cursor resource { id legalBasis { id } } } }',
        ).definitions,
      ],
    } as never;
    const coordinator = await t.token('COORDINATOR', { area: '310000', sub: 'shared-coordinator' });
    type R = { resourcePublished: { resource: { legalBasis: { id: string } | null } } };
    const first = await subscribe<R, Record<string, never>>(t.url, query, {});
    const staff = await subscribe<R, Record<string, never>>(t.url, query, {}, coordinator);
    const second = await subscribe<R, Record<string, never>>(t.url, query, {});
    try {
      await em.transactional((tx) => appendEvents(tx, [event]));
      const [[a], [b], [c]] = await Promise.all([first.waitFor(1), staff.waitFor(1), second.waitFor(1)]);
      expect(a!.resourcePublished.resource.legalBasis).toBeNull();
      expect(c).toEqual(a);
      expect(b!.resourcePublished.resource.legalBasis).not.toBeNull();
    } finally {
      await Promise.all([first.close(), staff.close(), second.close()]);
    }
  });
});
