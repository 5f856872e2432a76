import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, uniqueLoader } from '../../core/loader';
import { uniqueViewLoader, viewsJsonSql } from '../../core/read-model';
import { Area } from './area.entity';

/** Areas by id, in any order (unknown ids are left out). */
export const areasByIds = (em: EntityManager, ids: readonly string[]) => em.find(Area, { id: { $in: [...ids] } });

/** Areas by code, in any order (unknown codes are left out). */
export const areasByCodes = (em: EntityManager, codes: readonly string[]) =>
  em.find(Area, { code: { $in: [...codes] } });

/**
 * A subselect giving the areas whose codes are in `codesSql` (a text[] column of the caller's
 * statement) as a json array of view-column objects (core/read-model viewsJsonSql), in no order;
 * `[]` when none.
 */
export const areaViewsSql = (em: EntityManager, codesSql: string): string =>
  `(select coalesce(json_agg(${viewsJsonSql(em, 'Area', 'a')}), '[]'::json) from area a where a.code = any(${codesSql}))`;

export function createAreaLoaders(em: EntityManager) {
  return {
    areaById: uniqueLoader(em, Area, 'id'),
    areaByCode: uniqueLoader(em, Area, 'code'),
    /** Read-only views by code for fields that only display areas (a resource's service areas): no hydration. */
    areaViewByCode: uniqueViewLoader<Area>(em, 'Area', { table: 'area', column: 'code', cast: 'text' }, (a) => a.code),
    areaChildren: groupedLoader<string, Area>(
      (ids) => em.find(Area, { parent: { $in: [...ids] } }, { orderBy: { code: 'asc' } }),
      (a) => a.parent!.id,
    ),
  };
}
