import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { pgTextArray } from '../../core/areas';
import { boundedMapPerOrm } from '../../core/bounded-map';
import { BadInputError } from '../../core/errors';
import { readRows, sqlWhere, viewOfJson, viewsOf } from '../../core/read-model';
import { areaViewsSql, type Area } from '../areas';
import { organizationViewsSql, type Organization } from '../organizations';
import { policyViewsSql, type Policy } from '../policies';
import type { Resource } from './resource.entity';

/*
 * The resources list without hydration, in one statement a page: a keyset-paginated SELECT whose
 * rows become read-only views (core/read-model.ts), carrying — only for the relations the query
 * selects — each row's provider, service areas and legal basis as JSON built by PostgreSQL from the
 * subselects the organizations, areas and policies modules give (they alone touch their tables).
 * Those become views too and are primed into the loaders the field resolvers read, so showing them
 * costs no further statement. The list's count (exact up to EXACT_COUNT_CAP, an estimate above) is
 * carried by the same statement, only when `totalCount` is asked for. The filter is written
 * as the FilterQuery the ORM would run, but rendered to SQL by core/read-model's sqlWhere.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** The relations of a resource that a page may carry, as the item fields that show them. */
export interface ResourceRelations {
  provider: boolean;
  serviceAreas: boolean;
  legalBasis: boolean;
}

export const NO_RELATIONS: ResourceRelations = { provider: false, serviceAreas: false, legalBasis: false };

/** A resource's view with the relations its statement carried (undefined: not asked for). */
export interface ResourceRow {
  view: Resource;
  /** created_at as UTC ISO 8601 text at PostgreSQL's precision (microseconds). */
  createdAt: string;
  provider?: Organization | null;
  serviceAreas?: Area[];
  legalBasis?: Policy | null;
}

