import type { EntityManager } from '@mikro-orm/postgresql';
import { toDate } from '../../core/clock';
import type { HouseholdCategory } from '../../core/vocabulary';

/** The household's street and when its file was opened; null when there is no such household. */
export async function householdFileInfo(
  em: EntityManager,
  householdId: string,
): Promise<{ areaCode: string; createdAt: Date; category: HouseholdCategory } | null> {
  const [row] = await em.execute<{ area_code: string; created_at: Date; category: HouseholdCategory }[]>(
    'select area_code, created_at, category from household where id = ?',
    [householdId],
  );
  return row ? { areaCode: row.area_code, createdAt: toDate(row.created_at), category: row.category } : null;
}

/**
 * A screening visit's findings written into the household file (the category, 类别); the caller
 * runs it in its transaction and audits it. Returns whether the file changed.
 */
export async function updateHouseholdCategory(
  em: EntityManager,
  householdId: string,
  category: HouseholdCategory,
  now: Date,
): Promise<boolean> {
  const result = await em.execute<{ id: string }[]>(
    'update household set category = ?, updated_at = ? where id = ? and category <> ? returning id',
    [category, now, householdId, category],
  );
  return result.length > 0;
}

/**
 * The household files of an area as a relation (id, area_code, created_at) for a statement of another
 * module that pages households by its own rows (screening's visit list): the households module owns this
 * table's SQL, the caller composes it. Its one parameter: the area's `like` pattern (`310101%`).
 */
export const HOUSEHOLDS_IN_AREA_SQL = '(select id, area_code, created_at from household where area_code like ?)';
