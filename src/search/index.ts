import type { Config } from '../config';
import { PgSearchIndex } from './pg-search-index';
import type { SearchIndex } from './search-index';

/** The search adapter for this deployment: PostgreSQL full-text search (Meilisearch arrives with MEILI_URL support). */
export function createSearchIndex(_config: Config): SearchIndex {
  return new PgSearchIndex();
}

export type { SearchIndex } from './search-index';
