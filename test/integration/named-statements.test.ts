import { randomBytes } from 'node:crypto';
import { openOrm, type MikroORM } from '../../src/db/orm';
import { namedStatements, readRows } from '../../src/core/rows';
import { createDatabase } from '../support/db';

/*
 * readRows names its statements: PostgreSQL parses and plans each text once per connection. One
 * connection per ORM here, so that what one call prepared is what the next one finds.
 */

let orm: MikroORM;
beforeAll(async () => {
  orm = await openOrm(await createDatabase(), { pool: { min: 1, max: 1 } });
  await orm.em.fork().execute('create table t (a int); insert into t values (1), (2)');
});
afterAll(() => orm.close());

/** A statement no other test sends, so that its name is new to the process. */
const unique = (sql: string) => `${sql} /* ${randomBytes(6).toString('hex')} */`;

// Inside a transaction readRows goes through the ORM (unnamed): this is the session's own view.
async function prepared(): Promise<string[]> {
  return orm.em
    .fork()
    .transactional(async (em) =>
      (await em.execute<{ statement: string }[]>('select statement from pg_prepared_statements')).map(
        (r) => r.statement,
      ),
    );
}

describe('named read statements', () => {
  it('are prepared once per connection and reused with other values', async () => {
    const sql = unique('select a from t where a >= ? order by a');
    expect(await readRows(orm.em.fork(), sql, [1])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await readRows(orm.em.fork(), sql, [2])).toEqual([{ a: 2 }]);
    const mine = (await prepared()).filter((s) => s.includes(sql.slice(-20)));
    expect(mine).toHaveLength(1);
  });

  it('survive a change of the table under a `*`: the statement is prepared again and answers with the new shape', async () => {
    const sql = unique('select * from t order by a');
    expect(await readRows(orm.em.fork(), sql)).toEqual([{ a: 1 }, { a: 2 }]);
    await orm.em.fork().execute('alter table t add column b text');
    // Without a new name PostgreSQL refuses: "cached plan must not change result type".
    expect(await readRows(orm.em.fork(), sql)).toEqual([
      { a: 1, b: null },
      { a: 2, b: null },
    ]);
    expect(await readRows(orm.em.fork(), sql)).toHaveLength(2);
    await orm.em.fork().execute('alter table t drop column b');
  });

  it('turn themselves off on an ORM whose connections lose them (a pooler that keeps none), and the read still answers', async () => {
    const sql = unique('select 1 as one');
    await readRows(orm.em.fork(), sql);
    // What a transaction pooler without prepared statements amounts to: the server forgets them.
    await orm.em.fork().execute('deallocate all');
    try {
      expect(await readRows(orm.em.fork(), sql)).toEqual([{ one: 1 }]);
      const next = unique('select 2 as two');
      expect(await readRows(orm.em.fork(), next)).toEqual([{ two: 2 }]);
      expect((await prepared()).some((s) => s.includes(next.slice(-20)))).toBe(false);
    } finally {
      namedStatements(orm, true);
    }
  });

  it('are sent unnamed on an ORM where they are turned off', async () => {
    namedStatements(orm, false);
    try {
      const sql = unique('select count(*)::int as n from t');
      expect(await readRows(orm.em.fork(), sql)).toEqual([{ n: 2 }]);
      expect((await prepared()).some((s) => s.includes(sql.slice(-20)))).toBe(false);
    } finally {
      namedStatements(orm, true);
    }
  });
});
