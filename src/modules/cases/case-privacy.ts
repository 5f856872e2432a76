import type { EntityManager } from '@mikro-orm/postgresql';
import { CASE_STATES_TAKING_HELP } from './case.lifecycle';

/** What replaces a required free text once anonymised (the same marker as the household's). */
const ANONYMISED_TEXT = '〔已匿名化〕';

/** The case and need fields the retention job anonymises, as its audit entry lists them. */
export const CASE_ANONYMISED_FIELDS = [
  'cases.description',
  'cases.address',
  'cases.reporterName',
  'cases.reporterPhone',
  'cases.verificationNote',
  'cases.requestHash',
  'cases.trackingHash',
  'needs.description',
  'needs.escalationNote',
  'needs.cancelReason',
] as const;

// A household is due when it has a case not yet anonymised, and every case of it has ended (no state that
// takes help) and the last one ended at least `months` before `now`.
const TAKING_HELP = `{${CASE_STATES_TAKING_HELP.join(',')}}`;
const DUE = `
  group by c.household_id
  having bool_or(c.anonymised_at is null)
     and bool_and(c.status::text <> all(?::text[]) and c.closed_at is not null)
     and max(c.closed_at) <= ?::timestamptz - make_interval(months => ?)`;

/**
 * Households whose retention ran out (RETENTION_MONTHS after their last case closed, no case open) and whose
 * cases are not yet anonymised; at most `limit`, oldest closure first.
 */
export async function householdsDueForAnonymisation(
  em: EntityManager,
  now: Date,
  months: number,
  limit: number,
): Promise<string[]> {
  const rows = await em.execute<{ household_id: string }[]>(
    `select c.household_id from emergency_case c
     where c.household_id in (select household_id from emergency_case where anonymised_at is null and household_id is not null)
     ${DUE} order by max(c.closed_at), c.household_id limit ?`,
    [TAKING_HELP, now, months, limit],
  );
  return rows.map((r) => r.household_id);
}

/**
 * Anonymises the cases and needs of those households (the caller holds their household rows) that are
 * still due once their cases are locked: a case reopened or linked meanwhile keeps its household out.
 * Descriptions, addresses, reporters' names and phones, notes and the report's fingerprints go; dates,
 * states, forms and amounts stay. Returns the households confirmed and their case ids.
 */
export async function anonymiseHouseholdCases(
  em: EntityManager,
  householdIds: readonly string[],
  now: Date,
  months: number,
): Promise<{ householdIds: string[]; caseIds: string[] }> {
  if (householdIds.length === 0) return { householdIds: [], caseIds: [] };
  const list = JSON.stringify(householdIds);
  const ids = `(select jsonb_array_elements_text(?::jsonb)::uuid)`;
  await em.execute(`select id from emergency_case where household_id in ${ids} order by id for update`, [list]);
  const due = await em.execute<{ household_id: string }[]>(
    `select c.household_id from emergency_case c where c.household_id in ${ids} ${DUE}`,
    [list, TAKING_HELP, now, months],
  );
  if (due.length === 0) return { householdIds: [], caseIds: [] };
  const dueList = JSON.stringify(due.map((r) => r.household_id));
  const cases = await em.execute<{ id: string }[]>(
    `update emergency_case set description = ?, address = null, reporter_name = null, reporter_phone = null,
       verification_note = null, request_hash = 'erased:anonymised', tracking_hash = null,
       anonymised_at = coalesce(anonymised_at, ?), updated_at = ?
     where household_id in ${ids} returning id`,
    [ANONYMISED_TEXT, now, now, dueList],
  );
  const caseIds = cases.map((r) => r.id);
  await em.execute(
    `update need set description = ?, escalation_note = null, cancel_reason = null, updated_at = ?
     where case_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [ANONYMISED_TEXT, now, JSON.stringify(caseIds)],
  );
  return { householdIds: due.map((r) => r.household_id), caseIds };
}

/** The household's cases, each with its needs, as the data subject's copy shows them (oldest first). */
export async function householdCasesExport(em: EntityManager, householdId: string): Promise<Record<string, unknown>[]> {
  return em.execute<Record<string, unknown>[]>(
    `select c.id, c.reference, c.emergency_type as "emergencyType", c.occurred_at as "occurredAt",
       c.area_code as "areaCode", c.description, c.channel, c.address, c.reporter_name as "reporterName",
       c.reporter_phone as "reporterPhone", c.status, c.verified_at as "verifiedAt",
       c.verification_note as "verificationNote", c.closed_at as "closedAt", c.anonymised_at as "anonymisedAt",
       c.created_at as "createdAt",
       (select coalesce(jsonb_agg(jsonb_build_object(
          'id', n.id, 'form', n.form, 'description', n.description, 'amountFen', n.amount_fen,
          'quantity', n.quantity, 'unit', n.unit, 'urgency', n.urgency, 'status', n.status,
          'delivered', n.delivered, 'createdAt', n.created_at) order by n.created_at, n.id), '[]'::jsonb)
        from need n where n.case_id = c.id) as needs
     from emergency_case c where c.household_id = ? order by c.created_at, c.id`,
    [householdId],
  );
}
