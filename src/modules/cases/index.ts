import type { EntityManager } from '@mikro-orm/postgresql';
import { defineModule } from '../manifest';
import { CaseResolver } from './case.resolver';
import { CaseTrackingResolver } from './case-tracking.resolver';
import { CaseFeed } from './case-feed';
import { CaseSubscriptionResolver } from './case-subscription.resolver';
import { createCaseLoaders } from './case.loader';
import { CASES_EVENTS } from './case.events';
import { announceOverdueJob } from './jobs/announce-overdue.job';
import { CaseIntakeService } from './case-intake.service';
import { CaseService } from './case.service';
import { EmergencyCaseType } from './case.types';
import { EmergencyCase } from './emergency-case.entity';
import { Need } from './need.entity';
import { NeedResolver } from './need.resolver';
import { NeedService } from './need.service';
import { NeedType } from './need.types';

declare module '../../core/context' {
  interface HubServices {
    caseIntake: CaseIntakeService;
    cases: CaseService;
    needs: NeedService;
    caseFeed: CaseFeed;
    /** A port, filled by a module above (referrals): a need with active referrals cannot be withdrawn. */
    needReferrals: { activeCount(em: EntityManager, needId: string): Promise<number> };
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createCaseLoaders> {}
}

/** 急难事件 and 需求: intake (首问负责制), verification, the expedited path, needs and their escalation. */
export const casesModule = defineModule({
  name: 'cases',
  entities: [EmergencyCase, Need],
  // case_fact: the supervision report's read model, one row per case (written by triggers on emergency_case).
  tables: ['case_deadline_notice', 'case_fact'],
  resolvers: [CaseResolver, CaseTrackingResolver, CaseSubscriptionResolver, NeedResolver],
  types: [EmergencyCaseType, NeedType],
  nodeTypes: {
    EmergencyCase: (ctx, id) => ctx.services.cases.get(ctx, id),
    Need: (ctx, id) => ctx.services.needs.get(ctx, id),
  },
  loaders: createCaseLoaders,
  services: ({ config, clock, bus, limits }) => ({
    caseIntake: new CaseIntakeService(config, clock, limits),
    cases: new CaseService(config),
    needs: new NeedService(),
    caseFeed: new CaseFeed(bus),
  }),
  events: CASES_EVENTS,
  jobs: [announceOverdueJob],
});

export { EmergencyCase } from './emergency-case.entity';
export { Need } from './need.entity';
export { EmergencyCaseConnection, EmergencyCaseType } from './case.types';
export { NeedType } from './need.types';
export { CASE_LIFECYCLE, CASE_STATES_TAKING_HELP, caseTakesHelp } from './case.lifecycle';
export {
  matchableNeed,
  needForMatching,
  needIdsOfCase,
  openNeedsFor,
  type MatchableNeed,
  type NeedRow,
} from './need-queries';
export { caseForAction } from './case-guard';
export { EmergencyCaseStatus } from './case.enums';
export { NEED_LIFECYCLE, OPEN_NEED_STATUSES, needIsOpen } from './need.lifecycle';
export { applyDelivery, settleCase } from './need.service';
export type { CasesEvent, CaseStepEvent, NeedEvent } from './case.events';
export { casesOfHouseholds, householdCaseHistory, householdsOfCases, type HouseholdCaseHistory } from './case-history';
export { caseFigures, emptyCaseFigures, type CaseFigures } from './case-figures';
export { IntakeChannel } from './case.enums';
export {
  anonymiseHouseholdCases,
  CASE_ANONYMISED_FIELDS,
  householdCasesExport,
  householdsDueForAnonymisation,
} from './case-privacy';
export { CaseDeadline, caseDeadlines, overdueCaseFilter, type CaseDeadlineState } from './case-deadlines';
export { caseSteps } from './case-timeline';
export type { CaseOverdue } from './case.events';
export { supervisedCasePage } from './case-supervision';
