import { defineModule } from '../manifest';
import { expireResourcesJob } from './jobs/expire-resources.job';
import { RESOURCE_EVENTS } from './resource-documents';
import { EligibilityFactsResolver } from './resource-facts';
import { ResourceFeed } from './resource-feed';
import { ResourceSubscriptionResolver } from './resource-subscription.resolver';
import {
  CharityProject,
  Donation,
  GovernmentProgramme,
  KIND_TYPE_NAMES,
  Resource,
  VolunteerOffer,
} from './resource.entity';
import { createResourceLoaders } from './resource.loader';
import { DonationResolver, ResourceResolver, VolunteerOfferResolver } from './resource.resolver';
import { ResourceService } from './resource.service';
import { RESOURCE_TYPES } from './resource.types';

declare module '../../core/context' {
  interface HubServices {
    resources: ResourceService;
    feed: ResourceFeed;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createResourceLoaders> {}
}

/** 救助资源: the catalogue of programmes, projects, donations and volunteer offers, with capacity and expiry. */
export const resourcesModule = defineModule({
  name: 'resources',
  entities: [Resource, GovernmentProgramme, CharityProject, Donation, VolunteerOffer],
  resolvers: [
    ResourceResolver,
    DonationResolver,
    VolunteerOfferResolver,
    ResourceSubscriptionResolver,
    EligibilityFactsResolver,
  ],
  types: RESOURCE_TYPES,
  nodeTypes: Object.fromEntries(
    Object.values(KIND_TYPE_NAMES).map((type) => [
      type,
      async (ctx, id) => {
        const resource = await ctx.services.resources.get(ctx, id);
        return resource?.typeName === type ? resource : null;
      },
    ]),
  ),
  loaders: createResourceLoaders,
  services: ({ config, search, orm, bus }) => ({
    resources: new ResourceService(search),
    feed: new ResourceFeed(orm, bus, { days: config.eventReplayDays, maxEvents: config.eventReplayMaxEvents }),
  }),
  events: Object.values(RESOURCE_EVENTS),
  jobs: [expireResourcesJob],
});

export { Resource, KIND_TYPE_NAMES } from './resource.entity';
export { ResourceKind, ResourceStatus } from './resource.enums';
export { ResourceInterface } from './resource.types';
export { RESOURCE_EVENTS } from './resource-documents';
export {
  benefitCapOf,
  candidateById,
  candidatesFor,
  CANDIDATE_COLUMNS,
  toCandidate,
  providerOf,
  MAX_RELEVANCE_WORDS,
  type Candidates,
  type ResourceCandidate,
} from './resource-candidates';
export { releaseCapacity, reserveCapacity, type Reservation } from './resource-capacity';
export { publishedResource, publishedResourceByHsdsId, publishedResourcePage } from './resource-published';
