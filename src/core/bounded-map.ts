/**
 * A Map that holds at most `limit` entries: setting one more forgets the oldest (insertion order; to
 * keep an entry longest, delete it and set it again). For the process's small memos and caches.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.limit) this.delete(this.keys().next().value!);
    return this;
  }

  /** The value at `key`; made by `make` and kept when there is none. */
  remember(key: K, make: () => V): V {
    if (this.has(key)) return this.get(key)!;
    const value = make();
    this.set(key, value);
    return value;
  }
}

/**
 * A BoundedMap for each ORM instance (one database), never one for the process: `of(em)` gives the map
 * of em's ORM. Forks share their ORM's configuration object, which names the instance.
 */
export function boundedMapPerOrm<K, V>(limit: number): (em: { readonly config: object }) => BoundedMap<K, V> {
  const maps = new WeakMap<object, BoundedMap<K, V>>();
  return (em) => {
    let map = maps.get(em.config);
    if (!map) maps.set(em.config, (map = new BoundedMap<K, V>(limit)));
    return map;
  };
}
