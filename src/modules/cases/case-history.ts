import type { EntityManager } from '@mikro-orm/postgresql';
import { NEED_LIFECYCLE } from './need.lifecycle';

/** What screening may know of a household's casework (cases module's own tables, read here only). */
export interface HouseholdCaseHistory {
  /** Cases of the household that occurred in the 12 months before `now`. */
  emergenciesIn12Months: number;
  /** Some need is still open (OPEN, PARTLY_MET, ESCALATED) on a case that has already had aid. */
  aidExhaustedNeedOpen: boolean;
}

/** The case history of each household, keyed by id (every id asked for is present). */
export async function householdCaseHistory(
  em: EntityManager,
  householdIds: readonly string[],
  now: Date,
): Promise<Map<string, HouseholdCaseHistory>> {
  const out = new Map<string, HouseholdCaseHistory>(
    householdIds.map((id) => [id, { emergenciesIn12Months: 0, aidExhaustedNeedOpen: false }]),
  );
  if (householdIds.length === 0) return out;
  const rows = await em.execute<{ household_id: string; recent: number; exhausted: boolean }[]>(
    `select c.household_id,
            count(*) filter (where c.occurred_at > ?::timestamptz - interval '12 months')::int as recent,
            bool_or(c.first_assisted_at is not null and exists (
              select 1 from need n where n.case_id = c.id and n.status in (${NEED_LIFECYCLE.sql('commit')}))) as exhausted
     from emergency_case c
     where c.household_id in (select jsonb_array_elements_text(?::jsonb)::uuid)
     group by c.household_id`,
    [now.toISOString(), JSON.stringify(householdIds)],
  );
  for (const row of rows) {
    out.set(row.household_id, { emergenciesIn12Months: row.recent, aidExhaustedNeedOpen: row.exhausted === true });
  }
  return out;
}

/** The households of these cases (cases without one are left out). */
export async function householdsOfCases(em: EntityManager, caseIds: readonly string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const rows = await em.execute<{ household_id: string }[]>(
    `select distinct household_id from emergency_case
     where household_id is not null and id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [JSON.stringify(caseIds)],
  );
  return rows.map((r) => r.household_id);
}

/** The cases of these households, as (case, household) pairs: other modules key their rows by case. */
export async function casesOfHouseholds(
  em: EntityManager,
  householdIds: readonly string[],
): Promise<{ caseId: string; householdId: string }[]> {
  if (householdIds.length === 0) return [];
  return em.execute<{ caseId: string; householdId: string }[]>(
    `select id as "caseId", household_id as "householdId" from emergency_case
     where household_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [JSON.stringify(householdIds)],
  );
}
