import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader } from '../../core/loader';
import { viewColumns, viewsOf } from '../../core/read-model';
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
    /** Read-only views for fields that only display an organisation (a resource's provider): no hydration. */
    organizationView: keyedLoader<string, Organization>(
      async (ids) =>
        viewsOf<Organization>(
          em,
          'Organization',
          await em.execute(`select ${viewColumns(em, 'Organization')} from organization where id = any(?::uuid[])`, [
            `{${ids.join(',')}}`,
          ]),
        ),
      (o) => o.id,
    ),
  };
}
