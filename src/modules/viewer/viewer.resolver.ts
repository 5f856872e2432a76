import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role, type Viewer as ViewerData } from '../../core/auth';
import { Area } from '../areas';
import { Organization } from '../organizations';

@ObjectType('Viewer', { description: '当前用户 — who is asking, as the bearer token says.' })
export class ViewerType {
  @Field({ description: '用户标识 — the token’s subject; two subjects are two people.' })
  subject!: string;

  @Field(() => Role, { description: '角色 — the viewer’s role.' })
  role!: Role;

  @Field(() => String, {
    nullable: true,
    description: '令牌标识 — the token’s id (`jti`), by which a coordinator can revoke it; null when it has none.',
  })
  tokenId!: string | null;

  @Field({ description: '令牌到期 — when the token stops being accepted (open subscriptions close then).' })
  expiresAt!: Date;

  organizationId!: string | null;
  areaCode!: string | null;
}

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType, { nullable: true, description: '当前用户 — the signed-in viewer; null for the public.' })
  viewer(@Ctx() ctx: HubContext): ViewerData | null {
    return ctx.viewer;
  }

  @FieldResolver(() => Organization, { nullable: true, description: '所属组织 — the viewer’s organisation, if any.' })
  organization(@Ctx() ctx: HubContext, @Root() viewer: ViewerData): Promise<Organization | null> {
    return viewer.organizationId
      ? ctx.services.organizations.byGlobalId(ctx, viewer.organizationId)
      : Promise.resolve(null);
  }

  @FieldResolver(() => Area, {
    nullable: true,
    description: '管辖区划 — the viewer’s area: it and everything below it.',
  })
  area(@Ctx() ctx: HubContext, @Root() viewer: ViewerData): Promise<Area | null> {
    return viewer.areaCode ? ctx.services.areas.byCode(ctx, viewer.areaCode) : Promise.resolve(null);
  }
}
