import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/** A loader by key whose batch function returns rows in any order; results come back in key order. */
export function keyedLoader<K, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await load(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader of lists by key (children of a parent, items of an owner), in key order. */
export function groupedLoader<K, V>(
  load: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await load(keys);
    const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const row of rows) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Entities by a unique column (`id`, a code, a document number): one `$in` find a batch; null where none. */
export function uniqueLoader<T extends object, F extends keyof T & string>(
  em: EntityManager,
  entity: EntityClass<T>,
  field: F,
): DataLoader<NonNullable<T[F]>, T | null> {
  return keyedLoader<NonNullable<T[F]>, T>(
    (keys) => em.find(entity, { [field]: { $in: [...keys] } } as FilterQuery<T>),
    (row) => row[field] as NonNullable<T[F]>,
  );
}
