import type { HubContext } from '../../core/context';
import type { Names } from './supervision.service';

/** Area and organisation names through their modules' loaders (batched per request). */
export function namesFor(ctx: HubContext): Names {
  return {
    areaName: async (code) => (await ctx.loaders.areaByCode.load(code))?.name ?? null,
    organizationName: async (id) => (await ctx.loaders.organizationById.load(id))?.name ?? null,
  };
}
