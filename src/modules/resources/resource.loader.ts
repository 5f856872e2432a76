import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader, uniqueLoader } from '../../core/loader';
import { readRows, viewOf } from '../../core/read-model';
import { Resource } from './resource.entity';

export function createResourceLoaders(em: EntityManager) {
  return {
    resourceById: uniqueLoader(em, Resource, 'id'),
    /** Read-only views for fields that only display resources (match results, commitments): no hydration. */
    resourceView: keyedLoader<string, Resource>(
      async (ids) => {
        const rows = await readRows<Record<string, unknown>>(em, 'select * from resource where id = any(?::uuid[])', [
          `{${ids.join(',')}}`,
        ]);
        return rows.map((row) => viewOf<Resource>(em, 'Resource', row));
      },
      (r) => r.id,
    ),
  };
}
