import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../../core/auth';
import type { HubContext } from '../../core/context';
import { streamOf } from '../../core/subscription';
import { payloadOf } from '../../core/user-error';
import { HouseholdType, type Household } from '../households';
import {
  HouseholdAtRiskConnection,
  HouseholdsAtRiskFilter,
  RiskFlagPayload,
  RiskFlagResolveInput,
  RiskFlagType,
  RiskRuleCreateInput,
  RiskRulePayload,
  RiskRuleResultType,
  RiskRuleType,
  RiskRuleUpdateInput,
  ScreeningVisitPayload,
  ScreeningVisitRecordInput,
  ScreeningVisitType,
} from './screening.types';

@Resolver()
export class ScreeningResolver {
  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => ScreeningVisitPayload, {
    description:
      '记录排摸走访 — record a screening visit to a household of your street; updates its file and re-assesses its risk.',
  })
  async screeningVisitRecord(
    @Ctx() ctx: HubContext,
    @Arg('input', () => ScreeningVisitRecordInput, { description: '输入 — the visit and its findings.' })
    input: ScreeningVisitRecordInput,
  ): Promise<ScreeningVisitPayload> {
    const outcome = await ctx.services.screening.recordVisit(ctx, input);
    if (!outcome.ok) return { visit: null, assessment: [], raisedFlags: [], userErrors: outcome.errors };
    const { visit, assessment } = outcome.value;
    return {
      visit,
      assessment: ctx.services.screening.assessmentResults(assessment),
      raisedFlags: await ctx.services.screening.flagsById(ctx.em, assessment.raised),
      userErrors: [],
    };
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => RiskRulePayload, { description: '新建风险规则 — a coordinator defines a risk rule as data.' })
  async riskRuleCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => RiskRuleCreateInput, { description: '输入 — the rule.' }) input: RiskRuleCreateInput,
  ): Promise<RiskRulePayload> {
    return payloadOf('riskRule', await ctx.services.riskRuleAdmin.createRule(ctx, input));
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => RiskRulePayload, { description: '修改风险规则 — change, deactivate or re-level a risk rule.' })
  async riskRuleUpdate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => RiskRuleUpdateInput, { description: '输入 — the changes.' }) input: RiskRuleUpdateInput,
  ): Promise<RiskRulePayload> {
    return payloadOf('riskRule', await ctx.services.riskRuleAdmin.updateRule(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => RiskFlagPayload, { description: '解除预警 — resolve an open risk flag, recording who and why.' })
  async riskFlagResolve(
    @Ctx() ctx: HubContext,
    @Arg('input', () => RiskFlagResolveInput, { description: '输入 — the flag and why.' }) input: RiskFlagResolveInput,
  ): Promise<RiskFlagPayload> {
    return payloadOf('riskFlag', await ctx.services.screening.resolveFlag(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR)
  @Query(() => [RiskRuleType], { description: '风险规则 — every risk rule, active or not.' })
  riskRules(@Ctx() ctx: HubContext): Promise<RiskRuleType[]> {
    return ctx.services.riskRuleAdmin.rules(ctx);
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Query(() => HouseholdAtRiskConnection, {
    description: '风险家庭 — the worklist: households with open flags, by level then next visit due.',
  })
  householdsAtRisk(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => HouseholdsAtRiskFilter, { description: '筛选 — area, level, due for a visit.' })
    filter: HouseholdsAtRiskFilter,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — the endCursor of the page before.' })
    after: string | null,
  ) {
    return ctx.services.screening.householdsAtRisk(ctx, filter, { first, after });
  }

  @Subscription(() => RiskFlagType, {
    description: '新预警 — each risk flag raised in an area of your jurisdiction (caseworkers and coordinators).',
    subscribe: streamOf<{ areaCode: string }>((ctx, { areaCode }) => ctx.services.riskFeed.raised(ctx, areaCode)),
  })
  riskFlagRaised(
    @Root() flag: RiskFlagType,
    @Arg('areaCode', () => String, { description: '区划 — a street, district or the city.' }) _areaCode: string,
  ): RiskFlagType {
    return flag;
  }
}

/** The household's screening history, flags and risk: staff of its jurisdiction only, reads audited. */
@Resolver(() => HouseholdType)
export class HouseholdScreeningResolver {
  private async sees(ctx: HubContext, household: Household): Promise<boolean> {
    const level = await ctx.services.households.access(ctx, household);
    return level === 'FULL' || level === 'AUDIT';
  }

  @FieldResolver(() => [ScreeningVisitType], {
    nullable: true,
    description: '排摸走访 — the screening visits, newest first (personal; audited); null when not visible.',
  })
  async screeningVisits(@Ctx() ctx: HubContext, @Root() household: Household): Promise<ScreeningVisitType[] | null> {
    return (await this.sees(ctx, household)) ? ctx.services.screening.visits(ctx, household.id) : null;
  }

  @FieldResolver(() => [RiskFlagType], {
    nullable: true,
    description: '风险预警 — risk flags, open first (facts are personal; audited); null when not visible.',
  })
  async riskFlags(@Ctx() ctx: HubContext, @Root() household: Household): Promise<RiskFlagType[] | null> {
    return (await this.sees(ctx, household)) ? ctx.services.screening.householdFlags(ctx, household.id) : null;
  }

  @FieldResolver(() => [RiskRuleResultType], {
    nullable: true,
    description:
      '风险判断 — every active risk rule’s verdict now (missing facts named; audited); null when not visible; ' +
      'a CONSENT_WITHDRAWN error once the household withdrew consent or was anonymised.',
  })
  async riskAssessment(@Ctx() ctx: HubContext, @Root() household: Household): Promise<RiskRuleResultType[] | null> {
    return (await this.sees(ctx, household)) ? ctx.services.screening.assessment(ctx, household.id) : null;
  }
}
