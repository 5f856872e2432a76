import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Logger } from '../core/logger';
import type { EventSource } from '../events/dispatcher';
import { meiliRelay } from './meili-relay';
import { MeiliSearchIndex } from './meili-search-index';
import { PgSearchIndex } from './pg-search-index';
import type { SearchIndex } from './search-index';
import { ThesaurusHolder } from './thesaurus';

/**
 * The search adapter for this deployment: Meilisearch when MEILI_URL is set, else PostgreSQL
 * full-text search; both run queries through the same pipeline with `thesaurus`.
 */
export function createSearchIndex(config: Config, log?: Logger, thesaurus = new ThesaurusHolder()): SearchIndex {
  const pg = new PgSearchIndex({ thesaurus });
  if (config.meiliUrl) return new MeiliSearchIndex({ url: config.meiliUrl, apiKey: config.meiliKey }, log, pg);
  return pg;
}

/** What feeds the search index after commit: the Meilisearch relay, or nothing (PostgreSQL writes in place). */
export function createSearchRelay(search: SearchIndex, orm: MikroORM, databaseUrl: string, log: Logger): EventSource {
  if (search instanceof MeiliSearchIndex) return meiliRelay(orm, databaseUrl, search.target, log);
  return { start: async () => {}, stop: async () => {} };
}

export type { SearchIndex } from './search-index';
export { Thesaurus, ThesaurusHolder, type SynonymSet } from './thesaurus';
