import type { EntityManager } from '@mikro-orm/postgresql';
import { analyzeQuery, type QueryPlan } from './query-plan';
import { Thesaurus, type ThesaurusHolder } from './thesaurus';

/** What kind of record a search document stands for. */
export type SearchKind = 'policy' | 'resource' | 'organization';

/**
 * One searchable record. `tags` carry everything a filter may test (`status:PUBLISHED`,
 * `issuer:上海市民政局`, `area:310101`, ...), so every adapter filters the same way.
 */
export interface SearchDocument {
  kind: SearchKind;
  id: string;
  title: string;
  body: string;
  tags: string[];
  /** Recency: newer documents win ties and order broad result sets. */
  sortKey: Date;
  /** Optional business date (YYYY-MM-DD) for range filters such as issuedAfter. */
  dateKey?: string | null;
}

/**
 * A conjunction of tag groups: a document matches when, for every group, it carries at
 * least one of the group's tags. Date bounds are inclusive and test `dateKey`.
 */
export interface SearchFilter {
  all?: string[][];
  dateFrom?: string;
  dateTo?: string;
}

export interface SearchQuery {
  kind: SearchKind;
  text: string;
  filter?: SearchFilter;
  offset: number;
  limit: number;
  /** The analysed query, when the caller already ran the pipeline on `text`. */
  plan?: QueryPlan;
}

export interface SearchHit {
  id: string;
  score: number;
  /** Short fragments of title or body with the matched terms in <em>…</em>, HTML-escaped otherwise. */
  highlights: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Number of matching documents: exact, unless `totalIsEstimate` is set. */
  total: number;
  /**
   * Set when `total` is an estimate (a broad query: the PostgreSQL adapter counts exactly only up
   * to a cap, then reports the planner's estimate). Offset pagination still visits every match
   * once; past the last match a page is simply empty.
   */
  totalIsEstimate?: boolean;
  /**
   * On an empty first page: what the person could try instead (related thesaurus terms, the
   * closest titles). Set by the query pipeline (SearchPipeline), not by the adapters.
   */
  suggestions?: string[];
}

/** The search port: PostgreSQL full-text search by default, Meilisearch when MEILI_URL is set. */
export interface SearchIndex {
  /** Adds or replaces documents; the PostgreSQL adapter writes inside the caller's transaction. */
  upsert(em: EntityManager, docs: SearchDocument[]): Promise<void>;
  remove(em: EntityManager, kind: SearchKind, ids: string[]): Promise<void>;
  search(em: EntityManager, query: SearchQuery): Promise<SearchResult>;
}

/** A broad search's total is an estimate: a full page then means "maybe more", never "no more". */
export function searchHasNextPage(result: SearchResult, offset: number, limit: number): boolean {
  if (result.totalIsEstimate) return result.hits.length === limit && limit > 0;
  return offset + result.hits.length < result.total;
}

/** An index that caches what callers make of a result together with it (SearchPipeline). */
export interface DerivingSearchIndex extends SearchIndex {
  searchDerived<T>(
    em: EntityManager,
    query: SearchQuery,
    name: string,
    derive: (result: SearchResult) => Promise<T>,
  ): Promise<T>;
}

/**
 * `derive(search(query))`, cached with the result where the index caches results (see
 * SearchPipeline.searchDerived for what `derive` may depend on).
 */
export function searchAndDerive<T>(
  index: SearchIndex,
  em: EntityManager,
  query: SearchQuery,
  name: string,
  derive: (result: SearchResult) => Promise<T>,
): Promise<T> {
  const deriving = index as Partial<DerivingSearchIndex>;
  if (typeof deriving.searchDerived === 'function') return deriving.searchDerived(em, query, name, derive);
  return index.search(em, query).then(derive);
}

/**
 * The query pipeline's analysis of `text` (normalised, corrected, segmented, function words
 * dropped, expanded with the thesaurus `index` searches with), for a search that matches outside
 * the index: organisation names.
 */
export function analyzeSearchText(index: SearchIndex, text: string): QueryPlan {
  const holder = (index as { thesaurus?: ThesaurusHolder }).thesaurus;
  return analyzeQuery(text, holder?.current ?? EMPTY_THESAURUS);
}

const EMPTY_THESAURUS = Thesaurus.empty();
