import type { MikroORM } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { areaAncestry } from '../../core/areas';
import { BoundedMap } from '../../core/bounded-map';
import { localId } from '../../core/relay';
import type { EventBus } from '../../events/bus';
import { readEvents, requireReplayable, type DomainEvent, type ReplayWindow } from '../../events/outbox';
import {
  decodeEventCursor,
  encodeEventCursor,
  eventStream,
  REPLAY_PAGE,
  type EventScope,
  type EventStream,
} from '../../events/subscription';
import { Area } from '../areas';
import { Organization } from '../organizations';
import { Policy } from '../policies';
import { RESOURCE_EVENTS, type ResourceSnapshot } from './resource-documents';
import { Resource } from './resource.entity';
import type { ResourceFilter } from './resource.types';

export interface ResourceEventData {
  cursor: string;
  resource: Resource;
}

interface Loaded {
  resource: Resource;
  provider: Organization | null;
  areas: Area[];
  legalBasis: Policy | null;
}

const CACHE_SIZE = 128;

/** Does an event's snapshot pass a subscriber's filter? Same semantics as the `resources` list. */
export function snapshotMatches(s: ResourceSnapshot, filter: ResourceFilter | null | undefined): boolean {
  if (!filter) return true;
  if (filter.kinds?.length && !filter.kinds.includes(s.kind)) return false;
  if (filter.forms?.length && !filter.forms.some((f) => s.forms.includes(f))) return false;
  if (filter.emergencyTypes?.length && !filter.emergencyTypes.some((e) => s.emergencyTypes.includes(e))) return false;
  if (filter.providerId && localId(filter.providerId, 'Organization') !== s.providerId) return false;
  if (filter.status && filter.status !== s.status) return false;
  if (filter.areaCode) {
    const above = areaAncestry(filter.areaCode);
    if (!s.coverageCodes.includes(filter.areaCode) && !s.serviceAreaCodes.some((c) => above.includes(c))) return false;
  }
  return true;
}

/**
 * `resourcePublished`: each event's resource is loaded once for all subscribers and primed into
 * the loaders of each event's context, so a thousand subscribers cost one set of queries per event;
 * nothing in it is personal, so equal subscribers share one execution (see executor.ts).
 */
export class ResourceFeed {
  private readonly cache = new BoundedMap<string, Promise<Loaded | null>>(CACHE_SIZE);

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly window: ReplayWindow,
  ) {}

  async published(
    ctx: HubContext,
    filter: ResourceFilter | null | undefined,
    after: string | null | undefined,
  ): Promise<EventStream<ResourceEventData>> {
    const afterId = after ? decodeEventCursor(after) : null;
    const em = this.orm.em.fork();
    if (afterId) await requireReplayable(em, afterId, this.window, ctx.clock.now());
    return eventStream<ResourceEventData>({
      bus: this.bus,
      ctx,
      shareable: true,
      after: afterId,
      replay: (from) => readEvents(em, from, { types: [RESOURCE_EVENTS.published], limit: REPLAY_PAGE }),
      accept: (event) =>
        event.type === RESOURCE_EVENTS.published &&
        snapshotMatches(event.payload as unknown as ResourceSnapshot, filter),
      toPayload: (scope) => this.payloadFor(ctx, scope),
    });
  }

  private async payloadFor(ctx: HubContext, scope: EventScope): Promise<ResourceEventData | null> {
    const loaded = await this.load(scope.event);
    // Visibility of a resource depends on the viewer alone (role, organisation), decided per event.
    if (!loaded || !ctx.services.resources.visible(ctx, loaded.resource)) return null;
    scope.prepare(({ loaders }) => {
      loaders.resourceById.prime(loaded.resource.id, loaded.resource);
      if (loaded.provider) loaders.organizationById.prime(loaded.provider.id, loaded.provider);
      for (const area of loaded.areas) loaders.areaByCode.prime(area.code, area);
      if (loaded.legalBasis) loaders.policyById.prime(loaded.legalBasis.id, loaded.legalBasis);
      // The resource's display fields read through the view loaders: they take the same rows.
      if (loaded.provider) loaders.organizationView.prime(loaded.provider.id, loaded.provider);
      for (const area of loaded.areas) loaders.areaViewByCode.prime(area.code, area);
      if (loaded.legalBasis) loaders.policyView.prime(loaded.legalBasis.id, loaded.legalBasis);
    });
    return { cursor: encodeEventCursor(scope.event.id), resource: loaded.resource };
  }

  private load(event: DomainEvent): Promise<Loaded | null> {
    return this.cache.remember(event.id, () => this.fetch(event.aggregateId));
  }

  private async fetch(id: string): Promise<Loaded | null> {
    const em = this.orm.em.fork();
    const resource = await em.findOne(Resource, { id });
    if (!resource) return null;
    const [provider, areas, legalBasis] = await Promise.all([
      em.findOne(Organization, { id: resource.provider.id }),
      em.find(Area, { code: { $in: resource.serviceAreaCodes } }),
      resource.legalBasis ? em.findOne(Policy, { id: resource.legalBasis.id }) : Promise.resolve(null),
    ]);
    return { resource, provider, areas, legalBasis };
  }
}
