import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { systemClock } from '../core/clock';
import { BoundedMap } from '../core/bounded-map';
import { highlight } from './highlight';
import {
  DATE,
  estimateStatement,
  exactStatement,
  filterSql,
  sql,
  headLength,
  recentStatement,
  relaxedStatement,
  type PageSpec,
  type SearchSpec,
  type SqlFragment,
} from './pg-search-sql';
import type { SearchDocument, SearchHit, SearchIndex, SearchKind, SearchQuery, SearchResult } from './search-index';
import { analyzeQuery, highlightParts, type QueryPlan } from './query-plan';
import { segmentForIndex } from './segmenter';
import { ThesaurusHolder } from './thesaurus';

/**
 * Whether any document of a kind matches a tsquery, through the GIN index only. As a plain EXISTS
 * the planner, which cannot tell a word absent from the corpus from a rare one, walks the table
 * for the first match (≈ 0.5 s over 20,000 policies for a word no text contains); inside a
 * function with the other scans disabled it probes the index (≈ 0.1 ms) and stops at the first hit
 * (`kind || ''` keeps the planner off the kind's own indexes, which would test every row of the kind).
 */
export const SEARCH_PRESENCE_FUNCTION_DDL = `
CREATE OR REPLACE FUNCTION search_concept_present(k text, q tsquery) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off SET enable_indexscan = off
AS $$ SELECT EXISTS (SELECT 1 FROM search_document x WHERE x.tsv @@ q AND x.kind || '' = k) $$;`;

/** The table behind PgSearchIndex; the migrations create exactly this. */
export const SEARCH_DOCUMENT_DDL = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS search_document (
  kind text NOT NULL,
  entity_id uuid NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  sort_key timestamptz NOT NULL,
  date_key date,
  title_tsv tsvector NOT NULL,
  tsv tsvector NOT NULL,
  PRIMARY KEY (kind, entity_id)
);
CREATE INDEX IF NOT EXISTS search_document_tsv_idx ON search_document USING gin (tsv);
CREATE INDEX IF NOT EXISTS search_document_title_tsv_idx ON search_document USING gin (title_tsv);
CREATE INDEX IF NOT EXISTS search_document_tags_idx ON search_document USING gin (tags);
CREATE INDEX IF NOT EXISTS search_document_recent_idx ON search_document (kind, sort_key DESC, entity_id);
CREATE INDEX IF NOT EXISTS search_document_title_trgm_idx ON search_document USING gin (title gin_trgm_ops);
${SEARCH_PRESENCE_FUNCTION_DDL}
`;

export interface PgSearchIndexOptions {
  /**
   * How many of the first matches in match order (title hits first, then newest) are ranked with
   * ts_rank_cd (default 40). Ranking and the recency scan read the toasted tsvector (≈ 10 µs a
   * document), so the window bounds a search's cost; later matches follow in match order.
   */
  candidateWindow?: number;
  /**
   * `total` is exact while at most this many documents match (default 1,000); above it, the
   * planner's estimate, flagged `totalIsEstimate`. `Infinity`: always exact (cost ∝ matches).
   */
  exactCountCap?: number;
  /** Documents per INSERT statement. */
  batchSize?: number;
  /** Diagnostics: called with each statement a search runs. */
  onStatement?: (statement: SearchStatement) => void;
  /** The thesaurus queries are expanded with (default: none). */
  thesaurus?: ThesaurusHolder;
  /**
   * A query of three or more concepts whose documents covering every concept number fewer than
   * this (default 1: none) is relaxed to "most concepts" (see relaxedStatement).
   */
  relaxBelow?: number;
  /** Candidates a relaxed search scores at most (default 500). */
  relaxedCap?: number;
}

/** Share of the weight of a query's concepts found in the corpus a relaxed match must cover. */
export const RELAXED_COVERAGE = 0.6;
/** Share of a query's concept weight that must occur in the corpus for a relaxed search to find anything. */
export const RELAXED_PRESENCE = 0.5;
// Concepts a relaxed search considers at most (the candidate query pairs them all).
const RELAXED_CONCEPTS = 7;

/** `estimate`: EXPLAIN for row estimates; `capped`/`exact`: GIN path with/without a cap; `recent`: recency scan. */
export type SearchStatement = 'estimate' | 'capped' | 'exact' | 'recent' | 'relaxed';

// Cost model (µs, measured on 2 cores, 20,000 documents of ≈ 1,240 characters): the recency scan
// pays for each filtered row it walks (detoasting tsv to test it); the GIN path for each match
// (bitmap entry, heap visit, sort). The recency scan may walk SCAN_SLACK × the expected rows.
const RECENT_ROW_US = 12;
const GIN_MATCH_US = 2.5;
const SCAN_SLACK = 3;

// What a search learnt about a query's match count (the planner's estimates, raised to cap + 1
// after a capped count overflowed, or the exact count), kept briefly so that repeated and
// paginated searches skip the EXPLAIN and the overflowing count.
const ESTIMATE_TTL_MS = 60_000;
const ESTIMATE_ENTRIES = 1000;

interface Estimate {
  /** Matching documents. */
  matches: number;
  /** Documents of the kind that pass the filters (what a recency scan walks through). */
  population: number;
  at: number;
}

interface PageRow {
  total: string;
  entity_id: string | null;
  title: string | null;
  body: string | null;
  score: number | null;
}

interface ExplainRow {
  'QUERY PLAN': { Plan: { 'Plan Rows': number; Plans?: { 'Plan Rows': number }[] } }[];
}
interface DocRecord {
  kind: SearchKind;
  entity_id: string;
  title: string;
  body: string;
  tags: string[];
  sort_key: string;
  date_key: string | null;
  title_tokens: string;
  body_tokens: string;
}

// PostgreSQL text cannot hold NUL characters.
function stripNul(text: string): string {
  return text.includes('\u0000') ? text.split('\u0000').join('') : text;
}

function toRecord(doc: SearchDocument): DocRecord {
  const title = stripNul(doc.title);
  const body = stripNul(doc.body);
  if (Number.isNaN(doc.sortKey.getTime())) throw new RangeError(`search document ${doc.id}: invalid sortKey`);
  if (doc.dateKey != null && !DATE.test(doc.dateKey)) {
    throw new RangeError(`search document ${doc.id}: dateKey must be YYYY-MM-DD, got "${doc.dateKey}"`);
  }
  return {
    kind: doc.kind,
    entity_id: doc.id,
    title,
    body,
    tags: doc.tags.map(stripNul),
    sort_key: doc.sortKey.toISOString(),
    date_key: doc.dateKey ?? null,
    // jieba runs here; PostgreSQL's parser only splits the space-separated tokens again.
    title_tokens: segmentForIndex(title).join(' '),
    body_tokens: segmentForIndex(body).join(' '),
  };
}

const UPSERT_SQL = `
INSERT INTO search_document (kind, entity_id, title, body, tags, sort_key, date_key, title_tsv, tsv)
SELECT d.kind, d.entity_id, d.title, d.body, d.tags, d.sort_key, d.date_key,
       to_tsvector('simple', d.title_tokens),
       setweight(to_tsvector('simple', d.title_tokens), 'A') || setweight(to_tsvector('simple', d.body_tokens), 'B')
