import type { EntityManager } from '@mikro-orm/postgresql';

/** The aid-chain fields the retention job anonymises; amounts, forms, fund sources and dates stay. */
export const ASSISTANCE_ANONYMISED_FIELDS = ['assistance.note', 'assistance.acknowledgementNote'] as const;

/** Clears the free-text notes of the households' aid records; the figures of the chain stay as they were. */
export async function anonymiseHouseholdAssistance(
  em: EntityManager,
  householdIds: readonly string[],
  now: Date,
): Promise<void> {
  if (householdIds.length === 0) return;
  await em.execute(
    `update assistance_record set note = null, acknowledgement_note = null, updated_at = ?
     where household_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [now, JSON.stringify(householdIds)],
  );
}

/** The household's aid chain for the data subject's copy (oldest first); providers by id. */
export async function householdAssistanceExport(
  em: EntityManager,
  householdId: string,
): Promise<(Record<string, unknown> & { providerId: string })[]> {
  return em.execute(
    `select id, case_id as "caseId", need_id as "needId", referral_id as "referralId", provider_id as "providerId",
       area_code as "areaCode", cause, form, amount_fen as "amountFen", fund_source as "fundSource",
       to_char(delivered_on, 'YYYY-MM-DD') as "deliveredOn", note, created_at as "createdAt"
     from assistance_record where household_id = ? order by delivered_on, created_at, id`,
    [householdId],
  );
}
