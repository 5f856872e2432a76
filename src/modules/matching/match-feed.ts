import type { MikroORM } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import type { Clock } from '../../core/clock';
import { viewerCovers, doesCasework } from '../../core/auth';
import { BoundedMap } from '../../core/bounded-map';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../core/errors';
import { localId } from '../../core/relay';
import type { EventBus } from '../../events/bus';
import type { DomainEvent } from '../../events/outbox';
import { eventStream, Several, type EventStream } from '../../events/subscription';
import { EmergencyCase, Need } from '../cases';
import { RESOURCE_EVENTS, Resource } from '../resources';
import { type ResourceMatchData } from './match.types';
import { reverseMatch, type ReverseMatch } from './reverse-match';

interface Found {
  resource: Resource;
  matches: (ReverseMatch & { need: Need })[];
}

const CACHE_SIZE = 64;

/**
 * `matchFound`: a newly published resource is matched against every open need once per event and
 * process (only while someone listens), and each subscriber hears of the matches in its jurisdiction.
 */
export class MatchFeed {
  private readonly cache = new BoundedMap<string, Promise<Found | null>>(CACHE_SIZE);

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  async matchFound(ctx: HubContext, caseGlobalId: string | null | undefined): Promise<EventStream<ResourceMatchData>> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    if (!doesCasework(viewer) || !viewer.areaCode)
      throw new ForbiddenError('只有经办人员和统筹人员可以订阅匹配 (caseworkers and coordinators only)');
    let caseId: string | null = null;
    if (caseGlobalId) {
      caseId = localId(caseGlobalId, 'EmergencyCase');
      const found = caseId ? await ctx.em.findOne(EmergencyCase, { id: caseId }) : null;
      if (!found) throw new NotFoundError('急难事件 (case)');
      if (!viewerCovers(viewer, found.areaCode))
        throw new ForbiddenError('该事件不在您的管辖范围内 (outside your jurisdiction)');
    }
    return eventStream<ResourceMatchData>({
      bus: this.bus,
      ctx,
      accept: (event) => event.type === RESOURCE_EVENTS.published,
      // Personal data (the needs' cases and households) may follow: one execution per subscriber,
      // in a context of its own per event, so each read is decided and audited afresh.
      toPayload: async (scope) => {
        const found = await this.find(scope.event);
        if (!found) return null;
        const mine = found.matches.filter(
          (m) => viewerCovers(viewer, m.areaCode) && (caseId === null || m.caseId === caseId),
        );
        if (mine.length === 0) return null;
        const { loaders } = scope.context;
        loaders.resourceView.prime(found.resource.id, found.resource);
        return new Several(
          mine.map((m) => {
            loaders.needById.prime(m.needId, m.need);
            return {
              needId: m.needId,
              resourceId: found.resource.id,
              score: m.result.score,
              eligibility: m.result.eligibility,
              reasons: m.result.reasons,
              missingFacts: m.result.missingFacts,
              locality: m.result.locality,
            };
          }),
        );
      },
    });
  }

  private find(event: DomainEvent): Promise<Found | null> {
    return this.cache.remember(event.id, () => this.compute(event.aggregateId));
  }

  private async compute(resourceId: string): Promise<Found | null> {
    const em = this.orm.em.fork();
    const matches = await reverseMatch(em, resourceId, this.clock.now());
    if (matches.length === 0) return null;
    // Needs are primed into each subscriber's loaders (payloads usually show them); their cases,
    // rarely asked for, are loaded per subscriber when they are.
    const [resource, needs] = await Promise.all([
      em.findOne(Resource, { id: resourceId }),
      em.find(Need, { id: { $in: matches.map((m) => m.needId) } }),
    ]);
    if (!resource) return null;
    const needById = new Map(needs.map((n) => [n.id, n]));
    return {
      resource,
      matches: matches.flatMap((m) => {
        const need = needById.get(m.needId);
        return need ? [{ ...m, need }] : [];
      }),
    };
  }
}
