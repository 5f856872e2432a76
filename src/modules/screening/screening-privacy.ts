import type { EntityManager } from '@mikro-orm/postgresql';

/** The screening fields the retention job anonymises. */
export const SCREENING_ANONYMISED_FIELDS = [
  'screeningVisits.notes',
  'riskFlags.facts',
  'riskFlags.resolutionNote',
] as const;

const IDS = `(select jsonb_array_elements_text(?::jsonb)::uuid)`;

/**
 * Clears visit notes, the facts a risk flag was raised on (income, health, …) and resolution notes; the
 * visits' dates, categories, degrees and the flags' rules and levels stay.
 */
export async function anonymiseHouseholdScreening(
  em: EntityManager,
  householdIds: readonly string[],
  now: Date,
): Promise<void> {
  if (householdIds.length === 0) return;
  const list = JSON.stringify(householdIds);
  await em.execute(`update screening_visit set notes = null, updated_at = ? where household_id in ${IDS}`, [now, list]);
  await em.execute(
    `update risk_flag set facts = '[]'::jsonb, resolution_note = null, updated_at = ? where household_id in ${IDS}`,
    [now, list],
  );
}

/** The household's screening visits for the data subject's copy (oldest first). */
export async function householdScreeningExport(
  em: EntityManager,
  householdId: string,
): Promise<Record<string, unknown>[]> {
  return em.execute(
    `select id, to_char(visited_on, 'YYYY-MM-DD') as "visitedOn", visited_by as "visitedBy", category, degree,
       causes, living, notes, created_at as "createdAt"
     from screening_visit where household_id = ? order by visited_on, created_at, id`,
    [householdId],
  );
}
