import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Area } from './area.entity';

@Resolver(() => Area)
export class AreaResolver {
  @Query(() => [Area], {
    description: '行政区划 — children of `parentCode` ordered by code; without it, the city (上海市).',
  })
  areas(
    @Ctx() ctx: HubContext,
    @Arg('parentCode', () => String, { nullable: true, description: '上级代码 — the parent area’s code.' })
    parentCode: string | null,
  ): Promise<Area[]> {
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
