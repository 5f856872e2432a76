import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../context';
import { connectionOf, pageSize } from '../../core/connection';
import { BadInputError } from '../../core/errors';
import { localId } from '../../core/relay';
import { Organization } from './organization.entity';

export class OrganizationService {
  byGlobalId(ctx: HubContext, globalId: string): Promise<Organization | null> {
    const id = localId(globalId, 'Organization');
    return id ? ctx.loaders.organizationById.load(id) : Promise.resolve(null);
  }

  byName(ctx: HubContext, name: string): Promise<Organization | null> {
    return ctx.em.findOne(Organization, { name });
  }

  /** Organisations by name (substring, case-insensitive), alphabetical. */
  async list(ctx: HubContext, args: { search?: string | null; first?: number | null; after?: string | null }) {
    const first = pageSize(args.first);
    const text = args.search?.trim();
    const where: FilterQuery<Organization> = text ? { name: { $ilike: `%${escapeLike(text)}%` } } : {};
    const page = await ctx.em
      .findByCursor(Organization, where, { first, after: args.after ?? undefined, orderBy: { name: 'asc', id: 'asc' }, includeCount: true })
      .catch((error: unknown) => {
        if (error instanceof Error && /cursor/i.test(error.message)) throw new BadInputError('无效的游标 (malformed cursor)', 'after');
        throw error;
      });
    const edges = page.items.map((node) => ({ cursor: page.from(node), node }));
    return connectionOf(edges, page.totalCount, page.hasNextPage ?? false, page.hasPrevPage ?? false);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
