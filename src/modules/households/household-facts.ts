import type { EntityManager } from '@mikro-orm/postgresql';
import type { HouseholdCategory, Registration } from '../../core/vocabulary';
import { auditedReadSql, type AuditActor } from '../audit';

/** What eligibility rules may test of a household (API.md: household.*, member.*). */
export interface HouseholdFacts {
  category: HouseholdCategory;
  registration: Registration;
  monthlyIncomePerCapitaFen: number | null;
  /** In member order; null is unknown. */
  members: { birthDate: string | null; disability: boolean | null; chronicIllness: boolean | null }[];
}

/** The fields the facts read, as audit entries list them. */
export const FACT_FIELDS = [
  'category',
  'registration',
  'monthlyIncomePerCapitaFen',
  'members.birthDate',
  'members.disability',
  'members.chronicIllness',
] as const;

// One statement: one READ audit row per household found, and its facts only through that row.
const FACTS_SQL = `
with ids as (
  select distinct x::uuid as id from jsonb_array_elements_text(?::jsonb) as x
), ${auditedReadSql({
  subjectType: 'Household',
  subjectId: 'h.id',
  fields: 'array(select jsonb_array_elements_text(?::jsonb))',
  purpose: '?::text',
  from: 'ids join household h on h.id = ids.id',
})}
select h.id, h.category, h.registration, h.monthly_income_per_capita_fen as income,
  (select coalesce(jsonb_agg(jsonb_build_object(
            'birthDate', m.birth_date, 'disability', m.disability, 'chronicIllness', m.chronic_illness)
          order by m.position), '[]'::jsonb)
   from household_member m where m.household_id = h.id) as members
from household h join audited a on a.subject_id = h.id`;

interface FactsRow {
  id: string;
  category: HouseholdCategory;
  registration: Registration;
  income: number | null;
  members: HouseholdFacts['members'];
}

/**
 * The matching engine's facts of these households, keyed by household id (unknown ids are
 * absent). Reading them appends one READ audit entry per household in the same statement, so
 * a failed audit means no facts. `actor` may be SYSTEM_ACTOR for background reverse matching.
 */
export async function readHouseholdFacts(
  em: EntityManager,
  householdIds: readonly string[],
  actor: AuditActor,
  purpose: string,
  requestId: string | null = null,
): Promise<Map<string, HouseholdFacts>> {
  const facts = new Map<string, HouseholdFacts>();
  if (householdIds.length === 0) return facts;
  const rows = await em.execute<FactsRow[]>(FACTS_SQL, [
    JSON.stringify(householdIds),
    actor.subject,
    actor.role,
    actor.organizationId,
    JSON.stringify(FACT_FIELDS),
    purpose,
    requestId,
  ]);
  for (const row of rows) {
    facts.set(row.id, {
      category: row.category,
      registration: row.registration,
      monthlyIncomePerCapitaFen: row.income,
      members: row.members.map((m) => ({
        birthDate: m.birthDate ?? null,
        disability: m.disability ?? null,
        chronicIllness: m.chronicIllness ?? null,
      })),
    });
  }
  return facts;
}
