import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
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
import { ThesaurusService, type ThesaurusSink } from './modules/thesaurus';
import type { SearchPipeline } from './search/search-pipeline';
import { ThesaurusHolder } from './search/thesaurus';

/** The stateless domain services, built once per process. */
export function createServices(deps: {
  config: Config;
  search: SearchIndex | SearchPipeline;
  orm: MikroORM;
  bus: EventBus;
  thesaurus?: ThesaurusHolder;
}) {
  const assistance = new AssistanceService(deps.config);
  return {
    config: deps.config,
    search: deps.search,
    areas: new AreaService(),
    organizations: new OrganizationService(),
    policies: new PolicyService(deps.search),
    resources: new ResourceService(deps.search),
    feed: new ResourceFeed(deps.orm, deps.bus),
    cases: new CaseService(deps.config),
    needs: new NeedService(),
    matching: new MatchService(),
    matchFeed: new MatchFeed(deps.orm, deps.bus),
    assistance,
    commitments: new CommitmentService(deps.config),
    referrals: new ReferralService(deps.config, assistance),
    referralFeed: new ReferralFeed(deps.orm, deps.bus),
    households: new HouseholdService(),
    audit: new AuditService(),
    thesaurus: new ThesaurusService(deps.thesaurus ?? new ThesaurusHolder(), deps.search as ThesaurusSink),
  };
}

export type Services = ReturnType<typeof createServices>;
