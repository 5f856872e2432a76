import type { Knex } from '@mikro-orm/postgresql';
import type { SearchFilter, SearchKind } from './search-index';

/** The statements behind PgSearchIndex.search; pg-search-index.ts chooses among them. */

/** A piece of SQL with `?` placeholders and their values, in order. */
export class SqlFragment {
  constructor(
    readonly text: string,
    readonly params: readonly Knex.Value[],
  ) {}
}

// Tagged template: interpolated values become bound parameters, fragments are spliced in.
export function sql(strings: TemplateStringsArray, ...values: (Knex.Value | SqlFragment)[]): SqlFragment {
  let text = strings[0];
  const params: Knex.Value[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlFragment) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1];
  });
  return new SqlFragment(text, params);
}

// Only for fixed SQL text chosen by this module, never for input.
function raw(text: string): SqlFragment {
  return new SqlFragment(text, []);
}

function join(fragments: SqlFragment[]): SqlFragment {
  return new SqlFragment(
    fragments.map((f) => f.text).join(' '),
    fragments.flatMap((f) => f.params),
  );
}

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What every statement of one search shares. */
export interface SearchSpec {
  kind: SearchKind;
  /** The jieba tokens, ANDed by plainto_tsquery (which ignores operator characters). */
  tokens: string[];
  filter?: SearchFilter;
}

/** Positions of the requested page in the result order, and the ranked window. */
export interface PageSpec {
  offset: number;
  limit: number;
  window: number;
}

/** `AND …` conditions on `d` for the tag groups and the date range. */
export function filterSql(filter: SearchFilter | undefined): SqlFragment {
  const filters: SqlFragment[] = [];
  for (const group of filter?.all ?? []) filters.push(sql`AND d.tags && ${group}::text[]`);
  for (const [op, value] of [
    ['>=', filter?.dateFrom],
    ['<=', filter?.dateTo],
  ] as const) {
    if (value === undefined) continue;
    if (!DATE.test(value)) throw new RangeError(`date filter must be YYYY-MM-DD, got "${value}"`);
    filters.push(sql`AND d.date_key ${raw(op)} ${value}::date`);
  }
  return join(filters);
}

// A constant for the planner: it estimates the match with the lexeme statistics.
function constQuery(spec: SearchSpec): SqlFragment {
  return sql`plainto_tsquery('simple', ${spec.tokens.join(' ')})`;
}

// A scalar subquery (an InitPlan): the planner assumes a selective match and always takes the GIN
// index, whose bitmap answers a plain AND exactly without reading tsv (a seq scan or an index
// scan with a tsv filter detoasts every tsv it meets, ≈ 10 µs each).
function ginQuery(spec: SearchSpec): SqlFragment {
  return sql`(SELECT ${constQuery(spec)})`;
}

// Weights D, C, B, A: title (A) counts 2.5× body (B). Normalisation 1|32: divide by
// 1 + log(length), then map to [0, 1).
function rank(column: string, q: SqlFragment): SqlFragment {
  return sql`ts_rank_cd('{0.1,0.2,0.4,1.0}'::float4[], ${raw(column)}, ${q}, 33)`;
}

/**
 * The planner's row estimates (one EXPLAIN, no execution): `matches` for the full query,
 * `population` for the same filters without the text (the rows a recency scan walks through).
 */
export function estimateStatement(spec: SearchSpec): SqlFragment {
  const filters = filterSql(spec.filter);
  return sql`EXPLAIN (FORMAT JSON)
SELECT 1 FROM search_document d WHERE d.kind = ${spec.kind} AND d.tsv @@ ${constQuery(spec)} ${filters}
UNION ALL
SELECT 1 FROM search_document d WHERE d.kind = ${spec.kind} ${filters}`;
}

// Shared tail: page rows (entity_id, rank or NULL, pos) joined to their text, or one row with
// only `total` when the page is empty.
function pageTail(spec: SearchSpec, q: SqlFragment, totalSql: SqlFragment): SqlFragment {
  return sql`
SELECT t.total, p.entity_id, p.title, p.body, p.score
FROM (${totalSql}) t
LEFT JOIN (
  SELECT page.pos, d.entity_id, d.title, d.body, coalesce(page.rank, ${rank('d.tsv', q)}) AS score
  FROM page JOIN search_document d ON d.kind = ${spec.kind} AND d.entity_id = page.entity_id
) p ON true
ORDER BY p.pos`;
}

// Positions [0, window) come from the ranked window, the rest straight from the match order.
function positions(page: PageSpec) {
  const pageEnd = page.offset + page.limit;
  return {
    pageEnd,
    candidateLimit: page.offset < page.window && page.limit > 0 ? page.window : 0,
    restOffset: Math.max(page.offset, page.window),
  };
}

/**
 * Every match through the GIN index (cost ∝ matches): exact total and order. With `cap`, at most
 * cap + 1 matches are read; when more match, only `total` (cap + 1) comes back and no page.
 */
