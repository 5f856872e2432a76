import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Area } from './area.entity';

@Resolver(() => Area)
export class AreaResolver {
  @Query(() => [Area], {
    description:
      '行政区划 — children of `parentCode` ordered by code; without it, the city (上海市). With `search`, for pickers: areas under `parentCode` (or anywhere) whose name contains the text or whose code starts with it, districts first.',
  })
  areas(
    @Ctx() ctx: HubContext,
    @Arg('parentCode', () => String, { nullable: true, description: '上级代码 — the parent area’s code.' })
    parentCode: string | null,
    @Arg('search', () => String, {
      nullable: true,
      description: '检索 — part of a name (e.g. 陆家嘴) or the start of a code (e.g. 310115); at most 50 characters.',
    })
    search: string | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: '条数 — with `search`: how many areas, at most 100 (default 20).',
    })
    first: number | null,
  ): Promise<Area[]> {
    if (search !== null && search !== undefined)
      return ctx.services.areas.search(ctx, { text: search, parentCode, first });
    return ctx.services.areas.children(ctx, parentCode);
  }

  @FieldResolver(() => Area, { nullable: true, description: '上级 — the parent area; null for the city.' })
  parent(@Ctx() ctx: HubContext, @Root() area: Area): Promise<Area | null> {
    return area.parent ? ctx.loaders.areaById.load(area.parent.id) : Promise.resolve(null);
  }

  @FieldResolver(() => [Area], { description: '下级 — child areas ordered by code.' })
  children(@Ctx() ctx: HubContext, @Root() area: Area): Promise<Area[]> {
    return ctx.loaders.areaChildren.load(area.id);
  }
}