// created_at at full precision: a JS Date keeps milliseconds, so a cursor built from one would skip or
// repeat the rows that share a millisecond.
const CREATED_AT_TEXT = `to_char(r."created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function selectList(em: EntityManager, relations: ResourceRelations): string {
  const columns = [`r.*`, `${CREATED_AT_TEXT} as "__created_at"`];
  if (relations.provider) columns.push(`${organizationViewsSql(em, 'r."provider_id"')} as "__provider"`);
  if (relations.serviceAreas) columns.push(`${areaViewsSql(em, 'r."service_area_codes"')} as "__service_areas"`);
  if (relations.legalBasis) columns.push(`${policyViewsSql(em, 'r."legal_basis_id"')} as "__legal_basis"`);
  return columns.join(', ');
}

/** Rows to views; a provider, area or policy shown on many rows becomes one view. */
function toRows(em: EntityManager, rows: Record<string, unknown>[]): ResourceRow[] {
  const views = viewsOf<Resource>(em, 'Resource', rows);
  const organizations = new Map<string, Organization>();
  const areas = new Map<string, Area>();
  const policies = new Map<string, Policy>();
  const once = <T extends object>(
    cache: Map<string, T>,
    entity: string,
    json: Record<string, unknown>,
    key: string,
  ) => {
    let view = cache.get(key);
    if (!view) cache.set(key, (view = viewOfJson<T>(em, entity, json)));
    return view;
  };
  return rows.map((row, i) => {
    const result: ResourceRow = { view: views[i]!, createdAt: row.__created_at as string };
    if ('__provider' in row) {
      const json = row.__provider as Record<string, unknown> | null;
      result.provider = json && once(organizations, 'Organization', json, json.id as string);
    }
    if ('__service_areas' in row) {
      result.serviceAreas = [];
      for (const json of row.__service_areas as (Record<string, unknown> | null)[]) {
        if (json) result.serviceAreas.push(once(areas, 'Area', json, json.code as string));
      }
    }
    if ('__legal_basis' in row) {
      const json = row.__legal_basis as Record<string, unknown> | null;
      result.legalBasis = json && once(policies, 'Policy', json, json.id as string);
    }
    return result;
  });
}

/**
 * Hands the relations a page carried to the loaders the field resolvers read (organizationView,
 * areaViewByCode, policyView), so that no resolver runs a statement for them.
 */
export function primeRelations(ctx: HubContext, rows: ResourceRow[]): void {
  for (const row of rows) {
    if (row.provider !== undefined) ctx.loaders.organizationView.prime(row.view.provider.id, row.provider);
    if (row.serviceAreas) {
      const byCode = new Map(row.serviceAreas.map((a) => [a.code, a]));
      // Every code asked for, found or not: an unknown code must not cost a statement either.
      for (const code of row.view.serviceAreaCodes) ctx.loaders.areaViewByCode.prime(code, byCode.get(code) ?? null);
    }
    if (row.legalBasis !== undefined && row.view.legalBasis) {
      ctx.loaders.policyView.prime(row.view.legalBasis.id, row.legalBasis);
    }
  }
}

/** A list cursor: the row's (createdAt at microsecond precision, id), newest first. */
export function encodeListCursor(row: ResourceRow): string {
  return Buffer.from(`u:${JSON.stringify([row.createdAt, row.view.id])}`, 'utf8').toString('base64url');
}

/**
 * The cursor's sort keys, type-checked: anything else is BAD_USER_INPUT, never SQL. `u:` cursors carry
 * microseconds; the `k:` cursors handed out before them carry milliseconds and keep their meaning
 * (rows after that instant), so a client paging across an upgrade does not fail.
 */
export function decodeListCursor(after: string | null | undefined): { createdAt: string; id: string } | null {
  if (!after) return null;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  let keys: unknown;
  try {
    keys = text.startsWith('u:') || text.startsWith('k:') ? JSON.parse(text.slice(2)) : null;
  } catch {
    keys = null;
  }
  if (Array.isArray(keys) && keys.length === 2 && typeof keys[0] === 'string' && typeof keys[1] === 'string') {
    const [createdAt, id] = keys as [string, string];
    if (ISO_UTC.test(createdAt) && !Number.isNaN(Date.parse(createdAt)) && UUID.test(id)) return { createdAt, id };
  }
  throw new BadInputError('无效的游标 (malformed cursor)', 'after');
}

export interface ViewPage {
  rows: ResourceRow[];
  hasNextPage: boolean;
  /** Counts the whole list (see `EXACT_COUNT_CAP`); called only when the client selects `totalCount`. */
  count: () => Promise<number>;
}

/**
 * Up to this many the list's count is exact; above it, it is PostgreSQL's estimate, at least one more
 * (the schema's `totalCount` says so, as for a broad full-text search). Counting exactly costs in
 * proportion to the list (≈ 0.4–0.8 ms of PostgreSQL for 10,000 resources, on every page); the capped count
 * costs at most this many index entries, the estimate one EXPLAIN a minute per filter and viewer kind.
 */
export const EXACT_COUNT_CAP = 1000;
const ESTIMATE_TTL_MS = 60_000;
const ESTIMATE_ENTRIES = 1000;

/** Estimates by count key, with when they were made; per ORM instance (one database). */
const estimatesOf = boundedMapPerOrm<string, { rows: number; at: number }>(ESTIMATE_ENTRIES);

interface ExplainRow {
  'QUERY PLAN': { Plan: { 'Plan Rows': number } }[];
}

/** The planner's estimate of a list known to hold more than the cap, remembered for a minute. */
async function estimatedCount(em: EntityManager, key: string, where: { sql: string; params: unknown[] }) {
  const estimates = estimatesOf(em);
  const now = Date.now();
  const known = estimates.get(key);
  if (known && now - known.at < ESTIMATE_TTL_MS) return known.rows;
  const [row] = await readRows<ExplainRow>(
    em,
    `explain (format json) select 1 from resource c where ${where.sql}`,
    where.params,
  );
  const rows = Math.max(EXACT_COUNT_CAP + 1, Math.round(row!['QUERY PLAN'][0]!.Plan['Plan Rows']));
  estimates.delete(key);
  estimates.set(key, { rows, at: now });
  return rows;
}

export interface ListOptions {
  /** The query selects `totalCount`: the page's statement carries the capped count. */
  withCount?: boolean;
  /**
   * What a broad list's estimate is remembered by: the filter and the kind of viewer, never the clock
   * (the visibility filter's "now" differs on every request). Without it, the statement and its values.
   */
  countKey?: string;
}

/**
 * A page of the list. With `withCount` the page's statement carries the list's count, capped at
 * `EXACT_COUNT_CAP` + 1, so a count costs no round trip of its own; only a page that comes back empty
 * after a cursor counts in a statement of its own (an empty first page counts 0), and only a list over
 * the cap asks the planner for its estimate.
 */
export async function listResourceViews(
  em: EntityManager,
  where: FilterQuery<Resource>[],
  first: number,
  after: string | null | undefined,
  relations: ResourceRelations = NO_RELATIONS,
  options: ListOptions = {},
): Promise<ViewPage> {
  const withCount = options.withCount ?? false;
  const cursor = decodeListCursor(after);
  const page = sqlWhere(em, 'Resource', { $and: where });
  // The capped count: a scalar subquery PostgreSQL runs once for the statement; its parameters come
  // first, as it stands first in the text.
  const countSql = `select count(*)::int from (select 1 from resource c where ${page.sql} limit ${EXACT_COUNT_CAP + 1}) capped`;
  const params = withCount ? [...page.params, ...page.params] : [...page.params];
  let keyset = '';
  if (cursor) {
    // Compared in SQL, at the column's precision: (created_at, id) strictly after the cursor's row.
    keyset = ` and (r."created_at", r."id") < (?::timestamptz, ?::uuid)`;
    params.push(cursor.createdAt, cursor.id);
  }
  const total = withCount ? `, (${countSql}) as "__total"` : '';
  const rows = await readRows<Record<string, unknown>>(
    em,
    `select ${selectList(em, relations)}${total} from resource r where ${page.sql}${keyset}
     order by r."created_at" desc, r."id" desc limit ?`,
    [...params, first + 1],
  );
  const carried = !withCount ? undefined : rows.length > 0 ? (rows[0]!.__total as number) : cursor ? undefined : 0;
  return {
    rows: toRows(em, rows.slice(0, first)),
    hasNextPage: rows.length > first,
    count: async () => {
      const capped = carried ?? (await readRows<{ count: number }>(em, countSql, page.params))[0]!.count;
      if (capped <= EXACT_COUNT_CAP) return capped;
      return estimatedCount(em, options.countKey ?? JSON.stringify([page.sql, page.params]), page);
    },
  };
}

/** Views of these resources (search hits), with the relations asked for, in one statement; by id. */
export async function resourceViewsByIds(
  em: EntityManager,
  ids: readonly string[],
  relations: ResourceRelations = NO_RELATIONS,
): Promise<Map<string, ResourceRow>> {
  if (ids.length === 0) return new Map();
  const rows = await readRows<Record<string, unknown>>(
    em,
    `select ${selectList(em, relations)} from resource r where r."id" = any(?::uuid[])`,
    [pgTextArray(ids)],
  );
  return new Map(toRows(em, rows).map((row) => [row.view.id, row]));
}