export function exactStatement(spec: SearchSpec, page: PageSpec, cap: number | undefined): SqlFragment {
  const q = ginQuery(spec);
  const { pageEnd, candidateLimit, restOffset } = positions(page);
  const restLimit = Math.max(0, pageEnd - restOffset);
  const capped = cap !== undefined;
  // With a cap, an overflowing match set yields no page: an InitPlan gates the ranking.
  const complete = capped ? sql`AND (SELECT count(*) <= ${cap} FROM matches)` : raw('');
  return sql`
WITH matches AS MATERIALIZED (
  SELECT d.entity_id, d.sort_key, d.title_tsv @@ ${q} AS title_hit
  FROM search_document d
  WHERE d.kind = ${spec.kind} AND d.tsv @@ ${q} ${filterSql(spec.filter)}
  ${capped ? sql`LIMIT ${cap + 1}` : raw('')}
),
candidates AS (
  SELECT entity_id, sort_key, title_hit FROM matches WHERE true ${complete}
  ORDER BY title_hit DESC, sort_key DESC, entity_id LIMIT ${candidateLimit}
),
ranked AS (
  SELECT entity_id, rank, row_number() OVER (ORDER BY title_hit DESC, rank DESC, sort_key DESC, entity_id) - 1 AS pos
  FROM (SELECT c.entity_id, c.title_hit, c.sort_key, ${rank('d.tsv', q)} AS rank
        FROM candidates c JOIN search_document d ON d.kind = ${spec.kind} AND d.entity_id = c.entity_id) r
),
page AS (
  SELECT entity_id, rank, pos FROM ranked WHERE pos >= ${page.offset} AND pos < ${pageEnd}
  UNION ALL
  SELECT entity_id, NULL, ${restOffset}::bigint - 1 + row_number() OVER (ORDER BY title_hit DESC, sort_key DESC, entity_id)
  FROM (SELECT * FROM matches WHERE true ${complete}
        ORDER BY title_hit DESC, sort_key DESC, entity_id OFFSET ${restOffset} LIMIT ${restLimit}) rest
)${pageTail(spec, q, raw('SELECT count(*) AS total FROM matches'))}`;
}

/**
 * The first `head` matches in match order — title hits newest first, then the newest body-only
 * matches — without visiting the others: title hits as the planner likes (title_tsv is small and
 * stored inline), body-only matches by walking the (kind, sort_key desc, entity_id) index newest
 * first through at most `scan` filtered rows, each tested against tsv. `total` is the number of
 * head rows found: fewer than `head` means the scan bound was hit or the matches ran out.
 * Relies on title_tsv ⊆ tsv (upsert builds tsv from the title tokens too): a title hit matches.
 */
export function recentStatement(spec: SearchSpec, page: PageSpec, head: number, scan: number): SqlFragment {
  const q = constQuery(spec);
  const filters = filterSql(spec.filter);
  const { pageEnd, candidateLimit, restOffset } = positions(page);
  return sql`
WITH title_part AS MATERIALIZED (
  SELECT d.entity_id, d.sort_key, d.tsv FROM search_document d
  WHERE d.kind = ${spec.kind} AND d.title_tsv @@ ${q} ${filters}
  ORDER BY d.sort_key DESC, d.entity_id LIMIT ${head}
),
body_part AS MATERIALIZED (
  SELECT s.entity_id, s.sort_key, s.tsv FROM (
    SELECT d.entity_id, d.sort_key, d.tsv, d.title_tsv FROM search_document d
    WHERE d.kind = ${spec.kind} ${filters}
    ORDER BY d.sort_key DESC, d.entity_id LIMIT ${scan}
  ) s
  WHERE NOT s.title_tsv @@ ${q} AND s.tsv @@ ${q}
  LIMIT ${head} - (SELECT count(*) FROM title_part)
),
head AS (
  SELECT u.*, row_number() OVER (ORDER BY u.title_hit DESC, u.sort_key DESC, u.entity_id) - 1 AS pos
  FROM (SELECT entity_id, sort_key, tsv, true AS title_hit FROM title_part
        UNION ALL SELECT entity_id, sort_key, tsv, false FROM body_part) u
),
ranked AS (
  SELECT entity_id, rank, row_number() OVER (ORDER BY title_hit DESC, rank DESC, sort_key DESC, entity_id) - 1 AS pos
  FROM (SELECT entity_id, title_hit, sort_key, ${rank('h.tsv', q)} AS rank
        FROM head h WHERE h.pos < ${candidateLimit}) r
),
page AS (
  SELECT entity_id, rank, pos FROM ranked WHERE pos >= ${page.offset} AND pos < ${pageEnd}
  UNION ALL
  SELECT entity_id, NULL, pos FROM head WHERE pos >= ${restOffset} AND pos < ${pageEnd}
)${pageTail(spec, q, raw('SELECT count(*) AS total FROM head'))}`;
}
