import type { SubscribeResolverData } from 'type-graphql';
import type { HubContext } from './context';

/**
 * A subscription field's `subscribe`: the stream a service opens for the subscriber (its context) and
 * the field's arguments. The field's method then hands each delivered root on as it is.
 */
export function streamOf<Args extends object>(
  open: (ctx: HubContext, args: Args) => AsyncIterable<unknown> | Promise<AsyncIterable<unknown>>,
): (
  data: SubscribeResolverData<unknown, Args, HubContext>,
) => AsyncIterable<unknown> | Promise<AsyncIterable<unknown>> {
  return ({ context, args }) => open(context, args);
}
