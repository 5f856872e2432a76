import { Cursor, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { BadInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fits(prop: EntityProperty, value: unknown): boolean {
  if (value === null) return prop.nullable === true;
  const type = `${prop.columnTypes?.[0] ?? prop.type}`.toLowerCase();
  if (type === 'uuid') return typeof value === 'string' && UUID.test(value);
  if (type.startsWith('timestamp') || prop.runtimeType === 'Date') {
    return value instanceof Date && !Number.isNaN(value.getTime());
  }
  if (prop.enum && prop.items?.length)
    return typeof value === 'string' && (prop.items as readonly unknown[]).includes(value);
  switch (prop.runtimeType) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string' && value.length <= 1_000;
    default:
      return false;
  }
}

/**
 * A keyset cursor (base64url JSON array, one value per sort key) decoded and checked against the sort keys'
 * properties before it reaches SQL: wrong length or a value of the wrong type is the client's mistake
 * (`BAD_USER_INPUT`), not a database error.
 */
export function checkKeysetCursor<T>(
  after: string | null | undefined,
  meta: EntityMetadata<T>,
  orderBy: Record<string, unknown>,
): string | undefined {
  if (!after) return undefined;
  const malformed = () => new BadInputError('无效的游标 (malformed cursor)', 'after');
  let decoded: unknown;
  try {
    decoded = Cursor.decode(after);
  } catch {
    throw malformed();
  }
  const keys = Object.keys(orderBy);
  if (!Array.isArray(decoded) || decoded.length !== keys.length) throw malformed();
  keys.forEach((key, i) => {
    const prop = (meta.properties as Record<string, EntityProperty | undefined>)[key];
    if (!prop || !fits(prop, decoded[i])) throw malformed();
  });
  return after;
}
