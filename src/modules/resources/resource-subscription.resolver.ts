import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import { streamOf } from '../../core/subscription';
import type { ResourceEventData } from './resource-feed';
import { ResourceEvent, ResourceFilter } from './resource.types';

interface PublishedArgs {
  filter?: ResourceFilter | null;
  after?: string | null;
}

@Resolver(() => ResourceEvent)
export class ResourceSubscriptionResolver {
  @Subscription(() => ResourceEvent, {
    description:
      '新资源 — resources as they are published, filtered per subscriber; with `after`, first every matching event since that cursor, in order, then live ones.',
    subscribe: streamOf<PublishedArgs>((ctx, { filter, after }) => ctx.services.feed.published(ctx, filter, after)),
  })
  resourcePublished(
    @Root() event: ResourceEventData,
    @Arg('filter', () => ResourceFilter, { nullable: true, description: '筛选 — only resources matching this filter.' })
    _filter: ResourceFilter | null,
    @Arg('after', () => String, {
      nullable: true,
      description: '事件游标 — replay the events after this cursor (exclusive).',
    })
    _after: string | null,
  ): ResourceEventData {
    return event;
  }
}
