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
  /**
   * The query's concepts, each a list of alternatives, each a list of jieba tokens: a document
   * matches when it contains, for every concept, all tokens of one alternative (plainto_tsquery
   * per alternative, so operator characters are ignored).
   */
  concepts: string[][][];
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

/** One concept as a tsquery: its alternatives ORed. */
export function conceptQuery(alternatives: string[][]): SqlFragment {
  const parts = alternatives.map((tokens) => sql`plainto_tsquery('simple', ${tokens.join(' ')})`);
  return parts.length === 1 ? parts[0] : sql`(${joinWith(parts, ' || ')})`;
}

export function joinWith(fragments: SqlFragment[], separator: string): SqlFragment {
  return new SqlFragment(
    fragments.map((f) => f.text).join(separator),
    fragments.flatMap((f) => f.params),
  );
}

/** Every concept (AND of ORs). */
export function allConceptsQuery(concepts: string[][][]): SqlFragment {
  if (concepts.length === 1) return conceptQuery(concepts[0]);
  return sql`(${joinWith(concepts.map(conceptQuery), ' && ')})`;
}

// A constant for the planner: it estimates the match with the lexeme statistics.
function constQuery(spec: SearchSpec): SqlFragment {
  return allConceptsQuery(spec.concepts);
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

// Positions [0, window) come from the ranked window, the rest straight from the match order.
function positions(page: PageSpec) {
  const pageEnd = page.offset + page.limit;
  const window = page.offset < page.window && page.limit > 0 ? page.window : 0;
  return {
    pageEnd,
    window,
    restOffset: Math.max(page.offset, page.window),
    /** How much of the match order the page needs: the whole window when it touches it. */
    head: page.limit === 0 ? 0 : Math.max(window, pageEnd),
  };
}

/** How many matches from the start of the match order a page needs. */
export function headLength(page: PageSpec): number {
  return positions(page).head;
}

// `picked` holds the window and the page rows of the head with their rank; they are placed
// (window: by title hit, rank, then match order; the rest: match order) and the page is cut.
function placeAndCut(page: PageSpec, totalSql: SqlFragment): SqlFragment {
  const { pageEnd, window, restOffset } = positions(page);
  return sql`,
placed AS (
  SELECT entity_id, title, body, rank, row_number() OVER (ORDER BY title_hit DESC, rank DESC, pos) - 1 AS pos
  FROM picked WHERE pos < ${window}
  UNION ALL
  SELECT entity_id, title, body, rank, pos FROM picked WHERE pos >= ${restOffset}
)
SELECT t.total, p.entity_id, p.title, p.body, p.rank AS score
FROM (${totalSql}) t LEFT JOIN placed p ON p.pos >= ${page.offset} AND p.pos < ${pageEnd}
ORDER BY p.pos`;
}

// Which head positions `picked` keeps.
function pickedPositions(page: PageSpec, column: string): SqlFragment {
  const { pageEnd, window, restOffset } = positions(page);
  return sql`(${raw(column)} < ${window} OR (${raw(column)} >= ${restOffset} AND ${raw(column)} < ${pageEnd}))`;
}

/**
 * Every match through the GIN index (cost ∝ matches): exact total and order. With `cap`, at most
 * cap + 1 matches are read; when more match, only `total` (cap + 1) comes back and no page.
 */
export function exactStatement(spec: SearchSpec, page: PageSpec, cap: number | undefined): SqlFragment {
  const q = ginQuery(spec);
  const capped = cap !== undefined;
  // With a cap, an overflowing match set yields no page: an InitPlan gates the ordering.
  const complete = capped ? sql`WHERE (SELECT count(*) <= ${cap} FROM matches)` : raw('');
  return sql`
WITH matches AS MATERIALIZED (
  SELECT d.entity_id, d.sort_key, d.title_tsv @@ ${q} AS title_hit
  FROM search_document d
  WHERE d.kind = ${spec.kind} AND d.tsv @@ ${q} ${filterSql(spec.filter)}
  ${capped ? sql`LIMIT ${cap + 1}` : raw('')}
),
picked AS (
  SELECT o.pos, o.title_hit, d.entity_id, d.title, d.body, ${rank('d.tsv', q)} AS rank
  FROM (SELECT entity_id, title_hit, row_number() OVER (ORDER BY title_hit DESC, sort_key DESC, entity_id) - 1 AS pos
        FROM (SELECT * FROM matches ${complete}
              ORDER BY title_hit DESC, sort_key DESC, entity_id LIMIT ${headLength(page)}) top) o
  JOIN search_document d ON d.kind = ${spec.kind} AND d.entity_id = o.entity_id
  WHERE ${pickedPositions(page, 'o.pos')}
)${placeAndCut(page, raw('SELECT count(*) AS total FROM matches'))}`;
}

/**
 * The head of the match order — title hits newest first, then the newest body-only matches —
 * without visiting the other matches: title hits as the planner likes (title_tsv is small and
 * stored inline), body-only matches by walking the (kind, sort_key desc, entity_id) index newest
 * first through at most `scan` filtered rows, each tested against tsv. `total` is the number of
 * head rows found: fewer than the head length means the scan bound was hit or the matches ran out.
 * Relies on title_tsv ⊆ tsv (upsert builds tsv from the title tokens too): a title hit matches.
 */
export function recentStatement(spec: SearchSpec, page: PageSpec, scan: number): SqlFragment {
  const q = constQuery(spec);
  // The filter on the scanned rows needs no estimate: skip the planner's statistics lookup.
  const qp = ginQuery(spec);
  const filters = filterSql(spec.filter);
  const head = headLength(page);
  return sql`
WITH title_part AS MATERIALIZED (
  SELECT d.entity_id, d.sort_key, d.title, d.body, d.tsv FROM search_document d
  WHERE d.kind = ${spec.kind} AND d.title_tsv @@ ${q} ${filters}
  ORDER BY d.sort_key DESC, d.entity_id LIMIT ${head}
),
head AS (
  SELECT u.*, row_number() OVER (ORDER BY u.title_hit DESC, u.sort_key DESC, u.entity_id) - 1 AS pos FROM (
    SELECT entity_id, sort_key, title, body, tsv, true AS title_hit FROM title_part
    UNION ALL (
      SELECT s.entity_id, s.sort_key, s.title, s.body, s.tsv, false FROM (
        SELECT d.entity_id, d.sort_key, d.title, d.body, d.tsv, d.title_tsv FROM search_document d
        WHERE d.kind = ${spec.kind} ${filters}
        ORDER BY d.sort_key DESC, d.entity_id LIMIT ${scan}) s
      WHERE NOT s.title_tsv @@ ${qp} AND s.tsv @@ ${qp}
      LIMIT ${head} - (SELECT count(*) FROM title_part))) u
),
picked AS (
  SELECT pos, title_hit, entity_id, title, body, ${rank('tsv', q)} AS rank FROM head WHERE ${pickedPositions(page, 'pos')}
)${placeAndCut(page, raw('SELECT count(*) AS total FROM head'))}`;
}

/**
 * A relaxed search. Concepts no document of the kind contains (健身房, 喝) are left out of the
 * weight a match must cover, but a query mostly made of such concepts is about something the hub
 * does not cover and finds nothing.
 */
export interface RelaxedSpec extends SearchSpec {
  weights: number[];
  /** Share of the weight of the concepts present in the corpus a match must cover. */
  coverage: number;
  /** Share of the query's weight that must be present in the corpus at all. */
  presence: number;
  /** Candidates read at most (documents matching any two concepts). */
  cap: number;
}

/**
 * The "most concepts" fallback (as Meilisearch's `last` matching strategy): candidates are the
 * documents that contain any two of the concepts (GIN, no tsvector read), each scored by the
 * weight of the concepts it covers (one stripped copy of its tsvector), kept when it covers at
 * least two whole-word concepts and enough weight; ordered by weight covered, concepts matched by
 * the words as typed (not a synonym), concepts in the title, then — within the ranked window —
 * ts_rank_cd over all the concepts, then newest. `total` is exact up to `cap` candidates.
 */
export function relaxedStatement(spec: RelaxedSpec, page: PageSpec): SqlFragment {
  const concepts = spec.concepts.map(conceptQuery);
  const typed = spec.concepts.map((alternatives) => conceptQuery(alternatives.slice(0, 1)));
  const pairs: SqlFragment[] = [];
  for (let i = 0; i < concepts.length; i++) {
    for (let j = i + 1; j < concepts.length; j++) pairs.push(sql`(${concepts[i]} && ${concepts[j]})`);
  }
  const anyPair = joinWith(pairs, ' || ');
  const weighted = (column: string, queries: SqlFragment[], weights: number[]) =>
    joinWith(
      queries.map((c, i) => sql`CASE WHEN ${raw(column)} @@ ${c} THEN ${weights[i]}::float8 ELSE 0 END`),
      ' + ',
    );
  const ones = concepts.map(() => 1);
  // Only whole words count towards the two concepts a relaxed match needs (not 内 or 腿 alone).
  const wordWeights = spec.weights.map((w) => (w >= 1 ? 1 : 0));
  const present = joinWith(
    concepts.map(
      (c, i) => sql`CASE WHEN search_concept_present(${spec.kind}, ${c}) THEN ${spec.weights[i]}::float8 ELSE 0 END`,
    ),
    ' + ',
  );
  const anyConcept = sql`(${joinWith(concepts, ' || ')})`;
  const total = spec.weights.reduce((a, b) => a + b, 0);
  const pageEnd = page.offset + page.limit;
  const ranked = Math.max(page.window, pageEnd);
  return sql`
WITH presence AS MATERIALIZED (SELECT ${present} AS weight),
cand AS MATERIALIZED (
  SELECT d.entity_id FROM search_document d
  WHERE d.kind = ${spec.kind} AND d.tsv @@ (SELECT (${anyPair})) ${filterSql(spec.filter)}
    AND (SELECT weight FROM presence) >= ${spec.presence * total - 1e-9}::float8
  LIMIT ${spec.cap}
),
scored AS MATERIALIZED (
  SELECT s.entity_id, s.sort_key, ${weighted('s.v', concepts, spec.weights)} AS covered,
         ${weighted('s.v', concepts, wordWeights)} AS matched, ${weighted('s.v', typed, ones)} AS exact,
         ${weighted('s.tv', concepts, ones)} AS in_title
  FROM (SELECT d.entity_id, d.sort_key, strip(d.tsv) AS v, strip(d.title_tsv) AS tv
        FROM cand c JOIN search_document d ON d.kind = ${spec.kind} AND d.entity_id = c.entity_id OFFSET 0) s
),
kept AS (
  SELECT entity_id, sort_key, covered, exact, in_title,
         row_number() OVER (ORDER BY covered DESC, exact DESC, in_title DESC, sort_key DESC, entity_id) - 1 AS pos
  FROM scored WHERE matched >= 2 AND covered >= ${spec.coverage}::float8 * (SELECT weight FROM presence) - 1e-9
),
ranked AS (
  SELECT k.entity_id, k.covered, k.exact, k.in_title, k.pos, d.title, d.body,
         CASE WHEN k.pos < ${page.window} THEN ${rank('d.tsv', sql`(SELECT ${anyConcept})`)} ELSE 0 END AS rank
  FROM kept k JOIN search_document d ON d.kind = ${spec.kind} AND d.entity_id = k.entity_id
  WHERE k.pos < ${ranked}
),
placed AS (
  SELECT *, row_number() OVER (ORDER BY pos >= ${page.window}, covered DESC, exact DESC, in_title DESC, rank DESC, pos) - 1 AS fpos
  FROM ranked
)
SELECT t.total, p.entity_id, p.title, p.body, (p.covered + p.rank) / ${total + 1}::float8 AS score
FROM (SELECT count(*) AS total FROM kept) t LEFT JOIN placed p ON p.fpos >= ${page.offset} AND p.fpos < ${pageEnd}
ORDER BY p.fpos`;
}
