import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import type { Logger } from '../../core/logger';
import { loggableError } from '../../core/logger';
import { localId, toGlobalId } from '../../core/relay';
import { failure, invalid, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import type { EventBus } from '../../events/bus';
import { flushAndAppend } from '../../events/outbox';
import { normalizeText } from '../../search/normalize';
import { Thesaurus, type ThesaurusHolder } from '../../search/thesaurus';
import { SearchSynonymSet } from './synonym-set.entity';
import type { SearchSynonymSetUpsertInput } from './thesaurus.types';

/** The outbox event of a thesaurus change: every instance reloads the thesaurus and drops its search cache. */
export const THESAURUS_EVENT = 'SearchThesaurusChanged';
const AGGREGATE = 'SearchSynonymSet';

const MAX_WORDS = 20;
const MAX_LENGTH = 20;

/** What the thesaurus tells the search adapters when it changes (Meilisearch copies it to its synonyms). */
export interface ThesaurusSink {
  applyThesaurus?(thesaurus: Thesaurus): Promise<void>;
}

function cleanWords(words: string[] | null | undefined, field: string, errors: ReturnType<typeof invalid>[]): string[] {
  const out: string[] = [];
  (words ?? []).forEach((word, i) => {
    const w = normalizeText(word).trim().replace(/\s+/gu, ' ');
    if (w === '') errors.push(invalid([field, i], '词语不能为空 (a word cannot be blank)'));
    else if ([...w].length > MAX_LENGTH)
      errors.push(invalid([field, i], `词语不能超过 ${MAX_LENGTH} 个字 (at most ${MAX_LENGTH} characters)`));
    else if (!out.includes(w)) out.push(w);
  });
  if ((words ?? []).length > MAX_WORDS)
    errors.push(invalid([field], `最多 ${MAX_WORDS} 个词语 (at most ${MAX_WORDS} words)`));
  return out;
}

/**
 * The thesaurus in the database (search_synonym_set), its edits by coordinators, and keeping
 * each instance's in-memory copy (ThesaurusHolder) current: reloaded after a local edit and on
 * every SearchThesaurusChanged event from the outbox, so a change takes effect on the next query
 * on every instance, without reindexing.
 */
export class ThesaurusService {
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly holder: ThesaurusHolder,
    private readonly sink: ThesaurusSink = {},
  ) {}

  async list(ctx: HubContext, search?: string | null): Promise<SearchSynonymSet[]> {
    const sets = await ctx.em.find(SearchSynonymSet, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const needle = search ? normalizeText(search).trim() : '';
    if (!needle) return sets;
    return sets.filter((s) => [...s.terms, ...s.targets].some((w) => w.includes(needle)));
  }

  async upsert(ctx: HubContext, input: SearchSynonymSetUpsertInput): Promise<Outcome<SearchSynonymSet>> {
    const errors: ReturnType<typeof invalid>[] = [];
    const terms = cleanWords(input.terms, 'terms', errors);
    const targets = cleanWords(input.targets, 'targets', errors);
    if (errors.length === 0 && terms.length === 0)
      errors.push(invalid(['terms'], '至少需要一个词语 (at least one term)'));
    if (errors.length === 0 && targets.length === 0 && terms.length < 2) {
      errors.push(invalid(['terms'], '同义词条至少需要两个词语,或给出指向词 (two terms, or targets)'));
    }
    if (errors.length > 0) return failure(...errors);
    let set: SearchSynonymSet;
    if (input.id) {
      const id = localId(input.id, 'SearchSynonymSet');
      const found = id ? await ctx.em.findOne(SearchSynonymSet, { id }) : null;
      if (!found) return failure(userError(UserErrorCode.NOT_FOUND, '同义词条不存在 (no such entry)', ['id']));
      set = found;
    } else {
      set = new SearchSynonymSet();
    }
    Object.assign(set, { terms, targets, updatedBy: ctx.viewer?.subject ?? null, updatedAt: ctx.clock.now() });
    await ctx.em.transactional(async (tx) => {
      tx.persist(set);
      await flushAndAppend(tx, [changed(set.id, ctx.viewer?.subject)]);
    });
    await this.reload(ctx.em);
    return success(set);
  }

  async delete(ctx: HubContext, globalId: string): Promise<Outcome<string>> {
    const id = localId(globalId, 'SearchSynonymSet');
    const set = id ? await ctx.em.findOne(SearchSynonymSet, { id }) : null;
    if (!set) return failure(userError(UserErrorCode.NOT_FOUND, '同义词条不存在 (no such entry)', ['id']));
    await ctx.em.transactional(async (tx) => {
      tx.remove(set);
      await flushAndAppend(tx, [changed(set.id, ctx.viewer?.subject)]);
    });
    await this.reload(ctx.em);
    return success(toGlobalId('SearchSynonymSet', set.id));
  }

  /** Reads the whole thesaurus and puts it in force on this instance. Concurrent calls coalesce. */
  async reload(em: EntityManager): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        const rows = await em
          .fork()
          .getConnection()
          .execute<{ id: string; terms: string[]; targets: string[] }[]>(
            'select id, terms, targets from search_synonym_set order by created_at, id',
          );
        const thesaurus = new Thesaurus(rows.map((r) => ({ id: r.id, terms: r.terms, targets: r.targets })));
        this.holder.replace(thesaurus);
        await this.sink.applyThesaurus?.(thesaurus);
      } while (this.again);
    })().finally(() => (this.loading = null));
    return this.loading;
  }

  /** Loads the thesaurus now and again whenever the outbox reports a change (any instance's). */
  async start(orm: MikroORM, bus: EventBus, log: Logger): Promise<() => void> {
    await this.reload(orm.em);
    return bus.subscribe((event) => {
      if (event.type !== THESAURUS_EVENT) return;
      this.reload(orm.em).catch((error: unknown) =>
        log.error({ err: loggableError(error) }, 'thesaurus reload failed; the previous one stays in force'),
      );
    });
  }
}

function changed(id: string, actor: string | undefined) {
  return { type: THESAURUS_EVENT, aggregateType: AGGREGATE, aggregateId: id, payload: {}, actor: actor ?? null };
}
