import { getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { payloadOf } from '../../core/user-error';
import { HouseholdCategory, Registration } from '../../core/vocabulary';
import { Area } from '../areas';
import type { Household } from './household.entity';
import {
  ConsentWithdrawalType,
  HouseholdConsentWithdrawInput,
  HouseholdCreateInput,
  HouseholdMemberType,
  HouseholdPayload,
  HouseholdType,
} from './household.types';

/** The member fields this `members` selection asks for (fragments, aliases, @skip/@include applied). */
function requestedMemberFields(info: GraphQLResolveInfo): Set<string> {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return new Set();
  const selected = collectSubfields(info.schema, info.fragments, info.variableValues, type, info.fieldNodes);
  return new Set([...selected.values()].map((nodes) => nodes[0]!.name.value));
}

@Resolver(() => HouseholdType)
export class HouseholdResolver {
  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => HouseholdPayload, {
    description:
      '新建家庭 — record a household’s file in your jurisdiction, with the legal basis for holding it (PIPL); audited.',
  })
  async householdCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => HouseholdCreateInput, { description: '输入 — the household and its members.' })
    input: HouseholdCreateInput,
  ) {
    return payloadOf('household', await ctx.services.households.create(ctx, input));
  }

  @Authorized(Role.CASEWORKER, Role.COORDINATOR)
  @Mutation(() => HouseholdPayload, {
    description:
      '撤回同意 — record that the household’s subject withdrew consent (PIPL 第十五条), with the basis; audited. ' +
      'New needs, matching, referrals, screening and cases then refuse it (CONSENT_WITHDRAWN); aid already under ' +
      'way can be finished; the aid chain and the audit trail are kept.',
  })
  async householdConsentWithdraw(
    @Ctx() ctx: HubContext,
    @Arg('input', () => HouseholdConsentWithdrawInput, { description: '输入 — the household and the basis.' })
    input: HouseholdConsentWithdrawInput,
  ) {
    return payloadOf('household', await ctx.services.households.withdrawConsent(ctx, input));
  }

  @FieldResolver(() => ConsentWithdrawalType, {
    nullable: true,
    description: '撤回同意 — the withdrawal of consent, when recorded; caseworkers and auditors only (else null).',
  })
  async consentWithdrawal(
    @Ctx() ctx: HubContext,
    @Root() household: Household,
  ): Promise<ConsentWithdrawalType | null> {
    if (!household.consentWithdrawnAt || (await ctx.services.households.consentBasis(ctx, household)) === null)
      return null;
    return {
      at: household.consentWithdrawnAt,
      recordedBy: household.consentWithdrawnBy ?? '',
      reason: household.consentWithdrawalReason ?? '',
    };
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      '匿名化时间 — when the retention job anonymised its personal fields (RETENTION_MONTHS after its last case closed); ' +
      'caseworkers and auditors only (else null).',
  })
  async anonymisedAt(@Ctx() ctx: HubContext, @Root() household: Household): Promise<Date | null> {
    if (!household.anonymisedAt || (await ctx.services.households.consentBasis(ctx, household)) === null) return null;
    return household.anonymisedAt;
  }

  @FieldResolver(() => Area, { description: '所在街镇 — the street or town where the household lives.' })
  async area(@Ctx() ctx: HubContext, @Root() household: Household): Promise<Area> {
    return (await ctx.loaders.areaByCode.load(household.areaCode))!;
  }

  @FieldResolver(() => HouseholdCategory, {
    description: '家庭类别 — its social-assistance category; caseworkers and auditors only (else FORBIDDEN); each read audited.',
  })
  category(@Ctx() ctx: HubContext, @Root() household: Household): Promise<HouseholdCategory> {
    return ctx.services.households.fileField<HouseholdCategory>(ctx, household, 'category');
  }

  @FieldResolver(() => Registration, {
    description: '户籍 — its registration; caseworkers and auditors only (else FORBIDDEN); each read audited.',
  })
  registration(@Ctx() ctx: HubContext, @Root() household: Household): Promise<Registration> {
    return ctx.services.households.fileField<Registration>(ctx, household, 'registration');
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: '月人均收入 — monthly income per capita in fen (personal; audited); null when unknown or not visible.',
  })
  monthlyIncomePerCapitaFen(@Ctx() ctx: HubContext, @Root() household: Household): Promise<number | null> {
    return ctx.services.households.personal<number>(ctx, household, 'monthlyIncomePerCapitaFen');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '地址 — the address (personal; audited); also shown to a provider with an active referral.',
  })
  address(@Ctx() ctx: HubContext, @Root() household: Household): Promise<string | null> {
    return ctx.services.households.personal<string>(ctx, household, 'address');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '处理依据 — the legal basis or consent the file is held under; caseworkers and auditors only; each read audited.',
  })
  consentBasis(@Ctx() ctx: HubContext, @Root() household: Household): Promise<string | null> {
    return ctx.services.households.consentBasis(ctx, household);
  }

  @FieldResolver(() => [HouseholdMemberType], {
    nullable: true,
    description:
      '家庭成员 — the members, head first (personal; every field read is audited); a referred provider sees names and phones only.',
  })
  members(
    @Ctx() ctx: HubContext,
    @Root() household: Household,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HouseholdMemberType[] | null> {
    return ctx.services.households.members(ctx, household, requestedMemberFields(info));
  }
}
