import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { highlight } from './highlight';
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
   * How many of the first matches (title hits first, then newest) are ranked with ts_rank_cd
   * (default 100). Ranking detoasts the tsvector (≈ 8–20 µs a document), so it is bounded;
   * later matches follow newest first.
   */
  candidateWindow?: number;
  /**
   * Caps the matches a query considers: when more match, only the first `maxScan` found (storage
   * order) are ordered and paginated, and `total` reports `maxScan`. Every match costs a heap
   * visit (≈ 1–2 µs here) to read its sort key and count it, so this bounds broad queries.
   * Unset (the default): exact total and order over all matches.
   */
  maxScan?: number;
  /** Documents per INSERT statement. */
  batchSize?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface PageRow {
  total: string;
  entity_id: string | null;
  title: string | null;
  body: string | null;
  score: number | null;
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

/** A piece of SQL with `?` placeholders and their values, in order. */
class SqlFragment {
  constructor(
    readonly text: string,
    readonly params: readonly Knex.Value[],
  ) {}
}

// Tagged template: interpolated values become bound parameters, fragments are spliced in.
function sql(strings: TemplateStringsArray, ...values: (Knex.Value | SqlFragment)[]): SqlFragment {
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
 * PostgreSQL full-text search over jieba tokens. Order of a result set (deterministic, so offset
 * pagination visits every match once): the first `candidateWindow` matches by (title hit, newest)
 * are ranked and ordered by (title hit, rank, newest, id); the matches after them follow by
 * (title hit, newest, id). Only the window and the page are ranked, never the whole match set.
 */
export class PgSearchIndex implements SearchIndex {
  private readonly candidateWindow: number;
  private readonly batchSize: number;
  private readonly maxScan: number | undefined;

  constructor(options: PgSearchIndexOptions = {}) {
    this.candidateWindow = Math.max(0, Math.floor(options.candidateWindow ?? 100));
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
    this.maxScan = options.maxScan === undefined ? undefined : Math.max(1, Math.floor(options.maxScan));
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

    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    const window = this.candidateWindow;
    const pageEnd = offset + limit;
    // Positions [0, window) come from the ranked window, the rest straight from the match order.
    const candidateLimit = offset < window && limit > 0 ? window : 0;
    const restOffset = Math.max(offset, window);
    const restLimit = Math.max(0, pageEnd - restOffset);

    // A scalar subquery (an InitPlan), not a constant: the planner then assumes a selective
    // match and always takes the GIN index. With the real estimate it seq-scans broad queries,
    // and a seq scan detoasts every tsv (≈ 300 ms on 20,000 documents; the bitmap scan never
    // reads tsv, as GIN answers a plain AND exactly).
    const q = sql`(SELECT plainto_tsquery('simple', ${tokens.join(' ')}))`;
    const filters: SqlFragment[] = [];
    for (const group of query.filter?.all ?? []) filters.push(sql`AND d.tags && ${group}::text[]`);
    for (const [op, value] of [
      ['>=', query.filter?.dateFrom],
      ['<=', query.filter?.dateTo],
    ] as const) {
      if (value === undefined) continue;
      if (!DATE.test(value)) throw new RangeError(`date filter must be YYYY-MM-DD, got "${value}"`);
      filters.push(sql`AND d.date_key ${raw(op)} ${value}::date`);
    }
    // Weights D, C, B, A: title (A) counts 2.5× body (B). Normalisation 1|32: divide by
    // 1 + log(length), then map to [0, 1).
    const rank = sql`ts_rank_cd('{0.1,0.2,0.4,1.0}'::float4[], d.tsv, ${q}, 33)`;

    // plainto_tsquery ANDs the tokens and ignores operator characters, so input cannot inject
    // tsquery syntax; every value is a bound parameter.
    const scanLimit = this.maxScan === undefined ? raw('') : sql`LIMIT ${this.maxScan}`;
    const statement = sql`
WITH matches AS MATERIALIZED (
  SELECT d.entity_id, d.sort_key, d.title_tsv @@ ${q} AS title_hit
  FROM search_document d
  WHERE d.kind = ${query.kind} AND d.tsv @@ ${q} ${join(filters)}
  ${scanLimit}
),
candidates AS (
  SELECT entity_id, sort_key, title_hit FROM matches
  ORDER BY title_hit DESC, sort_key DESC, entity_id LIMIT ${candidateLimit}
),
ranked AS (
  SELECT c.entity_id, c.title_hit, c.sort_key, ${rank} AS rank
  FROM candidates c JOIN search_document d ON d.kind = ${query.kind} AND d.entity_id = c.entity_id
),
page AS (
  SELECT entity_id, rank, pos FROM (
    SELECT entity_id, rank, row_number() OVER (ORDER BY title_hit DESC, rank DESC, sort_key DESC, entity_id) - 1 AS pos
    FROM ranked) r
  WHERE pos >= ${offset} AND pos < ${pageEnd}
  UNION ALL
  SELECT entity_id, NULL, ${restOffset}::bigint - 1 + row_number() OVER (ORDER BY title_hit DESC, sort_key DESC, entity_id)
  FROM (SELECT * FROM matches ORDER BY title_hit DESC, sort_key DESC, entity_id OFFSET ${restOffset} LIMIT ${restLimit}) rest
)
SELECT t.total, p.entity_id, p.title, p.body, p.score
FROM (SELECT count(*) AS total FROM matches) t
LEFT JOIN (
  SELECT page.pos, d.entity_id, d.title, d.body, coalesce(page.rank, ${rank}) AS score
  FROM page JOIN search_document d ON d.kind = ${query.kind} AND d.entity_id = page.entity_id
) p ON true
ORDER BY p.pos`;
    const rows = await run<PageRow>(em, statement.text, statement.params);
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
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
    return { hits, total };
  }
}

// Runs on the caller's transaction when `em` is a transactional fork; bindings go to the server
// as $n parameters (knex), never spliced into the SQL text.
async function run<T>(em: EntityManager, text: string, params: readonly Knex.Value[]): Promise<T[]> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  const knex = trx ?? em.getKnex();
  const result = await knex.raw<{ rows: T[] }>(text, params);
  return result.rows;
}
