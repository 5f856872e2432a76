import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader } from '../../core/loader';
import { Area } from './area.entity';

export function createAreaLoaders(em: EntityManager) {
  return {
    areaById: keyedLoader<string, Area>(
      (ids) => em.find(Area, { id: { $in: [...ids] } }),
      (a) => a.id,
    ),
    areaByCode: keyedLoader<string, Area>(
      (codes) => em.find(Area, { code: { $in: [...codes] } }),
      (a) => a.code,
    ),
    areaChildren: groupedLoader<string, Area>(
      (ids) => em.find(Area, { parent: { $in: [...ids] } }, { orderBy: { code: 'asc' } }),
      (a) => a.parent!.id,
    ),
  };
}
