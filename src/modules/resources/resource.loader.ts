import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader } from '../../core/loader';
import { Resource } from './resource.entity';

export function createResourceLoaders(em: EntityManager) {
  return {
    resourceById: keyedLoader<string, Resource>(
      (ids) => em.find(Resource, { id: { $in: [...ids] } }),
      (r) => r.id,
    ),
  };
}
