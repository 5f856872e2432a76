import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../core/auth';
import { IdInput } from '../../core/inputs';
import type { HubContext } from '../../core/context';
import { payloadOf } from '../../core/user-error';
import { SearchSynonymSet } from './synonym-set.entity';
import { SearchSynonymSetDeletePayload, SearchSynonymSetPayload, SearchSynonymSetUpsertInput } from './thesaurus.types';

@Resolver(() => SearchSynonymSet)
export class ThesaurusResolver {
  @Authorized()
  @Query(() => [SearchSynonymSet], {
    description: '检索同义词表 — the search thesaurus, oldest entry first (signed-in users).',
  })
  searchSynonyms(
    @Ctx() ctx: HubContext,
    @Arg('search', () => String, {
      nullable: true,
      description: '词语检索 — only entries with a word containing this text.',
    })
    search: string | null,
  ): Promise<SearchSynonymSet[]> {
    return ctx.services.thesaurus.list(ctx, search);
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => SearchSynonymSetPayload, {
    description:
      '写入同义词条 — add or replace a thesaurus entry; the next search on every instance uses it (coordinators).',
  })
  async searchSynonymSetUpsert(
    @Ctx() ctx: HubContext,
    @Arg('input', () => SearchSynonymSetUpsertInput, { description: '输入 — the entry.' })
    input: SearchSynonymSetUpsertInput,
  ): Promise<SearchSynonymSetPayload> {
    return payloadOf('searchSynonymSet', await ctx.services.thesaurus.upsert(ctx, input));
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => SearchSynonymSetDeletePayload, {
    description: '删除同义词条 — remove a thesaurus entry (coordinators).',
  })
  async searchSynonymSetDelete(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the entry’s global ID.' }) input: IdInput,
  ): Promise<SearchSynonymSetDeletePayload> {
    return payloadOf('deletedId', await ctx.services.thesaurus.delete(ctx, input.id));
  }
}
