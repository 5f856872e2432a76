import type { EntityManager } from '@mikro-orm/postgresql';
import { keyedLoader } from '../../core/loader';
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
    householdPersonal: personalReadLoader(em),
  };
}
