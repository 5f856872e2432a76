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
 * A subselect giving the areas of the codes in `codesSql` (a text[] column of the caller's statement)
 * as a json array of view-column objects (core/read-model viewsJsonSql), in the codes' order, null
 * where a code names no area; `[]` for no codes. One index lookup a code: `code = any(codes)` over the
 * small area table is planned as a scan of every area for every row (≈ 1 ms of PostgreSQL CPU a page of 50).
 */
export const areaViewsSql = (em: EntityManager, codesSql: string): string =>
  `(select coalesce(json_agg((select ${viewsJsonSql(em, 'Area', 'a')} from area a where a.code = c.code) order by c.n), '[]'::json)` +
  ` from unnest(${codesSql}) with ordinality c(code, n))`;

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
