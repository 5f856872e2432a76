import { escapeHtml } from './highlight';
import { DATE } from './pg-search-sql';
import type { SearchFilter, SearchKind } from './search-index';
import { DOMAIN_TERMS, segmentForIndex } from './segmenter';
import { toDate } from '../core/clock';

/** The pure parts of the Meilisearch adapter: documents, settings, filters, highlights, relay plans. */

export const SEARCH_KINDS: readonly SearchKind[] = ['policy', 'resource', 'organization'];

/** The outbox event an upsert or remove appends; the relay re-reads search_document for its ids. */
export const SEARCH_EVENT = 'SearchDocumentsChanged';
export const SEARCH_AGGREGATE = 'SearchDocument';

/** What Meilisearch stores per record (one index per kind). */
export interface MeiliDocument {
  id: string;
  kind: SearchKind;
  title: string;
  body: string;
  /** jieba search-mode tokens of title and body, space-separated (domain terms kept whole). */
  tokens: string;
  /** Tags base64url-encoded (see tagKey). */
  tags: string[];
  /** yyyymmdd, for range filters; null without a business date. */
  dateKey: number | null;
  /** Epoch milliseconds: newer documents win ties. */
  sortKey: number;
}

/** A search_document row as the relay reads it. */
export interface SearchDocumentRow {
  kind: SearchKind;
  entity_id: string;
  title: string;
  body: string;
  tags: string[];
  sort_key: Date | string;
  date_key: string | null;
}

// Private-use characters: never in indexed text (stripped below), so they mark exactly what
// Meilisearch highlighted and nothing a document author wrote.
export const PRE_TAG = '\uE000';
export const POST_TAG = '\uE001';
const SENTINELS = /[\uE000\uE001]/g;

function clean(text: string): string {
  return text.replace(SENTINELS, '');
}

/**
 * Tags go into Meilisearch base64url-encoded: a filter value then never holds a quote or a
 * backslash, whatever the filter parser makes of escapes.
 */
export function tagKey(tag: string): string {
  return Buffer.from(tag, 'utf8').toString('base64url');
}

/** Quotes a value for a Meilisearch filter expression, escaping backslashes and double quotes. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** 'YYYY-MM-DD' → yyyymmdd; RangeError for anything else. */
export function dateNumber(date: string): number {
  if (!DATE.test(date)) throw new RangeError(`date filter must be YYYY-MM-DD, got "${date}"`);
  return Number(date.replace(/-/g, ''));
}

export function toMeiliDocument(row: SearchDocumentRow): MeiliDocument {
  const title = clean(row.title);
  const body = clean(row.body);
  const sortKey = toDate(row.sort_key).getTime();
  if (Number.isNaN(sortKey)) throw new RangeError(`search document ${row.entity_id}: invalid sort_key`);
  return {
    id: row.entity_id,
    kind: row.kind,
    title,
    body,
    tokens: [...segmentForIndex(title), ...segmentForIndex(body)].join(' '),
    tags: row.tags.map(tagKey),
    dateKey: row.date_key === null ? null : dateNumber(String(row.date_key).slice(0, 10)),
    sortKey,
  };
}

/**
 * The filter for a query: every group as `tags IN [...]`, date bounds on dateKey, ANDed.
 * `null`: a group is empty, so nothing can match (as in the PostgreSQL adapter).
 */
export function filterExpression(filter: SearchFilter | undefined): string | null {
  const parts: string[] = [];
  for (const group of filter?.all ?? []) {
    if (group.length === 0) return null;
    parts.push(`tags IN [${group.map((tag) => quoteFilterValue(tagKey(tag))).join(', ')}]`);
  }
  if (filter?.dateFrom !== undefined) parts.push(`dateKey >= ${dateNumber(filter.dateFrom)}`);
  if (filter?.dateTo !== undefined) parts.push(`dateKey <= ${dateNumber(filter.dateTo)}`);
  return parts.join(' AND ');
}

/** Index settings: title outranks the tokens and the body; the domain dictionary stays whole. */
export function indexSettings(maxTotalHits: number) {
  return {
    searchableAttributes: ['title', 'tokens', 'body'],
    displayedAttributes: ['id', 'title', 'body'],
    filterableAttributes: ['kind', 'tags', 'dateKey'],
    sortableAttributes: ['sortKey'],
    // Relevance first, then the newest, as the PostgreSQL adapter breaks ties.
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'sortKey:desc'],
    dictionary: [...DOMAIN_TERMS],
    localizedAttributes: [{ attributePatterns: ['title', 'tokens', 'body'], locales: ['cmn'] }],
    // Exact tokens only, like the PostgreSQL adapter (and 962200 must not match 962201).
    typoTolerance: { enabled: false },
    // Offset pagination must reach every match of a broad query.
    pagination: { maxTotalHits },
  };
}

/** Meilisearch's highlighted text → HTML: escaped, the sentinel tags turned into <em>…</em>. */
export function toHtml(formatted: string): string {
  return escapeHtml(formatted).replace(/\s+/gu, ' ').trim().split(PRE_TAG).join('<em>').split(POST_TAG).join('</em>');
}

/** Title fragment first, then the cropped body, each only where a term was highlighted. */
export function highlightsOf(formatted: { title?: unknown; body?: unknown } | undefined): string[] {
  const out: string[] = [];
  for (const text of [formatted?.title, formatted?.body]) {
    if (typeof text === 'string' && text.includes(PRE_TAG)) out.push(toHtml(text));
  }
  return out;
}

/** The (kind, ids) an outbox event names; nothing for other events or malformed payloads. */
export function changedDocuments(event: { type: string; payload: Record<string, unknown> }) {
  if (event.type !== SEARCH_EVENT) return null;
  const { kind, ids } = event.payload;
  if (!SEARCH_KINDS.includes(kind as SearchKind) || !Array.isArray(ids)) return null;
  return { kind: kind as SearchKind, ids: ids.filter((id): id is string => typeof id === 'string') };
}

/**
 * What a run of events asks of Meilisearch: per kind, the distinct ids to refresh. The relay
 * reads their current rows: present → replace, absent → delete (state, not history, so a
 * replayed or reordered batch converges on search_document).
 */
export function planChanges(events: { type: string; payload: Record<string, unknown> }[]): Map<SearchKind, string[]> {
  const plan = new Map<SearchKind, Set<string>>();
  for (const event of events) {
    const change = changedDocuments(event);
    if (!change || change.ids.length === 0) continue;
    const ids = plan.get(change.kind) ?? new Set<string>();
    for (const id of change.ids) ids.add(id);
    plan.set(change.kind, ids);
  }
  return new Map([...plan].map(([kind, ids]) => [kind, [...ids]]));
}

/** Splits ids into outbox events of at most `size` ids each (the payload stays small). */
export function searchEvents(kind: SearchKind, ids: string[], size = 500) {
  const events = [];
  for (let i = 0; i < ids.length; i += size) {
    const chunk = ids.slice(i, i + size);
    events.push({
      type: SEARCH_EVENT,
      aggregateType: SEARCH_AGGREGATE,
      aggregateId: chunk[0],
      payload: { kind, ids: chunk },
    });
  }
  return events;
}
