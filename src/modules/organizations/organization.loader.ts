import type { EntityManager } from '@mikro-orm/postgresql';
import { uniqueLoader } from '../../core/loader';
import { uniqueViewLoader } from '../../core/read-model';
import { Organization } from './organization.entity';

/** Organisations by id, in any order (unknown ids are left out). */
export const organizationsByIds = (em: EntityManager, ids: readonly string[]) =>
  em.find(Organization, { id: { $in: [...ids] } });

export function createOrganizationLoaders(em: EntityManager) {
  return {
    organizationById: uniqueLoader(em, Organization, 'id'),
    /** Read-only views for fields that only display an organisation (a resource's provider): no hydration. */
    organizationView: uniqueViewLoader<Organization>(
      em,
      'Organization',
      { table: 'organization', column: 'id', cast: 'uuid' },
      (o) => o.id,
    ),
  };
}
