import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { payloadOf } from '../../core/user-error';
import { audited, purposeOf } from '../audit';
import { EmergencyCaseType } from './case.types';
import type { EmergencyCase } from './emergency-case.entity';
import type { Need } from './need.entity';
import {
  NeedCancelInput,
  NeedConnection,
  NeedCreateInput,
  NeedEscalateInput,
  NeedFilter,
  NeedPayload,
  NeedType,
} from './need.types';

@Resolver(() => NeedType)
export class NeedResolver {
  @Authorized(Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR)
  @Query(() => NeedConnection, {
    description: '需求 — needs of your jurisdiction, newest first; `escalationLevel` lists what was escalated to you.',
  })
  needs(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => NeedFilter, { nullable: true, description: '筛选 — case, status, escalation, area.' })
    filter: NeedFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.needs.list(ctx, { filter, first, after });
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => NeedPayload, {
    description:
      '登记需求 — record a need of a verified or expedited case; the case starts responding. Refused ' +
      '(CONSENT_WITHDRAWN) once its household withdrew consent or was anonymised.',
  })
  async needCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => NeedCreateInput, { description: '输入 — the need.' }) input: NeedCreateInput,
  ) {
    return payloadOf('need', await ctx.services.needs.create(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => NeedPayload, {
    description:
      '上报需求 — escalate a need no resource covers: first to the district’s coordinators, then (by them) to the city.',
  })
  async needEscalate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => NeedEscalateInput, { description: '输入 — the need and why.' }) input: NeedEscalateInput,
  ) {
    return payloadOf('need', await ctx.services.needs.escalate(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => NeedPayload, {
    description: '撤销需求 — withdraw a need no longer wanted (its referrals cancelled first), with the reason.',
  })
  async needCancel(
    @Ctx() ctx: HubContext,
    @Arg('input', () => NeedCancelInput, { description: '输入 — the need and why.' }) input: NeedCancelInput,
  ) {
    return payloadOf('need', await ctx.services.needs.cancel(ctx, input));
  }

  @FieldResolver(() => String, {
    description: '需求说明 — what is needed, in the caseworker’s words (casework data: each read audited).',
  })
  description(@Ctx() ctx: HubContext, @Root() need: Need): Promise<string> {
    return audited(ctx, { type: 'Need', id: need.id }, 'description', purposeOf(ctx), need.description);
  }

  @FieldResolver(() => EmergencyCaseType, { description: '急难事件 — the case the need belongs to.' })
  async case(@Ctx() ctx: HubContext, @Root() need: Need): Promise<EmergencyCase> {
    return (await ctx.loaders.caseById.load(need.case.id))!;
  }
}
