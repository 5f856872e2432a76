import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Area } from '../areas';
import { Organization } from '../organizations';
import { Staff } from './staff.types';

@Resolver(() => Staff)
export class StaffResolver {
  @FieldResolver(() => Organization, { nullable: true, description: '所属组织 — the user’s organisation, if any.' })
  organization(@Ctx() ctx: HubContext, @Root() staff: Staff): Promise<Organization | null> {
    return staff.organizationId
      ? ctx.services.organizations.byGlobalId(ctx, staff.organizationId)
      : Promise.resolve(null);
  }

  @FieldResolver(() => Area, { nullable: true, description: '区划 — the user’s area.' })
  area(@Ctx() ctx: HubContext, @Root() staff: Staff): Promise<Area | null> {
    return staff.areaCode ? ctx.loaders.areaByCode.load(staff.areaCode) : Promise.resolve(null);
  }
}
