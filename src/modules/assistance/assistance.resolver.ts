import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { payloadOf } from '../../core/user-error';
import { Role } from '../../core/auth';
import { EmergencyType } from '../../core/vocabulary';
import { DateScalar } from '../../core/scalars';
import { AssistanceForm } from '../../core/vocabulary';
import { audited, purposeOf } from '../audit';
import type { Household } from '../households';
import { HouseholdType } from '../households';
import { Organization } from '../organizations';
import type { AssistanceRecord } from './assistance-record.entity';
import {
  AssistanceAcknowledgeInput,
  AssistanceRecordConnection,
  AssistanceRecordFilter,
  AssistanceRecordPayload,
  AssistanceRecordType,
} from './assistance.types';

/** A field of an aid record, shown once its read is audited (the record was already found visible). */
function aid<T>(ctx: HubContext, record: AssistanceRecord, field: string, value: T): Promise<T> {
  return audited(ctx, { type: 'AssistanceRecord', id: record.id }, field, purposeOf(ctx), value);
}

@Resolver(() => AssistanceRecordType)
export class AssistanceResolver {
  @Authorized(Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR)
  @Query(() => AssistanceRecordConnection, {
    description:
      '救助记录 — aid given in your jurisdiction, newest first; filter a household’s chain or the duplicate-aid warnings to acknowledge.',
  })
  assistanceRecords(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AssistanceRecordFilter, {
      nullable: true,
      description: '筛选 — household, case, unacknowledged duplicates.',
    })
    filter: AssistanceRecordFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.assistance.list(ctx, { filter, first, after });
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => AssistanceRecordPayload, {
    description:
      '确认重复救助 — a coordinator acknowledges aid of the same form for the same cause within the window, with a reason.',
  })
  async assistanceRecordAcknowledge(
    @Ctx() ctx: HubContext,
    @Arg('input', () => AssistanceAcknowledgeInput, { description: '输入 — the record and why.' })
    input: AssistanceAcknowledgeInput,
  ): Promise<AssistanceRecordPayload> {
    return payloadOf('assistanceRecord', await ctx.services.assistance.acknowledge(ctx, input));
  }

  @FieldResolver(() => AssistanceForm, { description: '救助形式 — the form the help took (each read audited).' })
  form(@Ctx() ctx: HubContext, @Root() record: AssistanceRecord): Promise<AssistanceForm> {
    return aid(ctx, record, 'form', record.form);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: '金额（分） — money given or the value given, in fen (each read audited).',
  })
  amountFen(@Ctx() ctx: HubContext, @Root() record: AssistanceRecord): Promise<number | null> {
    return aid(ctx, record, 'amountFen', record.amountFen);
  }

  @FieldResolver(() => String, { nullable: true, description: '资金来源 — where the money came from (each read audited).' })
  fundSource(@Ctx() ctx: HubContext, @Root() record: AssistanceRecord): Promise<string | null> {
    return aid(ctx, record, 'fundSource', record.fundSource);
  }

  @FieldResolver(() => DateScalar, { description: '交付日期 — the day the help was given (each read audited).' })
  deliveredOn(@Ctx() ctx: HubContext, @Root() record: AssistanceRecord): Promise<string> {
    return aid(ctx, record, 'deliveredOn', record.deliveredOn);
  }

  @FieldResolver(() => String, { nullable: true, description: '说明 — what was given (each read audited).' })
  note(@Ctx() ctx: HubContext, @Root() record: AssistanceRecord): Promise<string | null> {
    return aid(ctx, record, 'note', record.note);
  }

  @FieldResolver(() => Organization, { description: '救助提供方 — the organisation that gave the help.' })
  async provider(@Ctx() ctx: HubContext, @Root() record: AssistanceRecord): Promise<Organization> {
    return (await ctx.loaders.organizationById.load(record.provider.id))!;
  }

  @FieldResolver(() => EmergencyType, { description: '救助事由 — the emergency the help answered.' })
  cause(@Root() record: AssistanceRecord): EmergencyType {
    return record.cause as EmergencyType;
  }

  @FieldResolver(() => AssistanceRecordType, {
    nullable: true,
    description:
      '重复提示 — an earlier record of the same form for the same cause within the window; a coordinator must acknowledge it. Null for viewers who may not see that record (another provider’s aid).',
  })
  async duplicateOf(@Ctx() ctx: HubContext, @Root() record: AssistanceRecord): Promise<AssistanceRecord | null> {
    const earlier = record.duplicateOf ? await ctx.loaders.assistanceById.load(record.duplicateOf.id) : null;
    return earlier && ctx.services.assistance.visible(ctx, earlier) ? earlier : null;
  }
}

@Resolver(() => HouseholdType)
export class HouseholdAssistanceResolver {
  @FieldResolver(() => [AssistanceRecordType], {
    nullable: true,
    description:
      '救助链 — every aid record of the household across all providers, newest first (一户一条救助链); staff of its area only.',
  })
  async assistanceRecords(@Ctx() ctx: HubContext, @Root() household: Household): Promise<AssistanceRecord[] | null> {
    const access = await ctx.services.households.access(ctx, household);
    if (access !== 'FULL' && access !== 'AUDIT') return null;
    return ctx.loaders.assistanceByHousehold.load(household.id);
  }
}
