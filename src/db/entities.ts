import { Area } from '../modules/areas/area.entity';
import { Organization } from '../modules/organizations/organization.entity';
import { Policy } from '../modules/policies/policy.entity';
import {
  CharityProject,
  Donation,
  GovernmentProgramme,
  Resource,
  VolunteerOffer,
} from '../modules/resources/resource.entity';
import { SeedRun } from './seed-run.entity';
import { SearchSynonymSet } from '../modules/thesaurus';
import { EmergencyCase } from '../modules/cases/emergency-case.entity';
import { Need } from '../modules/cases/need.entity';
import { Household, HouseholdMember } from '../modules/households/household.entity';
import { Commitment } from '../modules/referrals/commitment.entity';
import { Referral } from '../modules/referrals/referral.entity';
import { AssistanceRecord } from '../modules/assistance/assistance-record.entity';

/** Every entity the ORM knows; new modules add theirs here. */
export const ENTITIES = [
  Area,
  Organization,
  Policy,
  Resource,
  GovernmentProgramme,
  CharityProject,
  Donation,
  VolunteerOffer,
  EmergencyCase,
  Household,
  HouseholdMember,
  Need,
  Commitment,
  Referral,
  AssistanceRecord,
  SearchSynonymSet,
  SeedRun,
];
