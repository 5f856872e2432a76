import type { MikroORM } from '@mikro-orm/postgresql';
import { EXACT_COUNT_CAP, listResourceViews } from '../../src/modules/resources/resource-list';
import { createSeededDatabase } from '../support/db';

/*
 * The resources list's count above EXACT_COUNT_CAP: the planner's estimate, never below cap + 1, asked
 * once a minute per count key; at or below the cap, exact. The broad lists here are real rows: copies
 * of a seeded resource, analysed so that the planner knows them.
 */

let orm: MikroORM;
const COPIES = 2500;

beforeAll(async () => {
  ({ orm } = await createSeededDatabase());
  const em = orm.em.fork();
  await em.execute(
    `insert into resource
     select (jsonb_populate_record(null::resource, to_jsonb(r) || jsonb_build_object(
       'id', gen_random_uuid(), 'hsds_id', gen_random_uuid(), 'title', 'copy ' || i,
       'created_at', now() - i * interval '1 second'))).*
     from resource r, generate_series(1, ${COPIES}) i
     where r.id = (select id from resource where kind = 'DONATION' order by created_at limit 1)`,
  );
  await em.execute('analyze resource');
});
afterAll(() => orm.close());

/** What `run` costs in statements, and of which sort. */
async function statementsOf<T>(run: () => Promise<T>): Promise<{ value: T; sql: string[] }> {
  const knex = orm.em.getKnex();
  const sql: string[] = [];
  const onQuery = (q: { sql: string }) => sql.push(q.sql);
  knex.on('query', onQuery);
  try {
    return { value: await run(), sql };
  } finally {
    knex.off('query', onQuery);
  }
}

async function exactCount(where: string): Promise<number> {
  const [{ n }] = await orm.em
    .fork()
    .execute<{ n: number }[]>(`select count(*)::int as n from resource where ${where}`);
  return n;
}

describe('the resources list’s count', () => {
  it('is the planner’s estimate above the cap: close to the truth, above the cap, one EXPLAIN per key a minute', async () => {
    const truth = await exactCount(`kind = 'DONATION'`);
    expect(truth).toBeGreaterThan(COPIES);
    const list = (key: string) =>
      statementsOf(async () => {
        const page = await listResourceViews(
          orm.em.fork(),
          [{ kind: 'DONATION' }] as never[],
          10,
          undefined,
          undefined,
          {
            withCount: true,
            countKey: key,
          },
        );
        return { rows: page.rows.length, total: await page.count() };
      });
    const first = await list('donations');
    expect(first.value.rows).toBe(10);
    expect(first.value.total).toBeGreaterThan(EXACT_COUNT_CAP);
    // The planner's estimate of a single equality on an analysed table: within a tenth of the truth.
    expect(Math.abs(first.value.total - truth) / truth).toBeLessThan(0.1);
    expect(first.sql.map((s) => (/^explain/.test(s) ? 'explain' : 'page'))).toEqual(['page', 'explain']);
    // The same key within the minute: the page alone, the same total.
    const again = await list('donations');
    expect(again).toEqual({ value: first.value, sql: [expect.stringMatching(/^select /)] });
    // Another key asks the planner again.
    expect((await list('other viewer')).sql).toHaveLength(2);
  });

  it('is exact up to the cap, and exact at cap + 1 is never claimed as less', async () => {
    const ids = (
      await orm.em
        .fork()
        .execute<{ id: string }[]>(`select id from resource order by created_at desc limit ${EXACT_COUNT_CAP + 1}`)
    ).map((r) => r.id);
    for (const n of [EXACT_COUNT_CAP, EXACT_COUNT_CAP + 1]) {
      const page = await listResourceViews(orm.em.fork(), [{ id: { $in: ids.slice(0, n) } }], 5, undefined, undefined, {
        withCount: true,
      });
      const total = await page.count();
      if (n <= EXACT_COUNT_CAP) expect(total).toBe(n);
      else expect(total).toBeGreaterThanOrEqual(EXACT_COUNT_CAP + 1);
    }
  });

  it('without the page carrying it (a page past the end), the capped count runs on its own and still estimates', async () => {
    const page = await listResourceViews(orm.em.fork(), [{}], 1, undefined);
    const total = await page.count();
    const truth = await exactCount('true');
    expect(total).toBeGreaterThan(EXACT_COUNT_CAP);
    expect(Math.abs(total - truth) / truth).toBeLessThan(0.1);
  });
});
