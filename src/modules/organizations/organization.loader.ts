import type { EntityManager } from '@mikro-orm/postgresql';
import { uniqueLoader } from '../../core/loader';
import { Organization } from './organization.entity';

/** Organisations by id, in any order (unknown ids are left out). */
export const organizationsByIds = (em: EntityManager, ids: readonly string[]) =>
  em.find(Organization, { id: { $in: [...ids] } });

export function createOrganizationLoaders(em: EntityManager) {
  return {
    organizationById: uniqueLoader(em, Organization, 'id'),
  };
}
