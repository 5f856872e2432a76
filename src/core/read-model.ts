import {
  ReferenceKind,
  type EntityMetadata,
  type EntityProperty,
  type FilterQuery,
  type Platform,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { pgTextArray } from './areas';
import { keyedLoader } from './loader';
import { readRows } from './rows';

/*
 * Read-only views: rows turned into instances of the entity classes (their getters, such as
 * globalId and typeName, work; `instanceof` holds) without the ORM's hydration. A managed entity
 * costs about 0.3 ms of CPU to build (the ORM defines change-tracking accessors on each instance);
 * a view costs a few microseconds. Views are detached: never modify or flush one — services that
 * write load managed entities. Properties come from the ORM's metadata, so views cannot drift from
 * the entities; a many-to-one becomes `{ id }`, which is all the resolvers read of a reference.
 */

const enum Conversion {
  PLAIN,
  REFERENCE,
  CUSTOM,
  DATE,
}

interface Step {
  name: string;
  field: string;
  conversion: Conversion;
  prop: EntityProperty;
}

/** Per class: which column becomes which property, and how — worked out once, not per row. */
const PLANS = new WeakMap<EntityMetadata, Step[]>();

function planFor(meta: EntityMetadata): Step[] {
  let plan = PLANS.get(meta);
  if (plan) return plan;
  plan = [];
  for (const prop of meta.props) {
    if (prop.persist === false || prop.fieldNames?.length !== 1) continue;
    let conversion: Conversion;
    if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
      conversion = Conversion.REFERENCE;
    } else if (prop.kind !== ReferenceKind.SCALAR) {
      continue;
    } else if (prop.customType) {
      conversion = Conversion.CUSTOM;
    } else if (prop.runtimeType === 'Date') {
      conversion = Conversion.DATE;
    } else {
      conversion = Conversion.PLAIN;
    }
    plan.push({ name: prop.name, field: prop.fieldNames[0]!, conversion, prop });
  }
  PLANS.set(meta, plan);
  return plan;
}

/** The metadata of the row's class: for single-table inheritance, the subclass its discriminator names. */
function metadataFor(em: EntityManager, base: EntityMetadata, row: Record<string, unknown>): EntityMetadata {
  const root = base.root;
  if (!root.discriminatorColumn || !root.discriminatorMap) return base;
  const column = root.properties[root.discriminatorColumn]?.fieldNames[0] ?? root.discriminatorColumn;
  const className = root.discriminatorMap[String(row[column])];
  return (className && em.getMetadata().find(className)) || base;
}

function convert(step: Step, value: unknown, platform: Platform): unknown {
  if (value === null) return null;
  switch (step.conversion) {
    case Conversion.REFERENCE:
      return { id: value };
    case Conversion.CUSTOM:
      return step.prop.customType!.convertToJSValue(value, platform);
    case Conversion.DATE:
      return value instanceof Date ? value : platform.parseDate(value as string);
    default:
      return value;
  }
}

/** A detached, read-only instance of the entity (or of its single-table subclass) from a raw row. */
export function viewOf<T extends object>(em: EntityManager, entityName: string, row: Record<string, unknown>): T {
  const meta = metadataFor(em, em.getMetadata().get(entityName), row);
  const platform = em.getPlatform();
  // Filled as a plain object, then given the class's prototype: the prototype's accessors (the ORM's
  // change tracking) are never invoked, and plain assignment is about 5× cheaper than defineProperty.
  const view: Record<string, unknown> = {};
  for (const step of planFor(meta)) {
    const raw = row[step.field];
    if (raw !== undefined) view[step.name] = convert(step, raw, platform);
  }
  return Object.setPrototypeOf(view, meta.class.prototype as object) as T;
}

/** Views of many rows of one entity (or its single-table subclasses). */
export function viewsOf<T extends object>(em: EntityManager, entityName: string, rows: Record<string, unknown>[]): T[] {
  return rows.map((row) => viewOf<T>(em, entityName, row));
}

const COLUMNS = new WeakMap<EntityMetadata, string>();

/**
 * The columns a view of the entity reads: what `em.find` selects — every persisted column but the
 * lazy ones (a policy's body and its parse stay in the database unless asked for, as on the entity).
 */
export function viewColumns(em: EntityManager, entityName: string): string {
  const meta = em.getMetadata().get(entityName);
  let columns = COLUMNS.get(meta);
  if (columns) return columns;
  const names = new Set<string>();
  for (const prop of meta.root.props) {
    if (prop.persist === false || prop.lazy || prop.fieldNames?.length !== 1) continue;
    if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
    names.add(prop.fieldNames[0]!);
  }
  columns = [...names].map((name) => `"${name}"`).join(', ');
  COLUMNS.set(meta, columns);
  return columns;
}

const JSON_OBJECTS = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * The columns a view of the entity reads (viewColumns) as one `json_build_object` of the row `alias`,
 * keyed by column name: a subselect built from it carries a relation's rows inside the statement that
 * reads the page, and `viewOfJson` turns each object back into the same view a row would give.
 */
