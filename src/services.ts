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

/** The stateless domain services, built once per process. */
export function createServices(deps: { config: Config; search: SearchIndex; orm: MikroORM; bus: EventBus }) {
  return {
    config: deps.config,
    search: deps.search,
    areas: new AreaService(),
    organizations: new OrganizationService(),
    policies: new PolicyService(deps.search),
    resources: new ResourceService(deps.search),
    feed: new ResourceFeed(deps.orm, deps.bus),
    cases: new CaseService(deps.config),
  };
}

export type Services = ReturnType<typeof createServices>;
