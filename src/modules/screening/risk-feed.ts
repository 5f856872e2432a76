import type { HubContext } from '../../core/context';
import { doesCasework } from '../../core/auth';
import type { EventBus } from '../../events/bus';
import { areaEventStream } from '../../events/area-stream';
import type { EventStream } from '../../events/subscription';
import type { ScreeningService } from './screening.service';
import type { RiskFlagType } from './screening.types';

/** `riskFlagRaised(areaCode)`: flags raised in an area, to its caseworkers and coordinators. */
export class RiskFeed {
  constructor(
    private readonly bus: EventBus,
    private readonly screening: ScreeningService,
  ) {}

  raised(ctx: HubContext, areaCode: string): EventStream<RiskFlagType> {
    return areaEventStream<RiskFlagType>(this.bus, ctx, areaCode, {
      type: 'RiskFlagRaised',
      mayWatch: doesCasework,
      refusal: '只能订阅本辖区的预警 (only flags of your jurisdiction)',
      toPayload: async (scope) =>
        (await this.screening.flagsById(scope.context.em, [scope.event.aggregateId], false))[0] ?? null,
    });
  }
}
