import type { EntityManager } from '@mikro-orm/postgresql';

/*
 * Read statements on the ORM's own pool, with bound parameters. `em.execute` renders every parameter
 * into the SQL text (MikroORM's formatQuery), logs, and passes through knex's runner and builder: about
 * half of a small statement's CPU. The read views need none of it. `readRows` takes a connection from
 * the same knex/tarn pool the ORM uses (no second pool: the pool size and the pgbouncer notes in
 * docs/scaling.md hold), sends the statement with `$n` parameters and gives the connection back.
 * Inside a transaction it runs through the transaction's EntityManager instead, so that it sees what
 * the transaction wrote and never takes a second connection while the transaction holds one.
 *
 * Statements are named (prepared once per connection, then only bound and executed): PostgreSQL parses
 * and plans a list page's statement — a dozen subselects building JSON — in about as long as it takes to
 * run it, and after five runs keeps a generic plan. The read statements' texts are few (parameters
 * are bound, lists are `= any(?)`), and at most MAX_NAMED texts a process are named; the rest run
 * unnamed. A plan whose result changed shape under it (a migration altered a table a `*` reads) gets a
 * new name and runs again; a database or pooler that keeps no prepared statements (pgbouncer before
 * 1.21, or without `max_prepared_statements`) turns naming off for that ORM. PREPARED_STATEMENTS=off
 * turns it off from the start.
 */

/** The part of a pg client readRows uses. */
interface PgClient {
  query(text: string, values: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  query(config: {
    name: string;
    text: string;
    values: readonly unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** The part of knex's client readRows uses: its pool, and its events (statement counters listen to them). */
interface KnexClient {
  acquireConnection(): Promise<PgClient & { __knexUid?: string }>;
  releaseConnection(connection: unknown): Promise<void>;
  emit(event: string, ...args: unknown[]): boolean;
}

const NAMES = new Map<string, string>();
const MAX_NAMED = 200;
let named = 0;

/** The statement's name (the same for the same text in this process), or none once MAX_NAMED are given. */
function nameOf(text: string): string | undefined {
  let name = NAMES.get(text);
  if (name === undefined && named < MAX_NAMED) NAMES.set(text, (name = `jjn_read_${++named}`));
  return name;
}

/** ORMs (by their configuration object, which forks share) whose statements run unnamed. */
const UNNAMED = new WeakSet<object>();

/** Whether readRows names (prepares) its statements on this ORM's connections; on unless turned off. */
export function namedStatements(orm: { config: object }, enabled: boolean): void {
  if (enabled) UNNAMED.delete(orm.config);
  else UNNAMED.add(orm.config);
}

// SQLSTATE 0A000 with this message: the named statement's plan no longer fits its tables.
const RESULT_CHANGED = /cached plan must not change result type/;
// SQLSTATE 26000: the connection holds no such prepared statement (a pooler that does not keep them).
const NO_SUCH_STATEMENT = '26000';

async function send(
  em: EntityManager,
  connection: PgClient,
  text: string,
  params: readonly unknown[],
): Promise<{ rows: unknown[] }> {
  const name = UNNAMED.has(em.config) ? undefined : nameOf(text);
  // Text and values as two arguments when unnamed: pg copies a config object on each query.
  if (!name) return connection.query(text, params);
  try {
    return await connection.query({ name, text, values: params });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === NO_SUCH_STATEMENT) UNNAMED.add(em.config);
    else if (code === '0A000' && RESULT_CHANGED.test(message ?? '')) NAMES.delete(text);
    else throw error;
    return connection.query(text, params);
  }
}

const CONVERTED = new Map<string, string>();
const MAX_CONVERTED = 1000;

/**
 * `?` placeholders as `$1, $2, …`, outside string literals ('…'), quoted identifiers ("…") and comments;
 * a statement that already uses `$n` is returned as it is. `??` (knex's identifier binding) and a `?`
 * next to another `?` are refused: the read statements use plain value placeholders only.
 */
export function positional(sql: string): string {
  const known = CONVERTED.get(sql);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      // A quoted run; a doubled quote inside it is an escaped quote and stays inside.
      let j = i + 1;
      for (;;) {
        const end = sql.indexOf(c, j);
        if (end < 0) throw new SyntaxError(`readRows: unterminated ${c} in statement`);
        if (sql[end + 1] === c) j = end + 2;
        else {
          j = end + 1;
          break;
        }
      }
      out += sql.slice(i, j);
      i = j;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('readRows: unterminated comment in statement');
      out += sql.slice(i, end + 2);
      i = end + 2;
    } else if (c === '?') {
      if (sql[i + 1] === '?') throw new SyntaxError('readRows: `??` is not a value placeholder');
      out += `$${++n}`;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  if (CONVERTED.size < MAX_CONVERTED) CONVERTED.set(sql, out);
  return out;
}

/**
 * The rows of a read statement (`?` or `$n` parameters, bound, never spliced into the text). Outside a
 * transaction: on a connection of the ORM's pool, directly; inside one (`em.isInTransaction()`): through
 * `em.execute`, on the transaction's connection. Rows are what `em.execute` returns (the same pg type
 * parsers: the ORM sets them on the pool's connections). For reads only: never a write.
 */
export async function readRows<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  if (em.isInTransaction()) return em.execute<T[]>(sql, [...params]);
  const text = positional(sql);
  const client = em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  const query = { sql: text, bindings: params, method: 'raw', __knexUid: connection.__knexUid };
  try {
    // What knex's runner emits, so that anything counting statements (the tests, a debug listener) sees these.
    client.emit('query', query);
    const result = await send(em, connection, text, params);
    client.emit('query-response', result, query);
    return result.rows as T[];
  } catch (error) {
    client.emit('query-error', error, query);
    throw em
      .getPlatform()
      .getExceptionConverter()
      .convertException(error as Error);
  } finally {
    await client.releaseConnection(connection);
  }
}
