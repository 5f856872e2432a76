import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import type { Clock } from './core/clock';
import type { EventBus } from './events/bus';
import type { SearchIndex } from './search/search-index';
import { AreaService } from './modules/areas/area.service';
import { OrganizationService } from './modules/organizations/organization.service';
import { PolicyService } from './modules/policies/policy.service';
import { ResourceService } from './modules/resources/resource.service';
import { ResourceFeed } from './modules/resources/resource-feed';
import { CaseService } from './modules/cases/case.service';
import { NeedService } from './modules/cases/need.service';
import { MatchService } from './modules/matching/match.service';
import { MatchFeed } from './modules/matching/match-feed';
import { AssistanceService } from './modules/assistance/assistance.service';
import { CommitmentService } from './modules/referrals/commitment.service';
import { ReferralFeed } from './modules/referrals/referral-feed';
import { ReferralService } from './modules/referrals/referral.service';
import { HouseholdService } from './modules/households/household.service';
import { AuditService } from './modules/audit/audit.service';
import { RiskFeed, ScreeningService } from './modules/screening';

/** The stateless domain services, built once per process. */
export function createServices(deps: {
  config: Config;
  search: SearchIndex;
  orm: MikroORM;
  bus: EventBus;
  clock: Clock;
}) {
  const assistance = new AssistanceService(deps.config);
  const screening = new ScreeningService(deps.config, deps.clock);
  return {
    config: deps.config,
    clock: deps.clock,
    search: deps.search,
    areas: new AreaService(),
    organizations: new OrganizationService(),
    policies: new PolicyService(deps.search),
    resources: new ResourceService(deps.search),
    feed: new ResourceFeed(deps.orm, deps.bus),
    cases: new CaseService(deps.config, deps.clock),
    needs: new NeedService(),
    matching: new MatchService(),
    matchFeed: new MatchFeed(deps.orm, deps.bus, deps.clock),
    assistance,
    commitments: new CommitmentService(deps.config, deps.clock),
    referrals: new ReferralService(deps.config, assistance),
    referralFeed: new ReferralFeed(deps.orm, deps.bus),
    households: new HouseholdService(),
    audit: new AuditService(),
    screening,
    riskFeed: new RiskFeed(deps.orm, deps.bus, screening),
  };
}

export type Services = ReturnType<typeof createServices>;

declare module './core/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubServices extends Services {}
}
