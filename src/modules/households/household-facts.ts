import type { EntityManager } from '@mikro-orm/postgresql';
import type { HouseholdCategory, Registration } from '../../core/vocabulary';
import type { UserError } from '../../core/user-error';
import { auditedReadSql, type AuditActor } from '../audit';
import { refusalFor } from './household-privacy';

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

// The same, for one household, with whether it is barred from processing (processingBarred): a barred
// household gets no audit row and no facts. One round trip instead of the check and then the read.
const FACTS_UNLESS_BARRED_SQL = `
with ${auditedReadSql({
  subjectType: 'Household',
  subjectId: 'h.id',
  fields: 'array(select jsonb_array_elements_text(?::jsonb))',
  purpose: '?::text',
  from: 'household h where h.id = ?::uuid and h.consent_withdrawn_at is null and h.anonymised_at is null',
})}
select h.id, h.consent_withdrawn_at is not null as withdrawn, h.anonymised_at is not null as anonymised,
  a.subject_id is not null as disclosed,
  case when a.subject_id is not null then h.category end as category,
  case when a.subject_id is not null then h.registration end as registration,
  case when a.subject_id is not null then h.monthly_income_per_capita_fen end as income,
  case when a.subject_id is not null then
    (select coalesce(jsonb_agg(jsonb_build_object(
              'birthDate', m.birth_date, 'disability', m.disability, 'chronicIllness', m.chronic_illness)
            order by m.position), '[]'::jsonb)
     from household_member m where m.household_id = h.id) end as members
from household h left join audited a on a.subject_id = h.id
where h.id = ?::uuid`;

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
  for (const row of rows) facts.set(row.id, factsOf(row));
  return facts;
}

function factsOf(row: FactsRow): HouseholdFacts {
  return {
    category: row.category,
    registration: row.registration,
    monthlyIncomePerCapitaFen: row.income,
    members: row.members.map((m) => ({
      birthDate: m.birthDate ?? null,
      disability: m.disability ?? null,
      chronicIllness: m.chronicIllness ?? null,
    })),
  };
}

/**
 * `processingRefusal` and then `readHouseholdFacts` for one household, in one statement: the refusal
 * (with `field`) when the household withdrew its consent or was anonymised — then no facts are read and
 * no audit entry is written — else its facts, read through one READ audit entry as readHouseholdFacts
 * writes it. Facts are null for an unknown household.
 */
export async function readHouseholdFactsUnlessBarred(
  em: EntityManager,
  householdId: string,
  read: { actor: AuditActor; purpose: string; requestId?: string | null; field: string[] },
): Promise<{ refusal: UserError | null; facts: HouseholdFacts | null }> {
  const { actor, purpose, requestId = null, field } = read;
  const [row] = await em.execute<(FactsRow & { withdrawn: boolean; anonymised: boolean; disclosed: boolean })[]>(
    FACTS_UNLESS_BARRED_SQL,
    [
      actor.subject,
      actor.role,
      actor.organizationId,
      JSON.stringify(FACT_FIELDS),
      purpose,
      requestId,
      householdId,
      householdId,
    ],
  );
  if (!row) return { refusal: null, facts: null };
  const refusal = refusalFor(row.withdrawn ? 'CONSENT_WITHDRAWN' : row.anonymised ? 'ANONYMISED' : undefined, field);
  return { refusal, facts: row.disclosed ? factsOf(row) : null };
}
