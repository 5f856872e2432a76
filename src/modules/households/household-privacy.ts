import type { EntityManager } from '@mikro-orm/postgresql';
import { userError, UserErrorCode, type UserError } from '../../core/user-error';

/** What replaces a required personal text once anonymised (nullable ones become null). */
export const ANONYMISED_TEXT = '〔已匿名化〕';

/** The fields the retention job anonymises on a household and its members, as its audit entry lists them. */
export const HOUSEHOLD_ANONYMISED_FIELDS = [
  'address',
  'monthlyIncomePerCapitaFen',
  'members.name',
  'members.idNumber',
  'members.birthDate',
  'members.phone',
  'members.disability',
  'members.chronicIllness',
] as const;

/**
 * Why no new processing (matching, referrals, screening, a new case) may use these households, by id:
 * consent withdrawn, or personal data anonymised. Households absent from the map may be processed.
 * With `lock`, the rows are share-locked until the caller's transaction ends, so a withdrawal or the
 * retention job waits for the step that checked.
 */
export async function processingBarred(
  em: EntityManager,
  householdIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<Map<string, 'CONSENT_WITHDRAWN' | 'ANONYMISED'>> {
  const out = new Map<string, 'CONSENT_WITHDRAWN' | 'ANONYMISED'>();
  const ids = [...new Set(householdIds)];
  if (ids.length === 0) return out;
  const rows = await em.execute<{ id: string; withdrawn: boolean; anonymised: boolean }[]>(
    `select id, consent_withdrawn_at is not null as withdrawn, anonymised_at is not null as anonymised
     from household where id in (select jsonb_array_elements_text(?::jsonb)::uuid)${options.lock ? ' for share' : ''}`,
    [JSON.stringify(ids)],
  );
  for (const row of rows) {
    if (row.withdrawn) out.set(row.id, 'CONSENT_WITHDRAWN');
    else if (row.anonymised) out.set(row.id, 'ANONYMISED');
  }
  return out;
}

/** The userError for a step refused because the household's data may no longer be processed; null if it may. */
export async function processingRefusal(
  em: EntityManager,
  householdId: string | null,
  field: string[],
  options: { lock?: boolean } = {},
): Promise<UserError | null> {
  if (!householdId) return null;
  return refusalFor((await processingBarred(em, [householdId], options)).get(householdId), field);
}

/** The userError for a household barred from processing (`processingBarred`'s reason), null when it is not. */
export function refusalFor(barred: 'CONSENT_WITHDRAWN' | 'ANONYMISED' | undefined, field: string[]): UserError | null {
  if (!barred) return null;
  return userError(
    UserErrorCode.CONSENT_WITHDRAWN,
    barred === 'CONSENT_WITHDRAWN'
      ? '该家庭已撤回同意，不再进行新的处理 (the household withdrew its consent: no new processing)'
      : '该家庭的个人信息已匿名化，不再进行新的处理 (the household’s data was anonymised: no new processing)',
    field,
  );
}

/**
 * The retention job's lock on the households it will anonymise: those of `ids` not yet anonymised and not
 * locked by another run (SKIP LOCKED: instances running at once share the work, none waits).
 */
export async function lockHouseholdsForAnonymisation(em: EntityManager, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await em.execute<{ id: string }[]>(
    `select id from household where id in (select jsonb_array_elements_text(?::jsonb)::uuid)
     and anonymised_at is null order by id for update skip locked`,
    [JSON.stringify(ids)],
  );
  return rows.map((r) => r.id);
}

/**
 * Anonymises the households (locked by the caller) and their members for good: names, ID numbers,
 * birth dates, phones, health, address and income. Category, registration, relations, the consent
 * basis and the dates stay (the aid chain's figures need them and they name nobody).
 */
export async function anonymiseHouseholds(em: EntityManager, ids: readonly string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const list = JSON.stringify(ids);
  await em.execute(
    `update household_member set name = ?, id_number = null, birth_date = null, phone = null,
       disability = null, chronic_illness = null, updated_at = ?
     where household_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [ANONYMISED_TEXT, now, list],
  );
  const rows = await em.execute<{ id: string }[]>(
    `update household set address = ?, monthly_income_per_capita_fen = null, idempotency_key = null,
       consent_withdrawal_reason = case when consent_withdrawal_reason is null then null else ? end,
       anonymised_at = ?, updated_at = ?
     where id in (select jsonb_array_elements_text(?::jsonb)::uuid) and anonymised_at is null returning id`,
    [ANONYMISED_TEXT, ANONYMISED_TEXT, now, now, list],
  );
  return rows.length;
}

/** The household's own part of a data-subject export: its file and members, unmasked. */
export interface HouseholdExport {
  household: Record<string, unknown>;
  members: Record<string, unknown>[];
}

export async function householdExport(em: EntityManager, householdId: string): Promise<HouseholdExport | null> {
  const [household] = await em.execute<Record<string, unknown>[]>(
    `select area_code as "areaCode", address, category, registration,
       monthly_income_per_capita_fen as "monthlyIncomePerCapitaFen", consent_basis as "consentBasis",
       created_at as "createdAt", anonymised_at as "anonymisedAt", consent_withdrawn_at as "consentWithdrawnAt",
       consent_withdrawal_reason as "consentWithdrawalReason"
     from household where id = ?`,
    [householdId],
  );
  if (!household) return null;
  const members = await em.execute<Record<string, unknown>[]>(
    `select position, name, id_number as "idNumber", to_char(birth_date, 'YYYY-MM-DD') as "birthDate", relation,
       disability, chronic_illness as "chronicIllness", phone
     from household_member where household_id = ? order by position`,
    [householdId],
  );
  return { household, members };
}
