import type { EntityManager } from '@mikro-orm/postgresql';
import { uniqueLoader } from '../../core/loader';
import { uniqueViewLoader, viewsJsonSql } from '../../core/read-model';
import { Organization } from './organization.entity';

/** Organisations by id, in any order (unknown ids are left out). */
export const organizationsByIds = (em: EntityManager, ids: readonly string[]) =>
  em.find(Organization, { id: { $in: [...ids] } });

/**
 * A subselect giving the organisation whose id is `idSql` (a column of the caller's statement) as a
 * json object of its view columns (core/read-model viewsJsonSql), or null: how another module's list
 * carries its rows' organisations in the one statement that reads the page.
 */
export const organizationViewsSql = (em: EntityManager, idSql: string): string =>
  `(select ${viewsJsonSql(em, 'Organization', 'o')} from organization o where o.id = ${idSql})`;

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
