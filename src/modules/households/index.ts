import type DataLoader from 'dataloader';
import { defineModule } from '../manifest';
import { Household, HouseholdMember } from './household.entity';
import { HOUSEHOLDS_EVENTS } from './household.events';
import { createHouseholdLoaders } from './household.loader';
import { HouseholdResolver } from './household.resolver';
import { HouseholdService } from './household.service';
import { HouseholdType } from './household.types';

declare module '../../core/context' {
  interface HubServices {
    households: HouseholdService;
  }
  interface HubLoaders extends ReturnType<typeof createHouseholdLoaders> {
    /**
     * A port, filled by a module above (referrals): the organisations an active referral of one of the
     * household's cases is addressed to. They may see the household's contact details.
     */
    householdReferralOrganizations: DataLoader<string, { householdId: string; organizationId: string }[]>;
  }
}

/** 家庭: households and their members — personal data, read only through audited readers. */
export const householdsModule = defineModule({
  name: 'households',
  entities: [Household, HouseholdMember],
  resolvers: [HouseholdResolver],
  types: [HouseholdType],
  nodeTypes: { Household: (ctx, id) => ctx.services.households.get(ctx, id) },
  loaders: createHouseholdLoaders,
  services: () => ({ households: new HouseholdService() }),
  events: HOUSEHOLDS_EVENTS,
});

export { Household, HouseholdMember } from './household.entity';
export { HouseholdType } from './household.types';
export type { HouseholdsEvent } from './household.events';
export { readHouseholdFacts, readHouseholdFactsUnlessBarred, type HouseholdFacts } from './household-facts';
export { HOUSEHOLDS_IN_AREA_SQL, householdFileInfo, updateHouseholdCategory } from './household-file';
export type { HouseholdAccess } from './household-read';
export {
  ANONYMISED_TEXT,
  anonymiseHouseholds,
  HOUSEHOLD_ANONYMISED_FIELDS,
  householdExport,
  lockHouseholdsForAnonymisation,
  processingBarred,
  processingRefusal,
  type HouseholdExport,
} from './household-privacy';