export function viewsJsonSql(em: EntityManager, entityName: string, alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new TypeError(`viewsJsonSql: bad alias ${alias}`);
  const meta = em.getMetadata().get(entityName);
  let byAlias = JSON_OBJECTS.get(meta);
  if (!byAlias) JSON_OBJECTS.set(meta, (byAlias = new Map()));
  let sql = byAlias.get(alias);
  if (!sql) {
    const pairs = viewColumns(em, entityName)
      .split(', ')
      .map((quoted) => `'${quoted.slice(1, -1)}', ${alias}.${quoted}`);
    sql = `json_build_object(${pairs.join(', ')})`;
    byAlias.set(alias, sql);
  }
  return sql;
}

/**
 * A view from an object built by `viewsJsonSql`. JSON carries what the row would, in JSON's types:
 * timestamps as ISO 8601 text (parsed as the driver parses a timestamptz: to the millisecond), arrays
 * and jsonb already parsed, `date` as YYYY-MM-DD text — the conversions of viewOf read all of them.
 */
export function viewOfJson<T extends object>(em: EntityManager, entityName: string, json: Record<string, unknown>): T {
  return viewOf<T>(em, entityName, json);
}

/**
 * Read-only views by a unique column, one statement per batch (no hydration): for fields that only
 * display a row (a resource's provider, service areas and legal basis). `cast` is the column's type.
 */
export function uniqueViewLoader<T extends object>(
  em: EntityManager,
  entityName: string,
  where: { table: string; column: string; cast: 'uuid' | 'text' },
  key: (view: T) => string,
): DataLoader<string, T | null> {
  const statement = `select ${viewColumns(em, entityName)} from ${where.table} where ${where.column} = any($1::${where.cast}[])`;
  return keyedLoader<string, T>(
    async (keys) => viewsOf<T>(em, entityName, await readRows(em, statement, [pgTextArray(keys)])),
    key,
  );
}

type Sql = { sql: string; params: unknown[] };

const COMPARISONS: Record<string, string> = { $eq: '=', $ne: '<>', $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' };
const ARRAY_OPERATORS: Record<string, string> = { $overlap: '&&', $contains: '@>' };

/** A scalar bound as a parameter (never spliced into the SQL): a string, number, boolean or date. */
function scalar(value: unknown): unknown {
  if (value instanceof Date || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  throw new TypeError(`sqlWhere: unsupported filter value ${JSON.stringify(value)}`);
}

function condition(column: string, value: unknown, params: unknown[]): string {
  if (value === null) return `${column} is null`;
  if (typeof value !== 'object' || value instanceof Date) {
    params.push(scalar(value));
    return `${column} = ?`;
  }
  const parts: string[] = [];
  for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
    if (op in COMPARISONS) {
      if (operand === null) parts.push(op === '$ne' ? `${column} is not null` : `${column} is null`);
      else {
        params.push(scalar(operand));
        parts.push(`${column} ${COMPARISONS[op]} ?`);
      }
    } else if (op === '$in' && Array.isArray(operand)) {
      if (operand.length === 0) parts.push('false');
      else {
        params.push(pgTextArray(operand.map((v) => String(scalar(v)))));
        parts.push(`${column} = any(?)`);
      }
    } else if (op in ARRAY_OPERATORS && Array.isArray(operand)) {
      params.push(pgTextArray(operand.map((v) => String(scalar(v)))));
      parts.push(`${column} ${ARRAY_OPERATORS[op]} ?`);
    } else {
      throw new TypeError(`sqlWhere: unsupported filter operator ${op}`);
    }
  }
  return parts.length ? parts.join(' and ') : 'true';
}

/**
 * A FilterQuery on one entity's own columns as SQL with `?` parameters, for the read views' lists:
 * `$and`/`$or`, equality, null, `$in`, comparisons and the array operators `$overlap`/`$contains`, on
 * the columns the ORM's metadata names. Anything else throws rather than filtering differently from the ORM.
 */
export function sqlWhere<T extends object>(em: EntityManager, entityName: string, where: FilterQuery<T>): Sql {
  const properties = em.getMetadata().get(entityName).root.properties as Record<
    string,
    { fieldNames: string[] } | undefined
  >;
  const params: unknown[] = [];
  const render = (filter: unknown): string => {
    if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
      throw new TypeError('sqlWhere: a filter is an object');
    const parts: string[] = [];
    for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
      if (key === '$and' || key === '$or') {
        const items = (value as unknown[]).map(render);
        if (items.length === 0) parts.push(key === '$and' ? 'true' : 'false');
        else parts.push(`(${items.join(key === '$and' ? ' and ' : ' or ')})`);
        continue;
      }
      const field = properties[key]?.fieldNames[0];
      if (!field) throw new TypeError(`sqlWhere: no column for ${entityName}.${key}`);
      parts.push(condition(`"${field}"`, value, params));
    }
    return parts.length ? `(${parts.join(' and ')})` : 'true';
  };
  return { sql: render(where), params };
}
export { readRows, positional } from './rows';
