import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader } from '../../core/loader';
import { sqlList } from '../../core/sql';
import { Commitment } from './commitment.entity';
import { Referral } from './referral.entity';
import { ACTIVE_REFERRAL_STATUSES } from './referral.enums';

export function createReferralLoaders(em: EntityManager) {
  return {
    commitmentById: keyedLoader<string, Commitment>(
      (ids) => em.find(Commitment, { id: { $in: [...ids] } }),
      (c) => c.id,
    ),
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
      (ids) =>
        em.execute(
          `select distinct c.household_id as "householdId", r.to_organization_id as "organizationId"
           from referral r join emergency_case c on c.id = r.case_id
           where c.household_id in (${ids.map(() => '?').join(', ')})
             and r.status in (${ACTIVE_REFERRAL_STATUSES.map(() => '?').join(', ')})`,
          [...ids, ...ACTIVE_REFERRAL_STATUSES],
        ),
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
