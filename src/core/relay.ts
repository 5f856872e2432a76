import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's Node: every major type has an opaque, globally unique ID. */
@InterfaceType('Node', {
  description: '节点 — an object with a globally unique, opaque ID (Relay).',
  // Entities name their GraphQL type; the same class can back several types (resource kinds).
  resolveType: (value: { typeName?: string }) => value.typeName,
})
export abstract class Node {
  @Field(() => ID, { name: 'id', description: '全局ID — opaque global ID; pass it to `node(id)`.' })
  globalId!: string;
}

const SEPARATOR = ':';

export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}${SEPARATOR}${id}`, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The type and local id inside a global ID, or null when it is not one of ours. */
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const at = decoded.indexOf(SEPARATOR);
  if (at <= 0) return null;
  const type = decoded.slice(0, at);
  const id = decoded.slice(at + 1);
  return /^[A-Z][A-Za-z]+$/.test(type) && UUID.test(id) ? { type, id } : null;
}

/** A UUID no record has: a filter on an id that names nothing matches nothing. */
export const NO_ID = '00000000-0000-0000-0000-000000000000';

/** For filters: the local id when `globalId` names an object of `type`, else NO_ID. */
export function filterId(globalId: string, type: string): string {
  return localId(globalId, type) ?? NO_ID;
}

/** The local id when `globalId` names an object of `type`, else null. */
export function localId(globalId: string, type: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed?.type === type ? parsed.id : null;
}
