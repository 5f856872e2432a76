import { randomBytes } from 'node:crypto';
import { keyedFingerprint } from '../../core/contact-hash';
import { UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../core/context';
import { areaPrefix, Role, viewerCovers, isStaff } from '../../core/auth';
import type { Config } from '../../config';
import { HOUR_MS, later, toDate, type Clock } from '../../core/clock';
import { ForbiddenError, RateLimitedError } from '../../core/errors';
import { findPage } from '../../core/pagination';
import { RateLimiter } from '../../core/rate-limit';
import { localId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { Checks } from '../../core/validation';
import { appendEvents } from '../../events/outbox';
import { Area, AreaLevel } from '../areas';
import { joinHouseholdChain, pendingDuplicateWarnings } from '../assistance';
import { Household } from '../households';
import { EmergencyCaseStatus } from './case.enums';
import type {
  EmergencyCaseFilter,
  EmergencyCaseNoteInput,
  EmergencyCaseVerifyInput,
  EmergencyReportInput,
} from './case.types';
import { caseForAction } from './case-guard';
import type { CaseContactField } from './case-contact';
import { actorOf, AuditPurpose } from '../audit';
import { EmergencyCase } from './emergency-case.entity';
import { caseEvent, emergencyReported } from './case.events';
import { LEGACY_SCOPE, ReportTracking } from './case-tracking';

const OPEN: EmergencyCaseStatus[] = [
  EmergencyCaseStatus.REPORTED,
  EmergencyCaseStatus.VERIFIED,
  EmergencyCaseStatus.RESPONDING,
];

/**
 * The report without its key, in a fixed shape: replays hash the same, other reports do not. Keyed (HMAC
 * under CONTACT_HASH_KEY): it holds the reporter's phone, which an unkeyed hash gives away to anyone who
 * tries every 11-digit number.
 */
function requestHash(key: string, input: EmergencyReportInput): string {
  const canonical = JSON.stringify([
    input.emergencyType,
    toDate(input.occurredAt).toISOString(),
    input.areaCode,
    input.description.trim(),
    input.channel,
    input.address?.trim() ?? null,
    input.reporterName?.trim() ?? null,
    input.reporterPhone?.trim() ?? null,
  ]);
  return keyedFingerprint(key, canonical);
}

function newReference(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const suffix = [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
  return `JJN-${day}-${suffix}`;
}

export class CaseService {
  private readonly reports: RateLimiter;
  /** Tracking codes of public reports (emergencyReportStatus). */
  readonly tracking: ReportTracking;

  constructor(
    private readonly config: Config,
    private readonly clock: Clock,
  ) {
    this.reports = new RateLimiter(config.reportRateLimitPerMinute);
    this.tracking = new ReportTracking(config);
  }

  isStaff(ctx: HubContext): boolean {
    return isStaff(ctx.viewer);
  }

  /** Staff see the cases of their jurisdiction. */
  visible(ctx: HubContext, emergencyCase: EmergencyCase): boolean {
    return this.isStaff(ctx) && viewerCovers(ctx.viewer, emergencyCase.areaCode);
  }

  async get(ctx: HubContext, id: string): Promise<EmergencyCase | null> {
    const found = await ctx.em.findOne(EmergencyCase, { id });
    return found && this.visible(ctx, found) ? found : null;
  }

  /** Open to anyone; rate-limited per client address; idempotent by key. */
  async report(ctx: HubContext, input: EmergencyReportInput): Promise<Outcome<EmergencyCase>> {
    const wait = this.reports.hit(ctx.clientAddress, ctx.clock.now().getTime());
    if (wait > 0) throw new RateLimitedError(wait);
    const checks = new Checks();
    checks.text(input.idempotencyKey, ['idempotencyKey'], '幂等键', 200);
    checks.text(input.description, ['description'], '情况说明', 2000);
    checks.optionalText(input.address, ['address'], '地址', 200);
    checks.optionalText(input.reporterName, ['reporterName'], '报告人', 50);
    if (input.reporterPhone)
      checks.check(
        /^[0-9+\-() ]{5,20}$/.test(input.reporterPhone),
        ['reporterPhone'],
        '电话号码无效 (invalid phone number)',
      );
    const reportedAt = ctx.clock.now();
    const now = reportedAt.getTime();
    const occurred = toDate(input.occurredAt).getTime();
    checks.check(
      occurred <= now + 5 * 60_000 && occurred >= now - 366 * 24 * HOUR_MS,
      ['occurredAt'],
      '发生时间须在过去一年内 (within the past year)',
    );
    const area = input.areaCode ? await ctx.loaders.areaByCode.load(input.areaCode) : null;
    checks.check(
      area?.level === AreaLevel.STREET,
      ['areaCode'],
      `须为街道/乡镇代码: ${input.areaCode} (must be a known street or town)`,
    );
    if (checks.failed) return failure(...checks.errors);

    const key = input.idempotencyKey.trim();
    // Keys are the caller's own, per channel: another caller's same key is another report.
    const scope = `${input.channel}:${ctx.viewer?.subject ?? 'public'}`;
    const hash = requestHash(this.config.contactHashKey, input);
    const replay = await this.replay(ctx, scope, key, hash);
    if (replay) return replay;
    const deadlines = this.config.caseDeadlines[input.emergencyType] ?? this.config.caseDeadlines.default!;
    const emergencyCase = Object.assign(new EmergencyCase(), {
      reference: newReference(reportedAt),
      emergencyType: input.emergencyType,
      occurredAt: toDate(input.occurredAt),
      area: ctx.em.getReference(Area, area!.id, { wrapped: true }),
      areaCode: area!.code,
      description: input.description.trim(),
      channel: input.channel,
      address: input.address?.trim() || null,
      reporterName: input.reporterName?.trim() || null,
      reporterPhone: input.reporterPhone?.trim() || null,
      idempotencyKey: key,
      idempotencyScope: scope,
      requestHash: hash,
      trackingHash: this.tracking.hashOf(this.tracking.codeFor(key, scope)),
      verifyDueAt: later(reportedAt, deadlines.verifyHours * HOUR_MS),
      respondDueAt: later(reportedAt, deadlines.respondHours * HOUR_MS),
    });
    try {
      await ctx.em.fork().transactional(async (tx) => {
        tx.persist(emergencyCase);
        await tx.flush();
        await appendEvents(tx, [emergencyReported(emergencyCase, input.channel)]);
      });
    } catch (error) {
      // A concurrent replay won the insert: answer as a replay.
      if (error instanceof UniqueConstraintViolationException) {
        const raced = await this.replay(ctx, scope, key, hash);
        if (raced) return raced;
      }
      throw error;
    }
    return success(emergencyCase);
  }

  private async replay(
    ctx: HubContext,
    scope: string,
    key: string,
    hash: string,
  ): Promise<Outcome<EmergencyCase> | null> {
    const existing = await ctx.em
      .fork()
      .findOne(EmergencyCase, { idempotencyKey: key, idempotencyScope: { $in: [scope, LEGACY_SCOPE] } });
    if (!existing) return null;
    if (existing.requestHash !== hash) {
      return failure(
        userError(UserErrorCode.IDEMPOTENCY_KEY_REUSED, '该幂等键已用于另一份报告 (key used for a different report)', [
          'idempotencyKey',
        ]),
      );
    }
    return success(existing);
  }

  /** 首问负责制: the first caseworker of the case's area to accept owns it. */
  async accept(ctx: HubContext, globalId: string): Promise<Outcome<EmergencyCase>> {
    const id = localId(globalId, 'EmergencyCase');
    const found = id ? await ctx.em.findOne(EmergencyCase, { id }) : null;
    if (!found) return failure(userError(UserErrorCode.NOT_FOUND, '急难事件不存在 (case not found)', ['id']));
    if (!this.visible(ctx, found) || ctx.viewer!.role === Role.AUDITOR)
      throw new ForbiddenError('该事件不在您的管辖范围内 (outside your jurisdiction)');
    const viewer = ctx.viewer!;
    const taken = await ctx.em.execute<{ id: string }[]>(
      `update emergency_case set owner_subject = ?, owner_role = ?, owner_organization_id = ?, owner_area_code = ?, accepted_at = ?, updated_at = now()
       where id = ? and owner_subject is null returning id`,
      [viewer.subject, viewer.role, viewer.organizationId, viewer.areaCode, ctx.clock.now(), found.id],
    );
    await ctx.em.refresh(found);
    if (taken.length === 0 && found.ownerSubject !== viewer.subject) {
      return failure(userError(UserErrorCode.ALREADY_OWNED, '该事件已由其他工作人员认领 (already owned)', ['id']));
    }
    return success(found);
  }

  async list(
    ctx: HubContext,
    args: { filter?: EmergencyCaseFilter | null; first?: number | null; after?: string | null },
  ) {
    const jurisdiction = ctx.viewer?.areaCode;
    if (!jurisdiction) throw new ForbiddenError('令牌未指定管辖区划 (token names no area)');
    const and: FilterQuery<EmergencyCase>[] = [{ areaCode: { $like: `${areaPrefix(jurisdiction)}%` } }];
    const filter = args.filter ?? {};
    if (filter.areaCode) and.push({ areaCode: { $like: `${areaPrefix(filter.areaCode)}%` } });
    if (filter.status) and.push({ status: filter.status });
    if (filter.overdue !== null && filter.overdue !== undefined) {
      const now = ctx.clock.now();
      const late: FilterQuery<EmergencyCase> = {
        $or: [
          { status: EmergencyCaseStatus.REPORTED, verifyDueAt: { $lt: now } },
          { status: { $in: OPEN }, firstAssistedAt: null, respondDueAt: { $lt: now } },
        ],
      };
      and.push(filter.overdue ? late : { $not: late });
    }
    return findPage(
      ctx.em,
      EmergencyCase,
      { $and: and },
      { first: args.first, after: args.after, orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }

  /** A report's contact detail for staff of its area, read and audited in one statement; null for anyone else. */
  async contact(ctx: HubContext, emergencyCase: EmergencyCase, field: CaseContactField): Promise<string | null> {
    if (!this.visible(ctx, emergencyCase)) return null;
    const purpose = ctx.viewer!.role === Role.AUDITOR ? AuditPurpose.SUPERVISION : AuditPurpose.CASEWORK;
    return ctx.loaders.caseContact.load({
      caseId: emergencyCase.id,
      field,
      purpose,
      actor: actorOf(ctx),
      requestId: ctx.requestId,
    });
  }

  isOverdue(emergencyCase: EmergencyCase, now: Date): boolean {
    if (emergencyCase.status === EmergencyCaseStatus.REPORTED && emergencyCase.verifyDueAt < now) return true;
    return OPEN.includes(emergencyCase.status) && !emergencyCase.firstAssistedAt && emergencyCase.respondDueAt < now;
  }

  /**
   * 核实: the owner (or a coordinator) confirms the emergency and links the household, or rejects
   * the report. An expedited case that already got help is verified afterwards (事后补办).
   */
  async verify(ctx: HubContext, input: EmergencyCaseVerifyInput): Promise<Outcome<EmergencyCase>> {
    const checks = new Checks();
    checks.optionalText(input.note, ['note'], '核实说明', 2000);
    if (input.verified)
      checks.check(!!input.householdId, ['householdId'], '核实须关联家庭 (a verified case needs its household)');
    if (checks.failed) return failure(...checks.errors);
    return ctx.em.transactional(async (tx) => {
      // The case first: staff of another jurisdiction get FORBIDDEN, not a NOT_FOUND on its household.
      const found = await caseForAction(ctx, input.id, { em: tx });
      if (!found.ok) return found;
      // Read on the transaction's connection: this one holds the case's row lock (see forTransaction).
      const inTx = ctx.forTransaction(tx);
      const household = input.verified ? await ctx.services.households.byGlobalId(inTx, input.householdId!) : null;
      // Only a household the verifier may fully see (its own jurisdiction), not one reached through a referral.
      if (input.verified && (!household || (await ctx.services.households.access(inTx, household)) !== 'FULL')) {
        return failure<EmergencyCase>(
          userError(UserErrorCode.NOT_FOUND, '家庭不存在 (household not found)', ['householdId']),
        );
      }
      const emergencyCase = found.value;
      const open =
        emergencyCase.status === EmergencyCaseStatus.REPORTED ||
        // An expedited case is verified afterwards, even once the help has been given (ASSISTED).
        (emergencyCase.expedited &&
          !emergencyCase.verifiedAt &&
          ([...OPEN, EmergencyCaseStatus.ASSISTED] as EmergencyCaseStatus[]).includes(emergencyCase.status));
      if (!open || emergencyCase.verifiedAt) {
        return failure<EmergencyCase>(
          userError(
            UserErrorCode.WRONG_STATE,
            `事件状态为 ${emergencyCase.status}，不能核实 (cannot verify in this state)`,
            ['id'],
          ),
        );
      }
      if (!input.verified && emergencyCase.status !== EmergencyCaseStatus.REPORTED) {
        return failure<EmergencyCase>(
          userError(UserErrorCode.WRONG_STATE, '已开始救助的事件不能驳回 (help has begun; it cannot be rejected)', [
            'verified',
          ]),
        );
      }
      const now = ctx.clock.now();
      emergencyCase.verificationNote = input.note?.trim() || null;
      emergencyCase.verifiedBy = ctx.viewer!.subject;
      if (input.verified) {
        emergencyCase.household = tx.getReference(Household, household!.id, { wrapped: true });
        emergencyCase.verifiedAt = now;
        if (emergencyCase.status === EmergencyCaseStatus.REPORTED) emergencyCase.status = EmergencyCaseStatus.VERIFIED;
        // Aid given before verification joins the household's chain now.
        await joinHouseholdChain(tx, emergencyCase.id, household!.id);
      } else {
        emergencyCase.status = EmergencyCaseStatus.REJECTED;
        emergencyCase.closedAt = now;
      }
      await tx.flush();
      await appendEvents(tx, [
        caseEvent(emergencyCase, input.verified ? 'EmergencyVerified' : 'EmergencyRejected', ctx.viewer!.subject),
      ]);
      return success(emergencyCase);
    });
  }

  /** 先行救助: help before verification, the paperwork due later (config expeditedPaperworkHours). */
  async expedite(ctx: HubContext, input: EmergencyCaseNoteInput): Promise<Outcome<EmergencyCase>> {
    const checks = new Checks();
    checks.text(input.note, ['note'], '加急理由', 2000);
    const note = input.note!;
    if (checks.failed) return failure(...checks.errors);
    return ctx.em.transactional(async (tx) => {
      const found = await caseForAction(ctx, input.id, { em: tx });
      if (!found.ok) return found;
      const emergencyCase = found.value;
      if (emergencyCase.status !== EmergencyCaseStatus.REPORTED || emergencyCase.expedited) {
        return failure<EmergencyCase>(
          userError(UserErrorCode.WRONG_STATE, '只有待核实的事件可以加急 (only an unverified case can be expedited)', [
            'id',
          ]),
        );
      }
      const now = ctx.clock.now();
      emergencyCase.expedited = true;
      emergencyCase.expeditedAt = now;
      emergencyCase.verificationNote = note.trim();
      emergencyCase.verifyDueAt = later(now, this.config.expeditedPaperworkHours * HOUR_MS);
      await tx.flush();
      await appendEvents(tx, [caseEvent(emergencyCase, 'EmergencyExpedited', ctx.viewer!.subject)]);
      return success(emergencyCase);
    });
  }

  /** 结案: when every need is met (or withdrawn), the case is verified and no duplicate-aid warning waits. */
  async close(ctx: HubContext, input: EmergencyCaseNoteInput): Promise<Outcome<EmergencyCase>> {
    const checks = new Checks();
    checks.optionalText(input.note, ['note'], '结案说明', 2000);
    if (checks.failed) return failure(...checks.errors);
    return ctx.em.transactional(async (tx) => {
      const found = await caseForAction(ctx, input.id, { em: tx });
      if (!found.ok) return found;
      const emergencyCase = found.value;
      const wrong = (message: string) => failure<EmergencyCase>(userError(UserErrorCode.WRONG_STATE, message, ['id']));
      if (emergencyCase.status !== EmergencyCaseStatus.ASSISTED) {
        // A verified case may also close when, in the end, nothing was needed (every need withdrawn), with a note.
        const [open] = await tx.execute<{ n: number }[]>(
          `select count(*)::int as n from need where case_id = ? and status <> 'CANCELLED'`,
          [emergencyCase.id],
        );
        const responding =
          emergencyCase.status === EmergencyCaseStatus.VERIFIED ||
          emergencyCase.status === EmergencyCaseStatus.RESPONDING;
        if (!responding || open!.n > 0) return wrong('只有已救助的事件可以结案 (only an assisted case can be closed)');
        if (!input.note?.trim()) {
          return failure<EmergencyCase>(
            userError(UserErrorCode.INVALID, '未救助结案须说明理由 (say why no help was needed)', ['note']),
          );
        }
      }
      if (!emergencyCase.verifiedAt) return wrong('加急事件须先补办核实 (verify the expedited case first)');
      if ((await pendingDuplicateWarnings(tx, emergencyCase.id)) > 0)
        return wrong('有重复救助提示待统筹人员确认 (a duplicate-aid warning awaits a coordinator)');
      emergencyCase.status = EmergencyCaseStatus.CLOSED;
      emergencyCase.closedAt = ctx.clock.now();
      if (input.note?.trim()) emergencyCase.verificationNote = input.note.trim();
      await tx.flush();
      await appendEvents(tx, [caseEvent(emergencyCase, 'EmergencyClosed', ctx.viewer!.subject)]);
      return success(emergencyCase);
    });
  }
}
