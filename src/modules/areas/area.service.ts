import type { HubContext } from '../../core/context';
import { Area } from './area.entity';

export class AreaService {
  /** Children of `parentCode` ordered by code; the city (the roots) when omitted. */
  async children(ctx: HubContext, parentCode: string | null | undefined): Promise<Area[]> {
    if (!parentCode) return ctx.em.find(Area, { parent: null }, { orderBy: { code: 'asc' } });
    const parent = await ctx.loaders.areaByCode.load(parentCode);
    return parent ? ctx.loaders.areaChildren.load(parent.id) : [];
  }

  byCode(ctx: HubContext, code: string): Promise<Area | null> {
    return ctx.loaders.areaByCode.load(code);
  }
}
