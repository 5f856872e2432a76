import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { HubContext } from '../../core/context';
import { streamOf } from '../../core/subscription';
import { toDate } from '../../core/clock';
import { Role } from '../../core/auth';
import { IdInput } from '../../core/inputs';
import { payloadOf } from '../../core/user-error';
import type { AssistanceRecord } from '../assistance';
import { AssistanceRecordType } from '../assistance';
import type { Need } from '../cases';
import { NeedType } from '../cases';
import type { Household } from '../households';
import { HouseholdType } from '../households';
import { Organization } from '../organizations';
import type { Resource } from '../resources';
import { ResourceInterface } from '../resources';
import type { Commitment } from './commitment.entity';
import type { Referral } from './referral.entity';
import {
  CommitmentCreateInput,
  CommitmentPayload,
  CommitmentType,
  ReferralCancelInput,
  ReferralCompleteInput,
  ReferralConnection,
  ReferralDeclineInput,
  ReferralFilter,
  ReferralPayload,
  ReferralStep,
  ReferralType,
} from './referral.types';

@Resolver(() => ReferralType)
export class ReferralResolver {
  @Authorized()
  @Query(() => ReferralConnection, {
    description:
      '转介 — referrals sent to or from your organisation, or of your jurisdiction (staff); newest first; `overdue` lists what is late.',
  })
  referrals(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => ReferralFilter, { nullable: true, description: '筛选 — status, overdue, organisation, case.' })
    filter: ReferralFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.referrals.list(ctx, { filter, first, after });
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => CommitmentPayload, {
    description:
      '承诺资源 — reserve a resource’s capacity for a need (never over-allocated), hold it until a deadline and send the referral to its provider.',
  })
  async commitmentCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => CommitmentCreateInput, { description: '输入 — need, resource, amount.' })
    input: CommitmentCreateInput,
  ) {
    return payloadOf('commitment', await ctx.services.commitments.create(ctx, input));
  }

  @Authorized()
  @Mutation(() => ReferralPayload, { description: '接收转介 — the provider takes the referral; delivery is now due.' })
  async referralAccept(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the referral.' }) input: IdInput,
  ) {
    return payloadOf('referral', await ctx.services.referrals.accept(ctx, input.id));
  }

  @Authorized()
  @Mutation(() => ReferralPayload, {
    description: '开始办理 — the provider has begun delivering (ACCEPTED → IN_PROGRESS).',
  })
  async referralStart(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the referral.' }) input: IdInput,
  ) {
    return payloadOf('referral', await ctx.services.referrals.start(ctx, input.id));
  }

  @Authorized()
  @Mutation(() => ReferralPayload, {
    description: '拒绝转介 — the provider cannot help, with its reason; the reservation is released.',
  })
  async referralDecline(
    @Ctx() ctx: HubContext,
    @Arg('input', () => ReferralDeclineInput, { description: '输入 — the referral and why.' })
    input: ReferralDeclineInput,
  ) {
    return payloadOf('referral', await ctx.services.referrals.decline(ctx, input));
  }

  @Authorized()
  @Mutation(() => ReferralPayload, {
    description: '完成转介 — the provider records the help given: an AssistanceRecord on the household’s aid chain.',
  })
  async referralComplete(
    @Ctx() ctx: HubContext,
    @Arg('input', () => ReferralCompleteInput, { description: '输入 — what was given.' }) input: ReferralCompleteInput,
  ) {
    return payloadOf('referral', await ctx.services.referrals.complete(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => ReferralPayload, {
    description: '取消转介 — the case’s owner withdraws a referral not yet completed; the reservation is released.',
  })
  async referralCancel(
    @Ctx() ctx: HubContext,
    @Arg('input', () => ReferralCancelInput, { description: '输入 — the referral and why.' })
    input: ReferralCancelInput,
  ) {
    return payloadOf('referral', await ctx.services.referrals.cancel(ctx, input));
  }

  @Subscription(() => ReferralType, {
    description:
      '转介动态 — every step of the referrals sent to or from an organisation (yours; staff: any in their jurisdiction), or, without organizationId, of everything you may see.',
    subscribe: streamOf<{ organizationId?: string | null }>((ctx, { organizationId }) =>
      ctx.services.referralFeed.updated(ctx, organizationId),
    ),
  })
  referralUpdated(
    @Root() referral: Referral,
    @Arg('organizationId', () => ID, {
      nullable: true,
      description: '组织 — only referrals to or from this organisation.',
    })
    _organizationId: string | null,
  ): Referral {
    return referral;
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: '转出组织 — the organisation that sent it (the caseworker’s), if known.',
  })
  from(@Ctx() ctx: HubContext, @Root() referral: Referral): Promise<Organization | null> {
    return referral.fromOrganization
      ? ctx.loaders.organizationById.load(referral.fromOrganization.id)
      : Promise.resolve(null);
  }

  @FieldResolver(() => Organization, { description: '接收组织 — the provider of the committed resource.' })
  async to(@Ctx() ctx: HubContext, @Root() referral: Referral): Promise<Organization> {
    return (await ctx.loaders.organizationById.load(referral.toOrganization.id))!;
  }

  @FieldResolver(() => NeedType, { description: '需求 — the need it answers.' })
  async need(@Ctx() ctx: HubContext, @Root() referral: Referral): Promise<Need> {
    return (await ctx.loaders.needById.load(referral.need.id))!;
  }

  @FieldResolver(() => CommitmentType, { description: '资源承诺 — the reservation behind it.' })
  async commitment(@Ctx() ctx: HubContext, @Root() referral: Referral): Promise<Commitment> {
    return (await ctx.loaders.commitmentById.load(referral.commitment.id))!;
  }

  @FieldResolver(() => HouseholdType, {
    nullable: true,
    description:
      '家庭 — the household to help: staff of its area see it; the provider sees its name, phone and address while the referral is active.',
  })
  async household(@Ctx() ctx: HubContext, @Root() referral: Referral): Promise<Household | null> {
    const emergencyCase = await ctx.loaders.caseById.load(referral.case.id);
    return emergencyCase?.household ? ctx.services.households.get(ctx, emergencyCase.household.id) : null;
  }

  @FieldResolver(() => [ReferralStep], { description: '办理记录 — every step, timed, oldest first.' })
  history(@Root() referral: Referral): ReferralStep[] {
    return referral.history.map((step) => Object.assign(new ReferralStep(), { ...step, at: toDate(step.at) }));
  }

  @FieldResolver(() => Boolean, { description: '逾期 — open and past its due time.' })
  overdue(@Ctx() ctx: HubContext, @Root() referral: Referral): boolean {
    return ctx.services.referrals.isOverdue(referral, ctx.clock.now());
  }
}

