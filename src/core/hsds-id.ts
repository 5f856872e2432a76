import { createHash } from 'node:crypto';

/** RFC 4122 name-based (v5, SHA-1) UUID. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// = uuidV5('urn:jiujinan-hub:hsds', URL namespace). Never change it: every published HSDS id derives from it.
export const HSDS_NAMESPACE = '8a6645e3-caef-500f-9c1b-e45e254c5e2f';

/** The HSDS id (a uuid, as the schema requires) of the service or organization with this hub global ID. */
export function hsdsIdFor(globalId: string): string {
  return uuidV5(globalId, HSDS_NAMESPACE);
}
