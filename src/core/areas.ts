import { ForbiddenError } from './errors';
import type { Viewer } from './roles';

// Area codes (GB/T 2260): the city 310000, districts 3101xx, streets 3101xxyyy.

/** What prefix every area code under `code` starts with (GB/T 2260: 310000 → 31, 310101 → 310101). */
export function areaPrefix(code: string): string {
  if (/^\d{2}0000$/.test(code)) return code.slice(0, 2);
  if (/^\d{4}00$/.test(code)) return code.slice(0, 4);
  return code;
}

/** The area itself and every area above it, nearest first (310101002 → 310101002, 310101, 310000). */
export function areaAncestry(code: string): string[] {
  if (/^\d{9}$/.test(code)) return [code, code.slice(0, 6), `${code.slice(0, 2)}0000`];
  if (/^\d{2}0000$/.test(code)) return [code];
  if (/^\d{6}$/.test(code)) return [code, `${code.slice(0, 2)}0000`];
  return [code];
}

/** Jurisdiction: the viewer's area and everything below it. */
export function withinArea(code: string, jurisdiction: string): boolean {
  return code.startsWith(areaPrefix(jurisdiction));
}

/** An ORM filter: rows whose `areaCode` lies in the area `code` (the area and every area under it). */
export function inArea(code: string): { areaCode: { $like: string } } {
  return { areaCode: { $like: `${areaPrefix(code)}%` } };
}

/** An ORM filter: rows of the viewer's jurisdiction; FORBIDDEN when the token names no area. */
export function inJurisdiction(viewer: Viewer | null): { areaCode: { $like: string } } {
  if (!viewer?.areaCode) throw new ForbiddenError('令牌未指定管辖区划 (token names no area)');
  return inArea(viewer.areaCode);
}

/**
 * A PostgreSQL array literal for `?::text[]` bindings: knex expands a JS array bound to `?` into a
 * list of parameters, so arrays travel as one quoted literal instead.
 */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
