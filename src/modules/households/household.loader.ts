import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedLoader, keyedLoader } from '../../core/loader';
import { ACTIVE_REFERRAL_STATUSES } from '../referrals/referral.enums';
import { Household } from './household.entity';
import { personalReadLoader } from './household-read';

/** Columns that are read only through the audited reader, never loaded with the entity. */
export const PERSONAL_COLUMNS = ['address', 'monthlyIncomePerCapitaFen'] as const;

export function createHouseholdLoaders(em: EntityManager) {
  return {
    /**
     * Households without their personal columns: `address` and `monthlyIncomePerCapitaFen` stay
     * undefined here and are read only through `householdPersonal`, which audits the read.
     */
    householdById: keyedLoader<string, Household>(
      async (ids) =>
        (await em.find(Household, { id: { $in: [...ids] } }, { exclude: PERSONAL_COLUMNS })) as unknown as Household[],
      (h) => h.id,
    ),
    /** The organisations an active referral of one of the household's cases is addressed to. */
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
    householdPersonal: personalReadLoader(em),
  };
}
