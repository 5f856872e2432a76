import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../core/auth';
import type { HubContext } from '../../core/context';
import { payloadOf } from '../../core/user-error';
import { Area } from '../areas';
import { Organization } from './organization.entity';
import { OrganizationConnection, OrganizationCreateInput, OrganizationPayload } from './organization.types';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: '组织 — organisations by name, alphabetical.' })
  organizations(
    @Ctx() ctx: HubContext,
    @Arg('search', () => String, {
      nullable: true,
      description:
        '名称检索 — words of the name, through the search pipeline: traditional characters and abbreviations (红会) find it too.',
    })
    search: string | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.organizations.list(ctx, { search, first, after });
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => OrganizationPayload, {
    description: '新建组织 — register an organisation in your jurisdiction (coordinators).',
  })
  async organizationCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => OrganizationCreateInput, { description: '输入 — the organisation.' })
    input: OrganizationCreateInput,
  ): Promise<OrganizationPayload> {
    return payloadOf('organization', await ctx.services.organizations.create(ctx, input));
  }

  @FieldResolver(() => Area, { description: '所在区划 — the area the organisation belongs to.' })
  async area(@Ctx() ctx: HubContext, @Root() organization: Organization): Promise<Area> {
    return (await ctx.loaders.areaById.load(organization.area.id))!;
  }
}
