import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader } from '../../core/loader';
import { pgTextArray } from '../../core/areas';
import { viewColumns, viewsOf } from '../../core/read-model';
import { Area } from './area.entity';

/** Areas by id, in any order (unknown ids are left out). */
export const areasByIds = (em: EntityManager, ids: readonly string[]) => em.find(Area, { id: { $in: [...ids] } });

/** Areas by code, in any order (unknown codes are left out). */
export const areasByCodes = (em: EntityManager, codes: readonly string[]) =>
  em.find(Area, { code: { $in: [...codes] } });

export function createAreaLoaders(em: EntityManager) {
  return {
    areaById: keyedLoader<string, Area>(
      (ids) => areasByIds(em, ids),
      (a) => a.id,
    ),
    areaByCode: keyedLoader<string, Area>(
      (codes) => areasByCodes(em, codes),
      (a) => a.code,
    ),
    /** Read-only views by code for fields that only display areas (a resource's service areas): no hydration. */
    areaViewByCode: keyedLoader<string, Area>(
      async (codes) =>
        viewsOf<Area>(
          em,
          'Area',
          await em.execute(`select ${viewColumns(em, 'Area')} from area where code = any(?::text[])`, [
            pgTextArray(codes),
          ]),
        ),
      (a) => a.code,
    ),
    areaChildren: groupedLoader<string, Area>(
      (ids) => em.find(Area, { parent: { $in: [...ids] } }, { orderBy: { code: 'asc' } }),
      (a) => a.parent!.id,
    ),
  };
}
