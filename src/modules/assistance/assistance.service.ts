import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import type { HubContext } from '../../core/context';
import { shownTo } from '../../core/visibility';
import { inJurisdiction } from '../../core/areas';
import { Role, staffCovers } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { findNewestPage } from '../../core/pagination';
import { filterId, localId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { lockedStep, type RowRefusals } from '../../core/transaction';
import { textError } from '../../core/validation';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { appendEvents, flushAndAppend } from '../../events/outbox';
import { Household } from '../households';
import { Organization } from '../organizations';
import { AssistanceRecord } from './assistance-record.entity';
import type { AssistanceAcknowledgeInput, AssistanceRecordFilter } from './assistance.types';
import { utcDay } from '../../core/clock';

/** Help given: the case it answered (its street, emergency and household), the need, the referral. */
export interface NewAssistance {
  emergencyCase: { id: string; areaCode: string; emergencyType: EmergencyType; household: { id: string } | null };
  needId: string;
  referralId: string | null;
  providerId: string;
  form: AssistanceForm;
  amountFen: number | null;
  fundSource: string | null;
  deliveredOn: string;
  note: string | null;
  recordedBy: string;
  /** When it was recorded (the caller's clock). */
  recordedAt: Date;
}

/** `date` ± `months` calendar months, as YYYY-MM-DD (day clamped to the month's end). */
export function shiftMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = utcDay(year, month + 1, 0).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const RECORD_REFUSALS: RowRefusals = {
  notFound: userError(UserErrorCode.NOT_FOUND, '救助记录不存在 (record not found)', ['id']),
  outside: '该记录不在您的管辖范围内 (outside your jurisdiction)',
};

export class AssistanceService {
  constructor(private readonly config: Config) {}

  /**
   * Adds help given to the household's aid chain (一户一条救助链). Aid of the same form for the
   * same cause within the configured window (12 months) is recorded — it was given — but flagged
   * as a duplicate a coordinator must acknowledge before the case can close.
   */
  async record(tx: EntityManager, input: NewAssistance): Promise<AssistanceRecord> {
    const householdId = input.emergencyCase.household?.id ?? null;
    let duplicateOf: string | null = null;
    if (householdId) {
      const months = this.config.duplicateAidMonths;
      // Serialises recordings for one household, so two at once cannot both miss each other.
      await tx.findOne(Household, { id: householdId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const [earlier] = await tx.execute<{ id: string }[]>(
        `select id from assistance_record
         where household_id = ? and form = ? and cause = ? and delivered_on between ?::date and ?::date
         order by delivered_on desc, created_at desc limit 1`,
        [
          householdId,
          input.form,
          input.emergencyCase.emergencyType,
          shiftMonths(input.deliveredOn, -months),
          shiftMonths(input.deliveredOn, months),
        ],
      );
      duplicateOf = earlier?.id ?? null;
    }
    const record = Object.assign(new AssistanceRecord(), {
      createdAt: input.recordedAt,
      household: householdId ? tx.getReference(Household, householdId, { wrapped: true }) : null,
      caseId: input.emergencyCase.id,
      needId: input.needId,
      referralId: input.referralId,
      provider: tx.getReference(Organization, input.providerId, { wrapped: true }),
      areaCode: input.emergencyCase.areaCode,
      cause: input.emergencyCase.emergencyType,
      form: input.form,
      amountFen: input.amountFen,
      fundSource: input.fundSource,
      deliveredOn: input.deliveredOn,
      note: input.note,
      duplicateOf: duplicateOf ? tx.getReference(AssistanceRecord, duplicateOf, { wrapped: true }) : null,
      recordedBy: input.recordedBy,
    });
    tx.persist(record);
    await tx.flush();
    const payload = {
      recordId: record.id,
      caseId: input.emergencyCase.id,
      areaCode: record.areaCode,
      form: record.form,
      duplicateOf,
    };
    await appendEvents(tx, [
      {
        type: 'AssistanceRecorded',
        aggregateType: 'AssistanceRecord',
        aggregateId: record.id,
        actor: input.recordedBy,
        payload,
      },
      ...(duplicateOf
        ? [
            {
              type: 'DuplicateAidFlagged',
              aggregateType: 'AssistanceRecord',
              aggregateId: record.id,
              actor: input.recordedBy,
              payload,
            },
          ]
        : []),
    ]);
    return record;
  }

  /** Staff of the record's area see an aid record; so does its provider — nobody else (not another provider). */
  visible(ctx: HubContext, record: AssistanceRecord): boolean {
    if (staffCovers(ctx.viewer, record.areaCode)) return true;
    const org = ctx.viewer?.organizationId ? localId(ctx.viewer.organizationId, 'Organization') : null;
    return !!org && record.provider.id === org;
  }

  async get(ctx: HubContext, id: string): Promise<AssistanceRecord | null> {
    return shownTo(ctx, this, await ctx.em.findOne(AssistanceRecord, { id }));
  }

  /** 重复救助确认: a coordinator of the area acknowledges a duplicate-aid warning, with a note. */
  async acknowledge(ctx: HubContext, input: AssistanceAcknowledgeInput): Promise<Outcome<AssistanceRecord>> {
    const invalid = textError(input.note, ['note'], '确认说明', 2000);
    if (invalid) return failure(invalid);
    const id = localId(input.id, 'AssistanceRecord');
    return lockedStep(ctx, this, AssistanceRecord, id, RECORD_REFUSALS, async (tx, record) => {
      if (ctx.viewer!.role !== Role.COORDINATOR)
        throw new ForbiddenError('只有统筹人员可以确认重复救助 (coordinators only)');
      if (!record.duplicateOf || record.acknowledgedAt) {
        return failure<AssistanceRecord>(
          userError(UserErrorCode.WRONG_STATE, '该记录没有待确认的重复提示 (no warning to acknowledge)', ['id']),
        );
      }
      record.acknowledgedAt = ctx.clock.now();
      record.acknowledgedBy = ctx.viewer!.subject;
      record.acknowledgementNote = input.note.trim();
      await flushAndAppend(tx, [
        {
          type: 'DuplicateAidAcknowledged',
          aggregateType: 'AssistanceRecord',
          aggregateId: record.id,
          actor: ctx.viewer!.subject,
          payload: { recordId: record.id, areaCode: record.areaCode },
        },
      ]);
      return success(record);
    });
  }

  async list(
    ctx: HubContext,
    args: { filter?: AssistanceRecordFilter | null; first?: number | null; after?: string | null },
  ) {
    const and: FilterQuery<AssistanceRecord>[] = [inJurisdiction(ctx.viewer)];
    const filter = args.filter ?? {};
    if (filter.householdId) and.push({ household: filterId(filter.householdId, 'Household') });
    if (filter.caseId) and.push({ caseId: filterId(filter.caseId, 'EmergencyCase') });
    if (filter.unacknowledgedDuplicates) and.push({ duplicateOf: { $ne: null }, acknowledgedAt: null });
    return findNewestPage(ctx.em, AssistanceRecord, and, args);
  }
}

/** Aid given before a case had its household (an expedited case verified later) joins the household's chain. */
export async function joinHouseholdChain(tx: EntityManager, caseId: string, householdId: string): Promise<void> {
  await tx.execute(
    'update assistance_record set household_id = ?, updated_at = now() where case_id = ? and household_id is null',
    [householdId, caseId],
  );
}

/** How many duplicate-aid warnings of a case still wait for a coordinator's acknowledgement. */
export async function pendingDuplicateWarnings(tx: EntityManager, caseId: string): Promise<number> {
  const [pending] = await tx.execute<{ n: number }[]>(
    `select count(*)::int as n from assistance_record where case_id = ? and duplicate_of_id is not null and acknowledged_at is null`,
    [caseId],
  );
  return pending!.n;
}
