import type { EntityManager } from '@mikro-orm/postgresql';

/** The referral fields the retention job anonymises (free text that may describe the family). */
export const REFERRAL_ANONYMISED_FIELDS = ['referrals.reason', 'referrals.history.note'] as const;

const CASES = `(select jsonb_array_elements_text(?::jsonb)::uuid)`;

/**
 * Clears the free text of the cases' referrals — the reason and each step's note — and keeps the steps
 * themselves (status, when, who acted), the provider and the commitment's figures.
 */
export async function anonymiseCaseReferrals(em: EntityManager, caseIds: readonly string[], now: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await em.execute(
    `update referral set reason = null, updated_at = ?,
       history = (select coalesce(jsonb_agg(case when jsonb_typeof(h) = 'object' then h || '{"note": null}'::jsonb else h end
                   order by i), '[]'::jsonb)
                  from jsonb_array_elements(history) with ordinality as e(h, i))
     where case_id in ${CASES}`,
    [now, JSON.stringify(caseIds)],
  );
}

/** The cases' referrals for the data subject's copy; organisations by id (the caller names them). */
export async function caseReferralsExport(
  em: EntityManager,
  caseIds: readonly string[],
): Promise<(Record<string, unknown> & { toOrganizationId: string; fromOrganizationId: string | null })[]> {
  if (caseIds.length === 0) return [];
  return em.execute(
    `select r.id, r.case_id as "caseId", r.need_id as "needId", r.status, r.created_at as "createdAt",
       r.to_organization_id as "toOrganizationId", r.from_organization_id as "fromOrganizationId",
       r.reason, c.amount, c.unit, c.status as "commitmentStatus",
       (select coalesce(jsonb_agg(jsonb_build_object('status', h->>'status', 'at', h->>'at', 'note', h->>'note')
                 order by i), '[]'::jsonb)
        from jsonb_array_elements(r.history) with ordinality as e(h, i)) as steps
     from referral r join commitment c on c.id = r.commitment_id
     where r.case_id in ${CASES} order by r.created_at, r.id`,
    [JSON.stringify(caseIds)],
  );
}
