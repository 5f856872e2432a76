import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../core/auth';
import type { HubContext } from '../../core/context';
import { payloadOf } from '../../core/user-error';
import { TokenRevokeInput, TokenRevokePayload } from './revocation.types';

@Resolver()
export class TokenRevocationResolver {
  @Authorized(Role.COORDINATOR)
  @Mutation(() => TokenRevokePayload, {
    description:
      '吊销令牌 — coordinators put a token on the deny list: every instance refuses it from then on and closes its open subscriptions.',
  })
  async tokenRevoke(
    @Ctx() ctx: HubContext,
    @Arg('input', () => TokenRevokeInput, { description: '吊销令牌 — which token and why.' }) input: TokenRevokeInput,
  ): Promise<TokenRevokePayload> {
    return payloadOf('revokedToken', await ctx.services.tokenRevocations.revoke(ctx, input));
  }
}
