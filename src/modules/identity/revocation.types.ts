import { Field, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../core/user-error';

@InputType({ description: '吊销令牌 — a coordinator revokes one bearer token before its expiry.' })
export class TokenRevokeInput {
  @Field({ description: '令牌标识 — the token’s id (its `jti` claim; `viewer.tokenId` shows one’s own).' })
  tokenId!: string;

  @Field({ description: '理由 — why it is revoked (a lost device, a person who left, …).' })
  reason!: string;
}

@ObjectType('RevokedToken', { description: '已吊销令牌 — a token on the deny list.' })
export class RevokedTokenType {
  @Field({ description: '令牌标识 — the revoked token’s id (`jti`).' })
  tokenId!: string;

  @Field({ description: '吊销时间 — when it was first revoked.' })
  revokedAt!: Date;
}

@ObjectType({ description: '吊销令牌结果 — the deny-list entry, or why the mutation failed.' })
export class TokenRevokePayload {
  @Field(() => RevokedTokenType, { nullable: true, description: '已吊销令牌 — the entry.' })
  revokedToken!: RevokedTokenType | null;

  @Field(() => [UserError], { description: '错误 — expected failures; empty on success.' })
  userErrors!: UserError[];
}
