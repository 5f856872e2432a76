import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { IdInput } from '../../core/inputs';
import { connectionSelection } from '../../core/selection';
import { payloadOf } from '../../core/user-error';
import { Area } from '../areas';
import { Organization } from '../organizations';
import { Policy } from '../policies';
import { describeRules } from '../../rules';
import type { Resource } from './resource.entity';
import { ResourceKind, ResourceStatus } from './resource.enums';
import { effectiveStatus } from './resource.service';
import { ResourceUpdateInput } from './resource-update';
import {
  Capacity,
  CharityProjectCreateInput,
  DonationItemType,
  DonationType,
  VolunteerOfferType,
  DonationCreateInput,
  Eligibility,
  GovernmentProgrammeCreateInput,
  ResourceConnection,
  ResourceFilter,
  ResourceInterface,
  ResourcePayload,
  VolunteerOfferCreateInput,
} from './resource.types';

@Resolver(() => ResourceInterface)
export class ResourceResolver {
  @Query(() => ResourceConnection, {
    description:
      '救助资源 — published resources (and a charity’s own drafts), newest first; with `search`, ranked Chinese full-text search.',
  })
  resources(
    @Ctx() ctx: HubContext,
    @Arg('search', () => String, { nullable: true, description: '检索词 — words that must all match.' })
    search: string | null,
    @Arg('filter', () => ResourceFilter, {
      nullable: true,
      description: '筛选 — kinds, forms, emergency types, area, provider, status.',
    })
    filter: ResourceFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.services.resources.list(ctx, { search, filter, first, after }, connectionSelection(info));
  }

  @FieldResolver(() => ResourceStatus, {
    description: '状态 — where the resource is in its life (expiry applies by itself).',
  })
  status(@Root() resource: Resource, @Ctx() ctx: HubContext): ResourceStatus {
    return effectiveStatus(resource, ctx.clock.now());
  }

  @FieldResolver(() => Organization, { description: '提供方 — the organisation that gives it.' })
  async provider(@Ctx() ctx: HubContext, @Root() resource: Resource): Promise<Organization> {
    return (await ctx.loaders.organizationView.load(resource.provider.id))!;
  }

  @FieldResolver(() => [Area], { description: '服务区划 — the areas it serves.' })
  async serviceAreas(@Ctx() ctx: HubContext, @Root() resource: Resource): Promise<Area[]> {
    const areas = await ctx.loaders.areaViewByCode.loadMany(resource.serviceAreaCodes);
    return areas.filter((a): a is Area => a instanceof Area);
  }

  @FieldResolver(() => Policy, {
    nullable: true,
    description: '政策依据 — the policy it rests on, when visible to you.',
  })
  async legalBasis(@Ctx() ctx: HubContext, @Root() resource: Resource): Promise<Policy | null> {
    if (!resource.legalBasis) return null;
    const policy = await ctx.loaders.policyView.load(resource.legalBasis.id);
    return policy && ctx.services.policies.visible(ctx, policy) ? policy : null;
  }

  @FieldResolver(() => Eligibility, {
    nullable: true,
    description: '资格条件 — who may receive it; null when open to all in its area.',
  })
  eligibility(@Root() resource: Resource): Eligibility | null {
    if (!resource.eligibilityRules) {
      return resource.eligibilityDescription
        ? { rules: { all: [] }, description: resource.eligibilityDescription }
        : null;
    }
    return {
      rules: resource.eligibilityRules,
      description: resource.eligibilityDescription ?? describeRules(resource.eligibilityRules),
    };
  }

  @FieldResolver(() => Capacity, { nullable: true, description: '容量 — total and remaining; null when unlimited.' })
  capacity(@Root() resource: Resource): Capacity | null {
    if (resource.capacityUnit === null || resource.capacityTotal === null) return null;
    return { unit: resource.capacityUnit, total: resource.capacityTotal, remaining: resource.capacityRemaining ?? 0 };
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => ResourcePayload, {
    description: '新建政府救助项目 — create a statutory programme as a draft (coordinators).',
  })
  async governmentProgrammeCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => GovernmentProgrammeCreateInput, { description: '输入 — the programme.' })
    input: GovernmentProgrammeCreateInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.create(ctx, ResourceKind.GOVERNMENT_PROGRAMME, input));
  }

  @Authorized(Role.CHARITY, Role.COORDINATOR)
  @Mutation(() => ResourcePayload, {
    description: '新建慈善项目 — create a charity project as a draft (its organisation or coordinators).',
  })
  async charityProjectCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => CharityProjectCreateInput, { description: '输入 — the project.' })
    input: CharityProjectCreateInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.create(ctx, ResourceKind.CHARITY_PROJECT, input));
  }

  @Authorized(Role.CHARITY, Role.COORDINATOR)
  @Mutation(() => ResourcePayload, { description: '新建捐赠 — record a donation of goods or cash as a draft.' })
  async donationCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => DonationCreateInput, { description: '输入 — the donation.' }) input: DonationCreateInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.create(ctx, ResourceKind.DONATION, input));
  }

  @Authorized(Role.CHARITY, Role.COORDINATOR)
  @Mutation(() => ResourcePayload, { description: '新建志愿服务 — offer volunteers’ time and skills, as a draft.' })
  async volunteerOfferCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => VolunteerOfferCreateInput, { description: '输入 — the offer.' })
    input: VolunteerOfferCreateInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.create(ctx, ResourceKind.VOLUNTEER_OFFER, input));
  }

  @Authorized(Role.CHARITY, Role.COORDINATOR)
  @Mutation(() => ResourcePayload, {
    description:
      '修改资源 — edit your own resource: a draft or paused one in full (rules, capacity, areas…), a published one only in its wording; validated as on create.',
  })
  async resourceUpdate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => ResourceUpdateInput, { description: '输入 — the resource and the fields to change.' })
    input: ResourceUpdateInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.update(ctx, input));
  }

  @Authorized(Role.CHARITY, Role.COORDINATOR)
  @Mutation(() => ResourcePayload, {
    description: '发布资源 — publish a draft or paused resource; subscribers hear of it at once.',
  })
  async resourcePublish(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the resource.' }) input: IdInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.publish(ctx, input.id));
  }

  @Authorized(Role.CHARITY, Role.COORDINATOR)
  @Mutation(() => ResourcePayload, {
    description: '暂停资源 — stop taking referrals for a while; `resourcePublish` resumes it.',
  })
  async resourcePause(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the resource.' }) input: IdInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.pause(ctx, input.id));
  }

  @Authorized(Role.CHARITY, Role.COORDINATOR)
  @Mutation(() => ResourcePayload, { description: '撤回资源 — withdraw a resource for good.' })
  async resourceWithdraw(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the resource.' }) input: IdInput,
  ) {
    return payloadOf('resource', await ctx.services.resources.withdraw(ctx, input.id));
  }
}

@Resolver(() => DonationType)
export class DonationResolver {
  @FieldResolver(() => [DonationItemType], { description: '物品 — donated items; empty for a cash donation.' })
  items(@Root() resource: Resource): DonationItemType[] {
    return resource.items ?? [];
  }
}

@Resolver(() => VolunteerOfferType)
export class VolunteerOfferResolver {
  @FieldResolver(() => [String], { description: '技能 — skills offered, e.g. 心理疏导, 法律援助, 护理.' })
  skills(@Root() resource: Resource): string[] {
    return resource.skills ?? [];
  }
}
