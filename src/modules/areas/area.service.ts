import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../core/context';
import { BadInputError } from '../../core/errors';
import { Area, AreaLevel } from './area.entity';

export const AREA_SEARCH_MAX = 50;
const AREA_SEARCH_DEFAULT = 20;
export const AREA_SEARCH_MAX_RESULTS = 100;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Codes nest by prefix: 31 (the city, 310000) ⊃ 310101 ⊃ 310101002.
function subtreePrefix(area: Area): string {
  return area.level === AreaLevel.CITY ? area.code.slice(0, 2) : area.code;
}

export class AreaService {
  /** Children of `parentCode` ordered by code; the city (the roots) when omitted. */
  async children(ctx: HubContext, parentCode: string | null | undefined): Promise<Area[]> {
    if (!parentCode) return ctx.em.find(Area, { parent: null }, { orderBy: { code: 'asc' } });
    const parent = await ctx.loaders.areaByCode.load(parentCode);
    return parent ? ctx.loaders.areaChildren.load(parent.id) : [];
  }

  /**
   * For pickers: areas whose name contains `text` or whose code starts with it, under `parentCode` when given,
   * districts before streets, then by code.
   */
  async search(
    ctx: HubContext,
    args: { text: string; parentCode?: string | null; first?: number | null },
  ): Promise<Area[]> {
    const text = args.text.trim();
    if (text.length > AREA_SEARCH_MAX) {
      throw new BadInputError(
        `检索词不能超过 ${AREA_SEARCH_MAX} 个字符 (at most ${AREA_SEARCH_MAX} characters)`,
        'search',
      );
    }
    const first = args.first ?? AREA_SEARCH_DEFAULT;
    if (!Number.isInteger(first) || first < 0 || first > AREA_SEARCH_MAX_RESULTS) {
      throw new BadInputError(
        `\`first\` 须在 0 到 ${AREA_SEARCH_MAX_RESULTS} 之间 (0–${AREA_SEARCH_MAX_RESULTS})`,
        'first',
      );
    }
    const conditions: FilterQuery<Area>[] = [];
    if (text) {
      const like = escapeLike(text);
      conditions.push({ $or: [{ name: { $ilike: `%${like}%` } }, { code: { $like: `${like}%` } }] });
    }
    if (args.parentCode) {
      const parent = await ctx.loaders.areaByCode.load(args.parentCode);
      if (!parent) return [];
      conditions.push({ code: { $like: `${escapeLike(subtreePrefix(parent))}%`, $ne: parent.code } });
    }
    const found = await ctx.em.find(Area, conditions.length ? { $and: conditions } : {}, {
      orderBy: { level: 'asc', code: 'asc' },
      limit: first,
    });
    return found;
  }

  byCode(ctx: HubContext, code: string): Promise<Area | null> {
    return ctx.loaders.areaByCode.load(code);
  }
}
