import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader, uniqueLoader } from '../../core/loader';
import { sqlList } from '../../core/sql';
import { casesOfHouseholds } from '../cases';
import { Commitment } from './commitment.entity';
import { Referral } from './referral.entity';
import { ACTIVE_REFERRAL_STATUSES } from './referral.lifecycle';

export function createReferralLoaders(em: EntityManager) {
  return {
    commitmentById: uniqueLoader(em, Commitment, 'id'),
    referralByCommitment: keyedLoader<string, Referral>(
      (ids) => em.find(Referral, { commitment: { $in: [...ids] } }),
      (r) => r.commitment.id,
    ),
    referralsByNeed: groupedLoader<string, Referral>(
      (ids) => em.find(Referral, { need: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      (r) => r.need.id,
    ),
    /** The organisations an active referral of one of the household's cases is addressed to (the households module's port). */
    householdReferralOrganizations: groupedLoader<string, { householdId: string; organizationId: string }>(
      async (ids) => {
        // The households' cases through the cases module's door, then the referrals of those cases: two
        // statements a batch, whatever the page's size.
        const cases = await casesOfHouseholds(em, ids);
        if (cases.length === 0) return [];
        const householdOf = new Map(cases.map((c) => [c.caseId, c.householdId]));
        const rows = await em.execute<{ caseId: string; organizationId: string }[]>(
          `select distinct case_id as "caseId", to_organization_id as "organizationId" from referral
           where case_id in (select jsonb_array_elements_text(?::jsonb)::uuid)
             and status in (${sqlList(ACTIVE_REFERRAL_STATUSES)})`,
          [JSON.stringify([...householdOf.keys()])],
        );
        const pairs = new Map<string, { householdId: string; organizationId: string }>();
        for (const row of rows) {
          const householdId = householdOf.get(row.caseId)!;
          pairs.set(`${householdId}|${row.organizationId}`, { householdId, organizationId: row.organizationId });
        }
        return [...pairs.values()];
      },
      (row) => row.householdId,
    ),
  };
}

/** The cases module's port: how many referrals of a need are still active (sent, accepted, in progress). */
export const needReferrals = {
  async activeCount(em: EntityManager, needId: string): Promise<number> {
    const [active] = await em.execute<{ n: number }[]>(
      `select count(*)::int as n from referral where need_id = ? and status in (${sqlList(ACTIVE_REFERRAL_STATUSES)})`,
      [needId],
    );
    return active!.n;
  },
};
