import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../context';
import { findPage } from '../../core/pagination';
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
    const text = args.search?.trim();
    const where: FilterQuery<Organization> = text ? { name: { $ilike: `%${escapeLike(text)}%` } } : {};
    return findPage(ctx.em, Organization, where, { first: args.first, after: args.after, orderBy: { name: 'asc', id: 'asc' } });
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
