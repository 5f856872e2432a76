import { Area } from '../modules/areas/area.entity';
import { Organization } from '../modules/organizations/organization.entity';
import { Policy } from '../modules/policies/policy.entity';
import { CharityProject, Donation, GovernmentProgramme, Resource, VolunteerOffer } from '../modules/resources/resource.entity';
import { SeedRun } from './seed-run.entity';
import { EmergencyCase } from '../modules/cases/emergency-case.entity';

/** Every entity the ORM knows; new modules add theirs here. */
export const ENTITIES = [Area, Organization, Policy, Resource, GovernmentProgramme, CharityProject, Donation, VolunteerOffer, EmergencyCase, SeedRun];
