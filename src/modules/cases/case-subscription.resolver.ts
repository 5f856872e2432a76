import { Arg, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { EmergencyCaseType } from './case.types';
import type { EmergencyCase } from './emergency-case.entity';

@Resolver(() => EmergencyCaseType)
export class CaseSubscriptionResolver {
  @Subscription(() => EmergencyCaseType, {
    description:
      '事件动态 — each new report, acceptance, step and need change of the cases in an area of your jurisdiction (staff); the case as you may see it at that moment.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { areaCode?: string | null }, HubContext>) =>
      context.services.caseFeed.updated(context, args.areaCode),
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
