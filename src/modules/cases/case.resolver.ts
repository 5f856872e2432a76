import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { IdInput } from '../../core/inputs';
import { EmergencyType } from '../../core/vocabulary';
import { payloadOf } from '../../core/user-error';
import { Area } from '../areas';
import { Staff } from '../audit';
import {
  EmergencyCaseConnection,
  EmergencyCaseFilter,
  EmergencyCaseNoteInput,
  EmergencyCasePayload,
  EmergencyCaseType,
  EmergencyCaseVerifyInput,
  EmergencyReportInput,
} from './case.types';
import type { Need } from './need.entity';
import type { Household } from '../households';
import { HouseholdType } from '../households';
import { NeedType } from './need.types';
import type { EmergencyCase } from './emergency-case.entity';
import { IntakeChannel } from './case.enums';
import { readCaseContact } from './case-contact';

@Resolver(() => EmergencyCaseType)
export class CaseResolver {
  @Authorized(Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR)
  @Query(() => EmergencyCaseConnection, {
    description: '急难事件 — cases of your jurisdiction, newest first; `overdue` lists what is late.',
  })
  emergencyCases(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => EmergencyCaseFilter, { nullable: true, description: '筛选 — status, overdue, area.' })
    filter: EmergencyCaseFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.cases.list(ctx, { filter, first, after });
  }

  @Mutation(() => EmergencyCasePayload, {
    description:
      '报告急难 — report an emergency (open to the public and hotline operators; idempotent by key; rate-limited).',
  })
  async emergencyReport(
    @Ctx() ctx: HubContext,
    @Arg('input', () => EmergencyReportInput, { description: '输入 — the report.' }) input: EmergencyReportInput,
  ) {
    const outcome = await ctx.services.caseIntake.report(ctx, input);
    return outcome.ok
      ? {
          ...payloadOf('emergencyCase', outcome),
          trackingCode: ctx.services.caseIntake.tracking.codeFor(
            outcome.value.idempotencyKey,
            outcome.value.idempotencyScope,
          ),
        }
      : payloadOf('emergencyCase', outcome);
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => EmergencyCasePayload, {
    description: '认领事件 — take ownership as first responder (首问负责制); a second taker gets ALREADY_OWNED.',
  })
  async emergencyCaseAccept(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the case.' }) input: IdInput,
  ) {
    return payloadOf('emergencyCase', await ctx.services.caseIntake.accept(ctx, input.id));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => EmergencyCasePayload, {
    description:
      '核实事件 — the owner verifies the emergency and links the household (verified: true), or rejects the report.',
  })
  async emergencyCaseVerify(
    @Ctx() ctx: HubContext,
    @Arg('input', () => EmergencyCaseVerifyInput, { description: '输入 — the verification.' })
    input: EmergencyCaseVerifyInput,
  ) {
    return payloadOf('emergencyCase', await ctx.services.cases.verify(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => EmergencyCasePayload, {
    description:
      '加急 — 先行救助: help may be given before verification; the paperwork is due later (EXPEDITED_PAPERWORK_HOURS).',
  })
  async emergencyCaseExpedite(
    @Ctx() ctx: HubContext,
    @Arg('input', () => EmergencyCaseNoteInput, { description: '输入 — the case and the reason.' })
    input: EmergencyCaseNoteInput,
  ) {
    return payloadOf('emergencyCase', await ctx.services.cases.expedite(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => EmergencyCasePayload, {
    description: '结案 — close an assisted case: every need met, verification done, no duplicate-aid warning waiting.',
  })
  async emergencyCaseClose(
    @Ctx() ctx: HubContext,
    @Arg('input', () => EmergencyCaseNoteInput, { description: '输入 — the case and a summary.' })
    input: EmergencyCaseNoteInput,
  ) {
    return payloadOf('emergencyCase', await ctx.services.cases.close(ctx, input));
  }

  @FieldResolver(() => [NeedType], {
    description: '需求 — the case’s needs, oldest first; empty for viewers outside its jurisdiction.',
  })
  async needs(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Promise<Need[]> {
    if (!ctx.services.cases.visible(ctx, emergencyCase)) return [];
    return ctx.loaders.needsByCase.load(emergencyCase.id);
  }

  @FieldResolver(() => HouseholdType, {
    nullable: true,
    description:
      '家庭 — the household, linked at verification; only for viewers allowed to see it (personal data, audited).',
  })
  household(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Promise<Household | null> {
    if (!emergencyCase.household || !ctx.services.cases.visible(ctx, emergencyCase)) return Promise.resolve(null);
    return ctx.services.households.get(ctx, emergencyCase.household.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '情况说明 — what was reported (staff of the area only, each read audited).',
  })
  description(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Promise<string | null> {
    return readCaseContact(ctx, emergencyCase, 'description');
  }

  @FieldResolver(() => IntakeChannel, { nullable: true, description: '受理渠道 — how it reached the hub; staff only.' })
  channel(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): IntakeChannel | null {
    return ctx.services.cases.visible(ctx, emergencyCase) ? emergencyCase.channel : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '地址 — where the household is (personal data: staff of the area only, each read audited).',
  })
  address(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Promise<string | null> {
    return readCaseContact(ctx, emergencyCase, 'address');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '报告人 — who reported it (personal data: staff of the area only, each read audited).',
  })
  reporterName(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Promise<string | null> {
    return readCaseContact(ctx, emergencyCase, 'reporterName');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '报告人电话 — how to call back (personal data: staff of the area only, each read audited).',
  })
  reporterPhone(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Promise<string | null> {
    return readCaseContact(ctx, emergencyCase, 'reporterPhone');
  }

  @FieldResolver(() => Date, { nullable: true, description: '核实时间 — when it was verified; staff only.' })
  verifiedAt(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Date | null {
    return ctx.services.cases.visible(ctx, emergencyCase) ? emergencyCase.verifiedAt : null;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: '首次救助时间 — when help was first delivered; staff only.',
  })
  firstAssistedAt(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Date | null {
    return ctx.services.cases.visible(ctx, emergencyCase) ? emergencyCase.firstAssistedAt : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: '结案时间 — when it was closed or rejected; staff only.' })
  closedAt(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Date | null {
    return ctx.services.cases.visible(ctx, emergencyCase) ? emergencyCase.closedAt : null;
  }

  @FieldResolver(() => EmergencyType, { description: '急难类型 — what happened.' })
  emergencyType(@Root() emergencyCase: EmergencyCase): EmergencyType {
    return emergencyCase.emergencyType;
  }

  @FieldResolver(() => Area, { description: '所在街镇 — the street or town where it happened.' })
  async area(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Promise<Area> {
    return (await ctx.loaders.areaByCode.load(emergencyCase.areaCode))!;
  }

  @FieldResolver(() => Boolean, { description: '加急 — aid first, paperwork after (事后补办手续).' })
  expedited(@Root() emergencyCase: EmergencyCase): boolean {
    return emergencyCase.expedited;
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description: '首问责任人 — the first responder who owns the case; staff only.',
  })
  owner(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Staff | null {
    if (!ctx.services.cases.visible(ctx, emergencyCase) || !emergencyCase.ownerSubject) return null;
    return Object.assign(new Staff(), {
      subject: emergencyCase.ownerSubject,
      role: emergencyCase.ownerRole as Role,
      organizationId: emergencyCase.ownerOrganizationId,
      areaCode: emergencyCase.ownerAreaCode,
    });
  }

  @FieldResolver(() => Date, { nullable: true, description: '核实时限 — verification due; staff only.' })
  verifyDueAt(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Date | null {
    return ctx.services.cases.visible(ctx, emergencyCase) ? emergencyCase.verifyDueAt : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: '响应时限 — first assistance due; staff only.' })
  respondDueAt(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): Date | null {
    return ctx.services.cases.visible(ctx, emergencyCase) ? emergencyCase.respondDueAt : null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: '逾期 — past a deadline; staff only.' })
  overdue(@Ctx() ctx: HubContext, @Root() emergencyCase: EmergencyCase): boolean | null {
    return ctx.services.cases.visible(ctx, emergencyCase)
      ? ctx.services.cases.isOverdue(emergencyCase, ctx.clock.now())
      : null;
  }
}