FROM jsonb_to_recordset(?::jsonb) AS d(kind text, entity_id uuid, title text, body text, tags text[],
  sort_key timestamptz, date_key date, title_tokens text, body_tokens text)
ON CONFLICT (kind, entity_id) DO UPDATE SET
  title = excluded.title, body = excluded.body, tags = excluded.tags, sort_key = excluded.sort_key,
  date_key = excluded.date_key, title_tsv = excluded.title_tsv, tsv = excluded.tsv`;

/**
 * PostgreSQL full-text search over jieba tokens.
 *
 * Match order (deterministic, so offset pagination visits every match once): title hits before
 * body-only matches, each newest first, ties by id. The first `candidateWindow` matches in that
 * order are ranked and shown by (title hit, rank, newest, id); the matches after them keep match
 * order. Only the window and the page are ranked, never the whole match set.
 *
 * `total` and the path a search takes (E: the planner's estimate of the matches, from one EXPLAIN,
 * remembered for a minute per query together with what later searches learnt):
 * - E ≤ exactCountCap: the GIN path reads at most cap + 1 matches. When they fit, `total` is the
 *   exact count; otherwise more than the cap match: E becomes at least cap + 1 and the search
 *   goes on as below.
 * - E > cap, while it is expected to be cheaper than visiting every match: the recency scan finds
 *   only the head of the match order (page 1 of a broad query: ≈ window × N/E tsv tests, N the
 *   documents the filters leave). `total` is the estimate E (at least the head found), flagged
 *   `totalIsEstimate`: it may be off either way, pages past the last match are simply empty.
 * - otherwise (deep pages, sparse matches, or a recency scan that came up short because the
 *   estimate was too high): the GIN path over every match, with the exact `total` (cost ∝ matches).
 */
export class PgSearchIndex implements SearchIndex {
  private readonly candidateWindow: number;
  private readonly exactCountCap: number;
  private readonly batchSize: number;
  private readonly onStatement: (statement: SearchStatement) => void;
  private readonly estimates = new BoundedMap<string, Estimate>(ESTIMATE_ENTRIES);
  readonly thesaurus: ThesaurusHolder;
  private readonly relaxBelow: number;
  private readonly relaxedCap: number;

  constructor(options: PgSearchIndexOptions = {}) {
    this.thesaurus = options.thesaurus ?? new ThesaurusHolder();
    this.relaxBelow = Math.max(0, Math.floor(options.relaxBelow ?? 1));
    this.relaxedCap = Math.max(1, Math.floor(options.relaxedCap ?? 500));
    this.candidateWindow = Math.max(0, Math.floor(options.candidateWindow ?? 40));
    this.exactCountCap = Math.max(0, Math.floor(options.exactCountCap ?? 1000));
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
    this.onStatement = options.onStatement ?? (() => {});
  }

  async upsert(em: EntityManager, docs: SearchDocument[]): Promise<void> {
    // One statement cannot update a row twice: the last version of a document wins.
    const unique = new Map<string, SearchDocument>();
    for (const doc of docs) unique.set(`${doc.kind}\u0000${doc.id}`, doc);
    const all = [...unique.values()];
    for (let i = 0; i < all.length; i += this.batchSize) {
      const records = all.slice(i, i + this.batchSize).map(toRecord);
      await run(em, UPSERT_SQL, [JSON.stringify(records)]);
    }
  }

  async remove(em: EntityManager, kind: SearchKind, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await run(em, 'DELETE FROM search_document WHERE kind = ? AND entity_id = ANY(?::uuid[])', [kind, ids]);
  }

  async search(em: EntityManager, query: SearchQuery): Promise<SearchResult> {
    const plan = query.plan ?? analyzeQuery(query.text, this.thesaurus.current);
    if (plan.concepts.length === 0) return { hits: [], total: 0 };
    const parts = highlightParts(plan);
    const spec: SearchSpec = {
      kind: query.kind,
      concepts: plan.concepts.map((c) => c.alternatives),
      filter: query.filter,
    };
    const page: PageSpec = {
      offset: Math.max(0, Math.floor(query.offset)),
      limit: Math.max(0, Math.floor(query.limit)),
      window: this.candidateWindow,
    };
    const all = await this.searchAll(em, spec, page, parts, plan.key);
    if (plan.concepts.length < 3 || all.totalIsEstimate || all.total >= this.relaxBelow) return all;
    return this.relaxed(em, spec, page, parts, plan);
  }

  private async relaxed(
    em: EntityManager,
    spec: SearchSpec,
    page: PageSpec,
    parts: string[][],
    plan: QueryPlan,
  ): Promise<SearchResult> {
    this.onStatement('relaxed');
    const concepts = plan.concepts.slice(0, RELAXED_CONCEPTS);
    const weights = concepts.map((c) => c.weight);
    const rows = await run<PageRow>(
      em,
      relaxedStatement(
        {
          ...spec,
          concepts: concepts.map((c) => c.alternatives),
          weights,
          coverage: RELAXED_COVERAGE,
          presence: RELAXED_PRESENCE,
          cap: this.relaxedCap,
        },
        page,
      ),
    );
    return { hits: toHits(rows, parts), total: headCount(rows) };
  }

  // Documents covering every concept.
  private async searchAll(
    em: EntityManager,
    spec: SearchSpec,
    page: PageSpec,
    parts: string[][],
    planKey: string,
  ): Promise<SearchResult> {
    const cap = this.exactCountCap;
    if (!Number.isFinite(cap)) return this.exact(em, spec, page, parts, undefined);

    const key = JSON.stringify([
      spec.kind,
      planKey,
      spec.filter?.all ?? [],
      spec.filter?.dateFrom,
      spec.filter?.dateTo,
    ]);
    const estimate = this.recall(key) ?? (await this.estimate(em, spec));
    if (estimate.matches <= cap) {
      const result = await this.exact(em, spec, page, parts, cap);
      if (result.total <= cap) return this.remember(key, estimate, result);
      estimate.matches = Math.max(estimate.matches, cap + 1);
    }
    this.remember(key, estimate);
    const matches = estimate.matches;
    if (page.limit === 0) return { hits: [], total: matches, totalIsEstimate: true };

    const head = headLength(page);
    const rowsPerMatch = Math.max(1, estimate.population / matches);
    if (head * rowsPerMatch * RECENT_ROW_US <= matches * GIN_MATCH_US) {
      this.onStatement('recent');
      const scan = Math.ceil(head * rowsPerMatch * SCAN_SLACK) + 64;
      const rows = await run<PageRow>(em, recentStatement(spec, page, scan));
      // A short head: the scan bound was hit (the estimate was too high) or the matches ran out.
      if (headCount(rows) === head) {
        return { hits: toHits(rows, parts), total: Math.max(matches, head), totalIsEstimate: true };
      }
    }
    return this.remember(key, estimate, await this.exact(em, spec, page, parts, undefined));
  }

  /**
   * Titles closest to the query (pg_trgm word similarity over the title index, at least 0.6 by
   * default) among the documents the filters let through: suggestions for an empty result.
   */
  async suggestTitles(em: EntityManager, query: SearchQuery, limit: number): Promise<string[]> {
    const text = (query.plan?.normalized ?? query.text).slice(0, 100);
    if (text.trim() === '' || limit <= 0) return [];
    const rows = await run<{ title: string }>(
      em,
      sql`SELECT d.title FROM search_document d
          WHERE d.kind = ${query.kind} AND ${text} <% d.title ${filterSql(query.filter)}
          ORDER BY word_similarity(${text}, d.title) DESC, d.sort_key DESC LIMIT ${limit}`,
    );
    return rows.map((r) => r.title);
  }

  private recall(key: string): Estimate | undefined {
    const known = this.estimates.get(key);
    if (known === undefined) return undefined;
    this.estimates.delete(key);
    return systemClock.now().getTime() - known.at < ESTIMATE_TTL_MS ? { ...known } : undefined;
  }

  // Keeps the estimate, corrected by an exact count when `result` has one; returns `result`.
  private remember(key: string, estimate: Estimate, result?: SearchResult): SearchResult {
    const matches = result && !result.totalIsEstimate ? result.total : estimate.matches;
    this.estimates.delete(key);
    this.estimates.set(key, { ...estimate, matches });
    return result ?? { hits: [], total: matches };
  }

  private async estimate(em: EntityManager, spec: SearchSpec): Promise<Estimate> {
    this.onStatement('estimate');
    const [row] = await run<ExplainRow>(em, estimateStatement(spec));
    const plan = row['QUERY PLAN'][0].Plan;
    const matches = plan.Plans?.[0]?.['Plan Rows'] ?? plan['Plan Rows'];
    const population = plan.Plans?.[1]?.['Plan Rows'] ?? matches;
    return { matches: Math.round(matches), population: Math.round(population), at: systemClock.now().getTime() };
  }

  private async exact(
    em: EntityManager,
    spec: SearchSpec,
    page: PageSpec,
    parts: string[][],
    cap: number | undefined,
  ): Promise<SearchResult> {
    this.onStatement(cap === undefined ? 'exact' : 'capped');
    const rows = await run<PageRow>(em, exactStatement(spec, page, cap));
    return { hits: toHits(rows, parts), total: headCount(rows) };
  }
}

function headCount(rows: PageRow[]): number {
  return rows.length > 0 ? Number(rows[0].total) : 0;
}

function toHits(rows: PageRow[], parts: string[][]): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const row of rows) {
    if (row.entity_id === null) continue;
    const title = row.title ?? '';
    const titleFragments = highlight(title, parts, { maxFragments: 1, fragmentLength: Math.max(60, title.length) });
    hits.push({
      id: row.entity_id,
      score: row.score ?? 0,
      highlights: [...titleFragments, ...highlight(row.body ?? '', parts)],
    });
  }
  return hits;
}

// Runs on the caller's transaction when `em` is a transactional fork; bindings go to the server
// as $n parameters (knex), never spliced into the SQL text.
async function run<T>(
  em: EntityManager,
  statement: SqlFragment | string,
  params: readonly Knex.Value[] = [],
): Promise<T[]> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  const knex = trx ?? em.getKnex();
  const [text, values] = typeof statement === 'string' ? [statement, params] : [statement.text, statement.params];
  const result = await knex.raw<{ rows: T[] }>(text, values);
  return result.rows;
}
