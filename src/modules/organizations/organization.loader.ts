import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader } from '../../core/loader';
import { Organization } from './organization.entity';

export function createOrganizationLoaders(em: EntityManager) {
  return {
    organizationById: keyedLoader<string, Organization>(
      (ids) => em.find(Organization, { id: { $in: [...ids] } }),
      (o) => o.id,
    ),
  };
}
