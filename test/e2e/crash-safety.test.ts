import { print } from 'graphql';
import { Redis } from 'ioredis';
import pg from 'pg';
import { localId } from '../../src/core/relay';
import { CommitmentCreateDocument, PolicyCreateDocument } from '../generated/graphql';
import { castOf, expectNoErrors, needOf, project, publishedProject, verifiedCase } from '../support/casework';
import { createDatabase } from '../support/db';
import { startTestHub } from '../support/hub';
import { mainToken, startMain, type MainProcess } from '../support/spawn';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function gql(url: string, document: Parameters<typeof print>[0], variables: object, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as { data: any; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Resolves once `check` returns a value (polling every 50 ms), or fails after `ms`. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGKILL: no shutdown handler runs, open transactions die with the connection. */
async function kill(hub: MainProcess): Promise<void> {
  const exited = new Promise((resolve) => hub.child.once('exit', resolve));
  hub.child.kill('SIGKILL');
  await exited;
}

async function query<T>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('crash safety (SIGKILL)', () => {
  it('an event committed but not yet relayed when its hub is killed is relayed after the restart, exactly once', async () => {
    const databaseUrl = await createDatabase();
    const database = new URL(databaseUrl);
    const channel = `jiujinan:events:${database.hostname}:${database.port || 5432}${database.pathname}`;
    // Another instance's view of the fan-out: every event the relay publishes, in order.
    const listener = new Redis(REDIS_URL);
    const received: string[] = [];
    listener.on('message', (_channel: string, message: string) =>
      received.push((JSON.parse(message) as { id: string }).id),
    );
    await listener.subscribe(channel);
    const token = await mainToken('COORDINATOR', { area: '310000' });
    const write = async (url: string, title: string) => {
      const created = await gql(
        url,
        PolicyCreateDocument,
        { input: { title, issuers: ['上海市民政局'], body: '一、目的\n验证崩溃恢复。' } },
        token,
      );
      expect(created.errors).toBeUndefined();
      const [row] = await query<{ id: string }>(databaseUrl, 'select max(id)::text as id from domain_event');
      return row!.id;
    };

    // Every event waits ten minutes in the relay: the write commits, its delivery never happens.
    const first = await startMain({
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      NODE_ENV: 'test',
      TEST_HOOK_RELAY_DELAY_MS: '600000',
    });
    let second: MainProcess | null = null;
    try {
      await until('the relay role', () => first.output().includes('relaying the outbox to Redis'));
      const eventId = await write(first.url, '崩溃前写入的政策');
      await until('the held event', () => first.output().includes('test hook: delaying the relay of an event'));
      await kill(first);
      expect(received).not.toContain(eventId);
      const [saved] = await query<{ last_id: string }>(
        databaseUrl,
        `select last_id::text from event_checkpoint where name = 'redis-relay'`,
      );
      expect(BigInt(saved!.last_id)).toBeLessThan(BigInt(eventId));

      second = await startMain({ DATABASE_URL: databaseUrl, REDIS_URL, NODE_ENV: 'test' });
      await until('the event after the restart', () => received.includes(eventId));
      // A later write arrives after it: the relay is past it, and it came once.
      const later = await write(second.url, '重启后写入的政策');
      await until('the later event', () => received.includes(later));
      expect(received.filter((id) => id === eventId)).toHaveLength(1);
      expect(new Set(received).size).toBe(received.length);
      expect(received.map(BigInt)).toEqual([...received.map(BigInt)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) await kill(first);
      if (second) await second.stop();
      listener.disconnect();
    }
  }, 120_000);

  it('a lapsed-hold sweep killed before it commits leaves no capacity released or reserved twice', async () => {
    // Two referrals held on one fund, one of them lapsed; set up by a hub that is then shut down.
    const t = await startTestHub({ reportRateLimitPerMinute: 1000 });
    const databaseUrl = t.databaseUrl;
    let fundId: string;
    let lapsed: string;
    let kept: string;
    try {
      const cast = await castOf(t);
      const fund = await publishedProject(
        t,
        cast.charity,
        project(cast.charityOrgId, { capacity: { unit: 'fen', total: 1_000_000 } }),
      );
      fundId = localId(fund, 'CharityProject')!;
      const hold = async (amount: number) => {
        const { caseId } = await verifiedCase(t, cast);
        const needId = await needOf(t, cast.caseworker, {
          caseId,
          form: 'CASH',
          description: '火灾后临时生活费用',
          amountFen: amount,
          urgency: 'HIGH',
        });
        const held = await t.gql(
          CommitmentCreateDocument,
          { input: { needId, resourceId: fund, amount } },
          { token: cast.caseworker },
        );
        expectNoErrors(held.data?.commitmentCreate.userErrors, held.errors);
        return localId(held.data!.commitmentCreate.commitment!.id, 'Commitment')!;
      };
      lapsed = await hold(300_000);
      kept = await hold(200_000);
    } finally {
      await t.close();
    }
    await query(databaseUrl, `update commitment set hold_until = now() - interval '1 hour' where id = $1`, [lapsed]);

    const figures = async () => {
      const [resource] = await query<{ total: number; remaining: number }>(
        databaseUrl,
        'select capacity_total as total, capacity_remaining as remaining from resource where id = $1',
        [fundId],
      );
      const commitments = await query<{ id: string; status: string; amount: number }>(
        databaseUrl,
        'select id, status, amount from commitment where resource_id = $1',
        [fundId],
      );
      const reserved = commitments
        .filter((c) => ['HELD', 'CONFIRMED', 'USED'].includes(c.status))
        .reduce((sum, c) => sum + c.amount, 0);
      const status = Object.fromEntries(commitments.map((c) => [c.id, c.status]));
      return { ...resource!, reserved, status };
    };
    const before = await figures();
    expect(before).toMatchObject({ total: 1_000_000, remaining: 500_000, reserved: 500_000 });

    // The sweep runs at start, releases the lapsed hold in its transaction, and stops there until killed.
    const paused = await startMain({
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      TEST_HOOK_PAUSE_JOB: 'referrals.releaseLapsedHolds',
    });
    await until('the paused sweep', () => paused.output().includes('test hook: job paused before commit'));
    await kill(paused);
    const afterKill = await figures();
    expect(afterKill).toEqual(before);
    expect(afterKill.status[lapsed!]).toBe('HELD');

    const restarted = await startMain({ DATABASE_URL: databaseUrl, NODE_ENV: 'test' });
    try {
      await until('the sweep after the restart', async () => (await figures()).status[lapsed!] === 'RELEASED');
      const after = await figures();
      // Released once: the capacity left is the total less what the remaining hold reserves.
      expect(after).toMatchObject({ total: 1_000_000, remaining: 800_000, reserved: 200_000 });
      expect(after.total - after.remaining).toBe(after.reserved);
      expect(after.status[kept!]).toBe('HELD');
      const [referral] = await query<{ status: string; history: { status: string }[] }>(
        databaseUrl,
        'select status, history from referral where commitment_id = $1',
        [lapsed!],
      );
      expect(referral!.status).toBe('CANCELLED');
      expect(referral!.history.filter((s) => s.status === 'CANCELLED')).toHaveLength(1);
    } finally {
      expect(await restarted.stop()).toBe(0);
    }
  }, 120_000);
});
