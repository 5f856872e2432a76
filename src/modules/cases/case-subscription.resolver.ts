import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import { streamOf } from '../../core/subscription';
import { EmergencyCaseType } from './case.types';
import type { EmergencyCase } from './emergency-case.entity';

@Resolver(() => EmergencyCaseType)
export class CaseSubscriptionResolver {
  @Subscription(() => EmergencyCaseType, {
    description:
      '事件动态 — each new report, acceptance, step and need change of the cases in an area of your jurisdiction (staff); the case as you may see it at that moment.',
    subscribe: streamOf<{ areaCode?: string | null }>((ctx, { areaCode }) =>
      ctx.services.caseFeed.updated(ctx, areaCode),
    ),
  })
  emergencyCaseUpdated(
    @Root() emergencyCase: EmergencyCase,
    @Arg('areaCode', () => String, {
      nullable: true,
      description: '区划 — a street or district within your jurisdiction; your whole jurisdiction when omitted.',
    })
    _areaCode: string | null,
  ): EmergencyCase {
    return emergencyCase;
  }
}
