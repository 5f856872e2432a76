import type { EntityManager } from '@mikro-orm/postgresql';
import { systemClock } from '../core/clock';
import { Meilisearch, MeilisearchError, type Index } from 'meilisearch';
import { loggableError, type Logger } from '../core/logger';
import { appendEvents } from '../events/outbox';
import {
  filterExpression,
  highlightsOf,
  indexSettings,
  POST_TAG,
  PRE_TAG,
  searchEvents,
  type MeiliDocument,
} from './meili-documents';
import { PgSearchIndex } from './pg-search-index';
import type { SearchDocument, SearchIndex, SearchKind, SearchQuery, SearchResult } from './search-index';

const SEARCH_KINDS: SearchKind[] = ['policy', 'resource', 'organization'];
import { analyzeQuery } from './query-plan';
import type { Thesaurus } from './thesaurus';

export interface MeiliOptions {
  url: string;
  apiKey?: string;
  /** Index names are `${prefix}_${kind}` (default `jiujinan`). */
  indexPrefix?: string;
  /** How deep offset pagination reaches (Meilisearch's pagination.maxTotalHits, default 10,000). */
  maxTotalHits?: number;
  /** Milliseconds per HTTP request (default 5,000). */
  timeout?: number;
}

/** What the adapter and its relay share: the client, the index names and the settings. */
export class MeiliTarget {
  readonly client: Meilisearch;
  readonly prefix: string;
  readonly maxTotalHits: number;

  constructor(options: MeiliOptions) {
    this.client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: options.timeout ?? 5000 });
    this.prefix = options.indexPrefix ?? 'jiujinan';
    this.maxTotalHits = options.maxTotalHits ?? 10_000;
  }

  index(kind: SearchKind): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(`${this.prefix}_${kind}`);
  }

  settings() {
    return indexSettings(this.maxTotalHits);
  }
}

// A Meilisearch outage must not flood the log: one warning per interval.
const WARN_EVERY_MS = 30_000;

/**
 * Meilisearch adapter. Writes go to search_document (the PostgreSQL adapter, in the caller's
 * transaction: the source of truth, from which an index can always be rebuilt) together with a
 * SearchDocumentsChanged outbox event; the relay (meili-relay.ts) pushes them to Meilisearch
 * after commit, so a rolled-back write never reaches it. Reads go to Meilisearch, and to
 * PostgreSQL while Meilisearch cannot answer.
 *
 * `total`: exact on the last page (fewer hits than the limit) and for an empty first page;
 * otherwise Meilisearch's estimatedTotalHits, flagged `totalIsEstimate`.
 */
export class MeiliSearchIndex implements SearchIndex {
  /** Writes append SearchDocumentsChanged events themselves (for the relay). */
  readonly emitsSearchEvents = true as const;
  readonly target: MeiliTarget;
  private readonly pg: PgSearchIndex;
  private lastWarning = 0;

  constructor(
    options: MeiliOptions,
    private readonly log?: Logger,
    pg?: PgSearchIndex,
  ) {
    this.target = new MeiliTarget(options);
    this.pg = pg ?? new PgSearchIndex();
  }

  async upsert(em: EntityManager, docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await inTransaction(em, async (tx) => {
      await this.pg.upsert(tx, docs);
      const byKind = new Map<SearchKind, Set<string>>();
      for (const doc of docs) byKind.set(doc.kind, (byKind.get(doc.kind) ?? new Set()).add(doc.id));
      await appendEvents(
        tx,
        [...byKind].flatMap(([kind, ids]) => searchEvents(kind, [...ids])),
      );
    });
  }

  async remove(em: EntityManager, kind: SearchKind, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await inTransaction(em, async (tx) => {
      await this.pg.remove(tx, kind, ids);
      await appendEvents(tx, searchEvents(kind, [...new Set(ids)]));
    });
  }

  async search(em: EntityManager, query: SearchQuery): Promise<SearchResult> {
    // The same pipeline as PostgreSQL: normalised, typos corrected, function words dropped; the
    // thesaurus itself lives in the index's synonym settings (see setSynonyms).
    const plan = query.plan ?? analyzeQuery(query.text, this.pg.thesaurus.current);
    const tokens = plan.concepts.flatMap((c) => c.alternatives[0]);
    if (tokens.length === 0) return { hits: [], total: 0 };
    // Validates the dates (RangeError) before anything is sent.
    const filter = filterExpression(query.filter);
    if (filter === null) return { hits: [], total: 0 };
    // Inside a transaction the caller may read its own uncommitted writes: only PostgreSQL has them.
    if (em.isInTransaction()) return this.pg.search(em, query);
    const offset = Math.max(0, Math.floor(query.offset));
    const limit = Math.max(0, Math.floor(query.limit));
    try {
      const response = await this.target.index(query.kind).search(tokens.join(' '), {
        filter: filter || undefined,
        offset,
        limit,
        // Every concept of a short query; a longer one may drop concepts from the end (as the
        // PostgreSQL adapter relaxes to "most concepts").
        matchingStrategy: plan.concepts.length >= 3 ? 'last' : 'all',
        showRankingScore: true,
        attributesToRetrieve: ['id'],
        attributesToHighlight: ['title', 'body'],
        attributesToCrop: ['body'],
        cropLength: 40,
        cropMarker: '…',
        highlightPreTag: PRE_TAG,
        highlightPostTag: POST_TAG,
        locales: ['cmn'],
      });
      const hits = response.hits.map((hit, i) => ({
        id: String(hit.id),
        // Without a ranking score (older servers), order by position.
        score: hit._rankingScore ?? 1 / (offset + i + 2),
        highlights: highlightsOf(hit._formatted),
      }));
      const estimated = response.estimatedTotalHits ?? 0;
      if ((hits.length > 0 && hits.length < limit) || (offset === 0 && hits.length === 0 && limit > 0)) {
        return { hits, total: offset + hits.length };
      }
      return { hits, total: Math.max(estimated, offset + hits.length), totalIsEstimate: true };
    } catch (error) {
      if (!(error instanceof MeilisearchError)) throw error;
      this.warn(error);
      return this.pg.search(em, query);
    }
  }

  /** Closest titles for an empty result: from PostgreSQL, which has every document. */
  suggestTitles(em: EntityManager, query: SearchQuery, limit: number): Promise<string[]> {
    return this.pg.suggestTitles(em, query, limit);
  }

  /**
   * Copies the thesaurus to every index's synonyms setting (Meilisearch applies it at query time,
   * no reindexing). Failures are logged: the relay's next settings push and the next change retry.
   */
  async applyThesaurus(thesaurus: Thesaurus): Promise<void> {
    const synonyms = thesaurus.synonymMap();
    try {
      await Promise.all(SEARCH_KINDS.map((kind) => this.target.index(kind).updateSynonyms(synonyms)));
    } catch (error) {
      if (!(error instanceof MeilisearchError)) throw error;
      this.warn(error);
    }
  }

  private warn(error: unknown): void {
    const now = systemClock.now().getTime();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.log?.warn({ err: loggableError(error) }, 'Meilisearch unavailable: searching PostgreSQL instead');
  }
}

// appendEvents needs a transaction; callers outside one (scripts, tests) get their own.
async function inTransaction(em: EntityManager, work: (tx: EntityManager) => Promise<void>): Promise<void> {
  if (em.isInTransaction()) return work(em);
  await em.transactional(work);
}
