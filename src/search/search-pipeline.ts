import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventBus } from '../events/bus';
import { appendEvents } from '../events/outbox';
import { SEARCH_EVENT, searchEvents } from './meili-documents';
import { analyzeQuery } from './query-plan';
import type { SearchDocument, SearchIndex, SearchKind, SearchQuery, SearchResult } from './search-index';
import type { Thesaurus, ThesaurusHolder } from './thesaurus';

export interface SearchPipelineOptions {
  /** Cache results (default true). */
  cache?: boolean;
  /** Results kept at most (default 5,000; least recently used go first). */
  cacheEntries?: number;
  /** A cached result is used for at most this long (default 5 minutes), invalidation or not. */
  cacheTtlMs?: number;
}

/** Suggestions the adapter can look up for an empty result: the closest titles the viewer may see. */
export interface TitleSuggester {
  suggestTitles(em: EntityManager, query: SearchQuery, limit: number): Promise<string[]>;
}

/** Whether the adapter writes SearchDocumentsChanged events itself (the Meilisearch adapter does). */
export interface EmitsSearchEvents {
  readonly emitsSearchEvents: true;
}

interface Entry {
  kind: SearchKind;
  at: number;
  key: string;
  result: SearchResult;
  /** What callers made of the result (searchDerived), by name. */
  derived: Map<string, unknown>;
}

const SUGGESTIONS = 6;

/**
 * What every search goes through, in front of the adapter (PostgreSQL or Meilisearch):
 * - the query pipeline once (analyzeQuery: normalise, correct, segment, drop function words,
 *   expand with the thesaurus), handed to the adapter as `plan`;
 * - a result cache keyed by the analysed query, the filters (which carry what the viewer may see:
 *   statuses, own drafts) and the page. A write of search documents appends a
 *   SearchDocumentsChanged event to the outbox in the writer's transaction; every instance drops
 *   the cached results of that kind when the event arrives (and the writing instance at once).
 *   A thesaurus change drops everything. A search that started before an invalidation is not
 *   cached (generation check), so a stale result cannot outlive the event;
 * - suggestions on an empty first page: thesaurus words related to the query's concepts, then the
 *   closest titles.
 * Searches inside a transaction (which may see their own uncommitted writes) bypass the cache.
 */