@Resolver(() => CommitmentType)
export class CommitmentResolver {
  @FieldResolver(() => NeedType, { description: '需求 — the need it serves.' })
  async need(@Ctx() ctx: HubContext, @Root() commitment: Commitment): Promise<Need> {
    return (await ctx.loaders.needById.load(commitment.need.id))!;
  }

  @FieldResolver(() => ResourceInterface, { description: '资源 — the resource reserved.' })
  async resource(@Ctx() ctx: HubContext, @Root() commitment: Commitment): Promise<Resource> {
    return (await ctx.loaders.resourceView.load(commitment.resource.id))!;
  }

  @FieldResolver(() => ReferralType, { description: '转介 — the referral sent with it.' })
  async referral(@Ctx() ctx: HubContext, @Root() commitment: Commitment): Promise<Referral> {
    return (await ctx.loaders.referralByCommitment.load(commitment.id))!;
  }
}

@Resolver(() => ReferralType)
export class ReferralAssistanceResolver {
  @FieldResolver(() => AssistanceRecordType, {
    nullable: true,
    description: '救助记录 — what was recorded when it completed; staff of its area and its provider only.',
  })
  async assistanceRecord(@Ctx() ctx: HubContext, @Root() referral: Referral): Promise<AssistanceRecord | null> {
    const record = await ctx.loaders.assistanceByReferral.load(referral.id);
    return record && ctx.services.assistance.visible(ctx, record) ? record : null;
  }
}

@Resolver(() => NeedType)
export class NeedReferralsResolver {
  @FieldResolver(() => [ReferralType], { description: '转介 — the referrals sent for this need, oldest first.' })
  async referrals(@Ctx() ctx: HubContext, @Root() need: Need): Promise<Referral[]> {
    const referrals = await ctx.loaders.referralsByNeed.load(need.id);
    return referrals.filter((r) => ctx.services.referrals.visible(ctx, r));
  }
}
