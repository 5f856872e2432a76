import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role, staffCovers } from '../../core/auth';
import type { HubContext } from '../../core/context';
import { streamOf } from '../../core/subscription';
import { toGlobalId } from '../../core/relay';
import type { Outcome } from '../../core/user-error';
import { Organization } from '../organizations';
import { EmergencyCaseConnection, EmergencyCaseType, type EmergencyCase } from '../cases';
import type { CaseTimelineStep, StepActor } from './case-timeline.service';
import type { CaseOverdueNotice } from './overdue-feed';
import type { CaseTracking } from './tracking.service';
import {
  CaseOverdueNoticeType,
  CaseTimelineStepType,
  CaseTrackingPayload,
  CaseTrackingType,
  EmergencyCaseTrackInput,
  EmergencyCaseUntrackInput,
  StepActorType,
  SupervisedCaseFilter,
  type StepActorRole,
} from './tracking.types';

function actor(a: StepActor): StepActorType {
  return Object.assign(new StepActorType(), {
    subject: a.subject,
    role: (a.role as StepActorRole | null) ?? null,
    organizationId: a.organizationId,
  });
}

function trackingType(t: CaseTracking): CaseTrackingType {
  return Object.assign(new CaseTrackingType(), {
    reason: t.reason,
    trackedAt: t.trackedAt,
    trackedBy: actor({ subject: t.trackedBySubject, role: t.trackedByRole, organizationId: t.trackedByOrganizationId }),
    endedAt: t.endedAt,
    endNote: t.endNote,
  });
}

function payload(outcome: Outcome<{ emergencyCase: EmergencyCase; tracking: CaseTracking }>): CaseTrackingPayload {
  return outcome.ok
    ? { emergencyCase: outcome.value.emergencyCase, tracking: trackingType(outcome.value.tracking), userErrors: [] }
    : { emergencyCase: null, tracking: null, userErrors: outcome.errors };
}

@Resolver()
export class TrackingResolver {
  @Authorized(Role.AUDITOR, Role.COORDINATOR)
  @Mutation(() => CaseTrackingPayload, {
    description:
      '跟踪督查 — an auditor or coordinator of the case’s jurisdiction marks it tracked, with a reason (audited).',
  })
  async emergencyCaseTrack(
    @Ctx() ctx: HubContext,
    @Arg('input', () => EmergencyCaseTrackInput, { description: '输入 — the case and why.' })
    input: EmergencyCaseTrackInput,
  ): Promise<CaseTrackingPayload> {
    return payload(await ctx.services.tracking.track(ctx, input));
  }

  @Authorized(Role.AUDITOR, Role.COORDINATOR)
  @Mutation(() => CaseTrackingPayload, {
    description: '结束跟踪督查 — ends a case’s tracking with a note (audited).',
  })
  async emergencyCaseUntrack(
    @Ctx() ctx: HubContext,
    @Arg('input', () => EmergencyCaseUntrackInput, { description: '输入 — the case and how it ends.' })
    input: EmergencyCaseUntrackInput,
  ): Promise<CaseTrackingPayload> {
    return payload(await ctx.services.tracking.untrack(ctx, input));
  }

  @Authorized(Role.AUDITOR, Role.COORDINATOR)
  @Query(() => EmergencyCaseConnection, {
    description:
      '督查清单 — tracked and overdue cases of an area of your jurisdiction, oldest first (auditors and coordinators).',
  })
  supervisedCases(
    @Ctx() ctx: HubContext,
    @Arg('areaCode', () => String, {
      description: '区划 — the city, a district or a street, within your jurisdiction.',
    })
    areaCode: string,
    @Arg('filter', () => SupervisedCaseFilter, { nullable: true, description: '筛选 — tracked, overdue.' })
    filter: SupervisedCaseFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.tracking.list(ctx, { areaCode, ...filter, first, after });
  }

  @Subscription(() => CaseOverdueNoticeType, {
    description:
      '逾期提醒 — each deadline of a case in an area of your jurisdiction that passes without its step (staff).',
    subscribe: streamOf<{ areaCode: string }>((ctx, { areaCode }) => ctx.services.overdueFeed.overdue(ctx, areaCode)),
  })
  caseOverdue(
    @Root() notice: CaseOverdueNotice,
    @Arg('areaCode', () => String, { description: '区划 — a street, district or the city.' }) _areaCode: string,
  ): CaseOverdueNotice {
    return notice;
  }
}

/** A case's tracking and timeline: staff of its jurisdiction only. */
@Resolver(() => EmergencyCaseType)
export class CaseSupervisionResolver {
  @FieldResolver(() => CaseTrackingType, {
    nullable: true,
    description: '跟踪督查 — the case’s current tracking, if tracked; staff of its jurisdiction only.',
  })
  async tracking(@Ctx() ctx: HubContext, @Root() c: EmergencyCase): Promise<CaseTrackingType | null> {
    if (!staffCovers(ctx.viewer, c.areaCode)) return null;
    // One statement for every case of a list (a page of cases asks for each one's tracking).
    const current = (await ctx.loaders.trackingsByCase.load(c.id)).find((t) => t.endedAt === null);
    return current ? trackingType(current) : null;
  }

  @FieldResolver(() => [CaseTimelineStepType], {
    nullable: true,
    description:
      '办理时间线 — every step of the case with who, when, how long it took and its deadline; steps still owed last. Staff of its jurisdiction only; audited.',
  })
  async timeline(@Ctx() ctx: HubContext, @Root() c: EmergencyCase): Promise<CaseTimelineStepType[] | null> {
    const steps = await ctx.services.caseTimeline.timeline(ctx, c);
    return (
      steps?.map((s: CaseTimelineStep) =>
        Object.assign(new CaseTimelineStepType(), {
          ...s,
          actor: s.actor ? actor(s.actor) : null,
          needId: s.needId ? toGlobalId('Need', s.needId) : null,
          referralId: s.referralId ? toGlobalId('Referral', s.referralId) : null,
        }),
      ) ?? null
    );
  }
}

@Resolver(() => StepActorType)
export class StepActorResolver {
  @FieldResolver(() => Organization, { nullable: true, description: '所属组织 — the organisation, when recorded.' })
  organization(@Ctx() ctx: HubContext, @Root() a: StepActorType): Promise<Organization | null> | null {
    return a.organizationId ? ctx.loaders.organizationById.load(a.organizationId) : null;
  }
}
