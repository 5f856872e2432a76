import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { systemClock } from '../core/clock';
import { highlight } from './highlight';
import {
  DATE,
  estimateStatement,
  exactStatement,
  headLength,
  recentStatement,
  type PageSpec,
  type SearchSpec,
  type SqlFragment,
} from './pg-search-sql';
import type { SearchDocument, SearchHit, SearchIndex, SearchKind, SearchQuery, SearchResult } from './search-index';
import { segmentForIndex, segmentQuery } from './segmenter';

/** The table behind PgSearchIndex; the migration creates exactly this. */
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
}

/** `estimate`: EXPLAIN for row estimates; `capped`/`exact`: GIN path with/without a cap; `recent`: recency scan. */
export type SearchStatement = 'estimate' | 'capped' | 'exact' | 'recent';

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
  private readonly estimates = new Map<string, Estimate>();

  constructor(options: PgSearchIndexOptions = {}) {
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
    const parts = segmentQuery(query.text);
    const tokens = parts.flat();
    if (tokens.length === 0) return { hits: [], total: 0 };
    const spec: SearchSpec = { kind: query.kind, tokens, filter: query.filter };
    const page: PageSpec = {
      offset: Math.max(0, Math.floor(query.offset)),
      limit: Math.max(0, Math.floor(query.limit)),
      window: this.candidateWindow,
    };
    const cap = this.exactCountCap;
    if (!Number.isFinite(cap)) return this.exact(em, spec, page, parts, undefined);

    const key = JSON.stringify([spec.kind, tokens, spec.filter?.all ?? [], spec.filter?.dateFrom, spec.filter?.dateTo]);
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
    if (this.estimates.size > ESTIMATE_ENTRIES) this.estimates.delete(this.estimates.keys().next().value!);
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