export class SearchPipeline implements SearchIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<SearchKind, number>();
  private readonly cache: boolean;
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  /** Diagnostics for tests and benchmarks. */
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    readonly inner: SearchIndex &
      Partial<TitleSuggester> &
      Partial<EmitsSearchEvents> & {
        applyThesaurus?(t: Thesaurus): Promise<void>;
      },
    readonly thesaurus: ThesaurusHolder,
    options: SearchPipelineOptions = {},
  ) {
    this.cache = options.cache ?? true;
    this.maxEntries = Math.max(1, options.cacheEntries ?? 5000);
    this.ttlMs = options.cacheTtlMs ?? 300_000;
    thesaurus.onChange(() => this.invalidate());
  }

  /** Drops cached results when any instance's outbox reports changed search documents. */
  listen(bus: EventBus): () => void {
    return bus.subscribe((event) => {
      if (event.type !== SEARCH_EVENT) return;
      const kind = (event.payload as { kind?: SearchKind }).kind;
      this.invalidate(kind);
    });
  }

  /** Drops the cached results of one kind, or all. */
  invalidate(kind?: SearchKind): void {
    this.stats.invalidations++;
    const kinds: SearchKind[] = kind ? [kind] : ['policy', 'resource', 'organization'];
    for (const k of kinds) this.generations.set(k, (this.generations.get(k) ?? 0) + 1);
    for (const [key, entry] of this.entries) if (kinds.includes(entry.kind)) this.entries.delete(key);
  }

  get cachedEntries(): number {
    return this.entries.size;
  }

  async upsert(em: EntityManager, docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.write(em, docs[0].kind, async (tx) => {
      await this.inner.upsert(tx, docs);
      return groupIds(docs.map((d) => [d.kind, d.id]));
    });
  }

  async remove(em: EntityManager, kind: SearchKind, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.write(em, kind, async (tx) => {
      await this.inner.remove(tx, kind, ids);
      return groupIds(ids.map((id) => [kind, id]));
    });
  }

  private async write(
    em: EntityManager,
    kind: SearchKind,
    work: (tx: EntityManager) => Promise<Map<SearchKind, string[]>>,
  ): Promise<void> {
    const run = async (tx: EntityManager) => {
      const changed = await work(tx);
      if (!this.inner.emitsSearchEvents) {
        await appendEvents(
          tx,
          [...changed].flatMap(([k, ids]) => searchEvents(k, ids)),
        );
      }
      for (const k of changed.keys()) this.invalidate(k);
    };
    if (em.isInTransaction()) await run(em);
    else await em.transactional(run);
    // At commit too: a search that ran between the write and the commit may have cached the old state.
    this.invalidate(kind);
  }

  async search(em: EntityManager, query: SearchQuery): Promise<SearchResult> {
    return (await this.lookup(em, query)).result;
  }

  /**
   * A search and what the caller makes of its result (e.g. the page with its records loaded),
   * cached together under `name`: a repeated search runs neither the query nor `derive`. The
   * derived value is dropped with the result, so it may hold only what a change of the kind's
   * search documents invalidates (the records those documents are written with), and must
   * depend on nothing but the query, its filters and the page. It is shared: never mutate it.
   */
  async searchDerived<T>(
    em: EntityManager,
    query: SearchQuery,
    name: string,
    derive: (result: SearchResult) => Promise<T>,
  ): Promise<T> {
    const { result, entry, generation } = await this.lookup(em, query);
    if (entry?.derived.has(name)) return entry.derived.get(name) as T;
    const value = await derive(result);
    // Only while the result is still the cached one: a change meanwhile may have changed the records.
    if (entry && (this.generations.get(query.kind) ?? 0) === generation && this.entries.get(entry.key) === entry) {
      entry.derived.set(name, value);
    }
    return value;
  }

  private async lookup(
    em: EntityManager,
    query: SearchQuery,
  ): Promise<{ result: SearchResult; entry?: Entry; generation: number }> {
    const generation = this.generations.get(query.kind) ?? 0;
    const useCache = this.cache && !em.isInTransaction();
    // Plans are cached by text (analyzeQuery): the key costs no analysis on a hit.
    const plan = query.plan ?? analyzeQuery(query.text, this.thesaurus.current);
    const key = useCache
      ? JSON.stringify([
          query.kind,
          plan.key,
          query.filter?.all ?? [],
          query.filter?.dateFrom ?? null,
          query.filter?.dateTo ?? null,
          Math.floor(query.offset),
          Math.floor(query.limit),
        ])
      : '';
    if (useCache) {
      const entry = this.entries.get(key);
      if (entry && Date.now() - entry.at < this.ttlMs) {
        this.stats.hits++;
        // Most recently used last.
        this.entries.delete(key);
        this.entries.set(key, entry);
        return { result: entry.result, entry, generation };
      }
      this.stats.misses++;
    }
    const planned = { ...query, plan };
    let result = await this.inner.search(em, planned);
    if (result.total === 0 && result.hits.length === 0 && Math.floor(query.offset) === 0) {
      result = { ...result, suggestions: await this.suggest(em, planned) };
    }
    if (!useCache || (this.generations.get(query.kind) ?? 0) !== generation) return { result, generation };
    const entry = { key, kind: query.kind, at: Date.now(), result, derived: new Map<string, unknown>() };
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return { result, entry, generation };
  }

  private async suggest(
    em: EntityManager,
    query: SearchQuery & Required<Pick<SearchQuery, 'plan'>>,
  ): Promise<string[]> {
    const thesaurus = this.thesaurus.current;
    const out: string[] = [];
    const add = (word: string) => {
      if (out.length < SUGGESTIONS && word && !out.includes(word)) out.push(word);
    };
    for (const [, corrected] of query.plan.corrections) add(corrected);
    for (const concept of query.plan.concepts) for (const word of thesaurus.related(concept.text)) add(word);
    if (out.length < SUGGESTIONS && this.inner.suggestTitles && query.plan.normalized !== '') {
      for (const title of await this.inner.suggestTitles(em, query, SUGGESTIONS - out.length)) add(title);
    }
    return out;
  }

  async applyThesaurus(thesaurus: Thesaurus): Promise<void> {
    await this.inner.applyThesaurus?.(thesaurus);
  }
}

function groupIds(pairs: [SearchKind, string][]): Map<SearchKind, string[]> {
  const out = new Map<SearchKind, string[]>();
  for (const [kind, id] of pairs) {
    const ids = out.get(kind) ?? [];
    if (!ids.includes(id)) ids.push(id);
    out.set(kind, ids);
  }
  return out;
}
