import type { HubContext } from '../../core/context';
import { doesCasework, viewerCovers } from '../../core/auth';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import type { EventBus } from '../../events/bus';
import { eventStream, type EventStream } from '../../events/subscription';
import { withinArea } from '../../core/areas';
import type { ScreeningService } from './screening.service';
import type { RiskFlagType } from './screening.types';

/** `riskFlagRaised(areaCode)`: flags raised in an area, to its caseworkers and coordinators. */
export class RiskFeed {
  constructor(
    private readonly bus: EventBus,
    private readonly screening: ScreeningService,
  ) {}

  raised(ctx: HubContext, areaCode: string): EventStream<RiskFlagType> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    if (!doesCasework(viewer) || !viewerCovers(viewer, areaCode)) {
      throw new ForbiddenError('只能订阅本辖区的预警 (only flags of your jurisdiction)');
    }
    return eventStream<RiskFlagType>({
      bus: this.bus,
      ctx,
      accept: (event) =>
        event.type === 'RiskFlagRaised' &&
        typeof event.payload.areaCode === 'string' &&
        withinArea(event.payload.areaCode, areaCode) &&
        viewerCovers(viewer, event.payload.areaCode),
      toPayload: async (scope) =>
        (await this.screening.flagsById(scope.context.em, [scope.event.aggregateId], false))[0] ?? null,
    });
  }
}
