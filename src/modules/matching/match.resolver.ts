import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { streamOf } from '../../core/subscription';
import { Role } from '../../core/auth';
import type { Need } from '../cases';
import { NeedType } from '../cases';
import { ResourceInterface } from '../resources';
import { MatchLocality, ResourceMatch, type ResourceMatchData } from './match.types';

@Resolver(() => ResourceMatch)
export class MatchResolver {
  @Authorized(Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR)
  @Query(() => [ResourceMatch], {
    description:
      '匹配资源 — the resources this need’s household can get, best first, each with its score, eligibility (TRUE/UNKNOWN; FALSE only with includeIneligible), reasons and missing facts.',
  })
  matchResources(
    @Ctx() ctx: HubContext,
    @Arg('needId', () => ID, { description: '需求 — the need to match.' }) needId: string,
    @Arg('first', () => Int, { nullable: true, description: '条数 — how many matches, at most 100 (default 20).' })
    first: number | null,
    @Arg('includeIneligible', () => Boolean, {
      nullable: true,
      description:
        '包含不符合者 — also list resources whose rules are FALSE, with their reasons (hard filters still apply).',
    })
    includeIneligible: boolean | null,
  ): Promise<ResourceMatchData[]> {
    return ctx.services.matching.forNeed(ctx, needId, { first, includeIneligible });
  }

  @Subscription(() => ResourceMatch, {
    description:
      '发现匹配 — a newly published resource matches an open need you may see (your jurisdiction; with caseId, that case only).',
    subscribe: streamOf<{ caseId?: string | null }>((ctx, { caseId }) =>
      ctx.services.matchFeed.matchFound(ctx, caseId),
    ),
  })
  matchFound(
    @Root() match: ResourceMatchData,
    @Arg('caseId', () => ID, { nullable: true, description: '事件 — only matches for this case’s needs.' })
    _caseId: string | null,
  ): ResourceMatchData {
    return match;
  }

  @FieldResolver(() => ResourceInterface, { description: '资源 — the resource.' })
  async resource(@Ctx() ctx: HubContext, @Root() match: ResourceMatchData) {
    return (await ctx.loaders.resourceView.load(match.resourceId))!;
  }

  @FieldResolver(() => NeedType, { description: '需求 — the need matched.' })
  async need(@Ctx() ctx: HubContext, @Root() match: ResourceMatchData): Promise<Need> {
    return (await ctx.loaders.needById.load(match.needId))!;
  }

  @FieldResolver(() => MatchLocality, { description: '服务层级 — street, district or city-wide.' })
  locality(@Root() match: ResourceMatchData): MatchLocality {
    return match.locality as MatchLocality;
  }
}
