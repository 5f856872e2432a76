import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader } from '../../core/loader';
import { Organization } from './organization.entity';

/** Organisations by id, in any order (unknown ids are left out). */
export const organizationsByIds = (em: EntityManager, ids: readonly string[]) =>
  em.find(Organization, { id: { $in: [...ids] } });

export function createOrganizationLoaders(em: EntityManager) {
  return {
    organizationById: keyedLoader<string, Organization>(
      (ids) => organizationsByIds(em, ids),
      (o) => o.id,
    ),
  };
}
