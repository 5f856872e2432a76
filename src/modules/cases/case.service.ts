import { createHash, randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../context';
import { areaPrefix, Role, viewerCovers } from '../../core/auth';
import type { Config } from '../../config';
import { ForbiddenError, RateLimitedError } from '../../core/errors';
import { findPage } from '../../core/pagination';
import { RateLimiter } from '../../core/rate-limit';
import { localId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { Checks } from '../../core/validation';
import { appendEvents } from '../../events/outbox';
import { Area, AreaLevel } from '../areas/area.entity';
import { EmergencyCaseStatus } from './case.enums';
import type { EmergencyCaseFilter, EmergencyReportInput } from './case.types';
import { EmergencyCase } from './emergency-case.entity';

const HOUR = 3600_000;
const STAFF = new Set<string>([Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR]);
const OPEN = [EmergencyCaseStatus.REPORTED, EmergencyCaseStatus.VERIFIED, EmergencyCaseStatus.RESPONDING];

/** The report without its key, in a fixed shape: replays hash the same, other reports do not. */
function requestHash(input: EmergencyReportInput): string {
  const canonical = JSON.stringify([
    input.emergencyType,
    new Date(input.occurredAt).toISOString(),
    input.areaCode,
    input.description.trim(),
    input.channel,
    input.address?.trim() ?? null,
    input.reporterName?.trim() ?? null,
    input.reporterPhone?.trim() ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function newReference(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const suffix = [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
  return `JJN-${day}-${suffix}`;
}

export class CaseService {
  private readonly reports: RateLimiter;

  constructor(private readonly config: Config) {
    this.reports = new RateLimiter(config.reportRateLimitPerMinute);
  }

  isStaff(ctx: HubContext): boolean {
    return !!ctx.viewer && STAFF.has(ctx.viewer.role);
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
    const wait = this.reports.hit(ctx.clientAddress);
    if (wait > 0) throw new RateLimitedError(wait);
    const checks = new Checks();
    checks.text(input.idempotencyKey, ['idempotencyKey'], '幂等键', 200);
    checks.text(input.description, ['description'], '情况说明', 2000);
    checks.optionalText(input.address, ['address'], '地址', 200);
    checks.optionalText(input.reporterName, ['reporterName'], '报告人', 50);
    if (input.reporterPhone) checks.check(/^[0-9+\-() ]{5,20}$/.test(input.reporterPhone), ['reporterPhone'], '电话号码无效 (invalid phone number)');
    const now = Date.now();
    const occurred = new Date(input.occurredAt).getTime();
    checks.check(occurred <= now + 5 * 60_000 && occurred >= now - 366 * 24 * HOUR, ['occurredAt'], '发生时间须在过去一年内 (within the past year)');
    const area = input.areaCode ? await ctx.loaders.areaByCode.load(input.areaCode) : null;
    checks.check(area?.level === AreaLevel.STREET, ['areaCode'], `须为街道/乡镇代码: ${input.areaCode} (must be a known street or town)`);
    if (checks.failed) return failure(...checks.errors);

    const key = input.idempotencyKey.trim();
    const hash = requestHash(input);
    const replay = await this.replay(ctx, key, hash);
    if (replay) return replay;
    const deadlines = this.config.caseDeadlines[input.emergencyType] ?? this.config.caseDeadlines.default!;
    const reportedAt = new Date(now);
    const emergencyCase = Object.assign(new EmergencyCase(), {
      reference: newReference(reportedAt),
      emergencyType: input.emergencyType,
      occurredAt: new Date(input.occurredAt),
      area: ctx.em.getReference(Area, area!.id, { wrapped: true }),
      areaCode: area!.code,
      description: input.description.trim(),
      channel: input.channel,
      address: input.address?.trim() || null,
      reporterName: input.reporterName?.trim() || null,
      reporterPhone: input.reporterPhone?.trim() || null,
      idempotencyKey: key,
      requestHash: hash,
      verifyDueAt: new Date(now + deadlines.verifyHours * HOUR),
      respondDueAt: new Date(now + deadlines.respondHours * HOUR),
    });
    try {
      await ctx.em.fork().transactional(async (tx) => {
        tx.persist(emergencyCase);
        await tx.flush();
        // No personal data in events: they fan out to every instance and subscriber.
        await appendEvents(tx, [
          {
            type: 'EmergencyReported',
            aggregateType: 'EmergencyCase',
            aggregateId: emergencyCase.id,
            payload: { caseId: emergencyCase.id, areaCode: emergencyCase.areaCode, emergencyType: emergencyCase.emergencyType, channel: input.channel },
          },
        ]);
      });
    } catch (error) {
      // A concurrent replay won the insert: answer as a replay.
      if (error instanceof UniqueConstraintViolationException) {
        const raced = await this.replay(ctx, key, hash);
        if (raced) return raced;
      }
      throw error;
    }
    return success(emergencyCase);
  }

  private async replay(ctx: HubContext, key: string, hash: string): Promise<Outcome<EmergencyCase> | null> {
    const existing = await ctx.em.fork().findOne(EmergencyCase, { idempotencyKey: key });
    if (!existing) return null;
    if (existing.requestHash !== hash) {
      return failure(userError(UserErrorCode.IDEMPOTENCY_KEY_REUSED, '该幂等键已用于另一份报告 (key used for a different report)', ['idempotencyKey']));
    }
    return success(existing);
  }

  /** 首问负责制: the first caseworker of the case's area to accept owns it. */
  async accept(ctx: HubContext, globalId: string): Promise<Outcome<EmergencyCase>> {
    const id = localId(globalId, 'EmergencyCase');
    const found = id ? await ctx.em.findOne(EmergencyCase, { id }) : null;
    if (!found) return failure(userError(UserErrorCode.NOT_FOUND, '急难事件不存在 (case not found)', ['id']));
    if (!this.visible(ctx, found) || ctx.viewer!.role === Role.AUDITOR) throw new ForbiddenError('该事件不在您的管辖范围内 (outside your jurisdiction)');
    const viewer = ctx.viewer!;
    const taken = await ctx.em.execute<{ id: string }[]>(
      `update emergency_case set owner_subject = ?, owner_role = ?, owner_organization_id = ?, owner_area_code = ?, accepted_at = now(), updated_at = now()
       where id = ? and owner_subject is null returning id`,
      [viewer.subject, viewer.role, viewer.organizationId, viewer.areaCode, found.id],
    );
    await ctx.em.refresh(found);
    if (taken.length === 0 && found.ownerSubject !== viewer.subject) {
      return failure(userError(UserErrorCode.ALREADY_OWNED, '该事件已由其他工作人员认领 (already owned)', ['id']));
    }
    return success(found);
  }

  async list(ctx: HubContext, args: { filter?: EmergencyCaseFilter | null; first?: number | null; after?: string | null }) {
    const jurisdiction = ctx.viewer?.areaCode;
    if (!jurisdiction) throw new ForbiddenError('令牌未指定管辖区划 (token names no area)');
    const and: FilterQuery<EmergencyCase>[] = [{ areaCode: { $like: `${areaPrefix(jurisdiction)}%` } }];
    const filter = args.filter ?? {};
    if (filter.areaCode) and.push({ areaCode: { $like: `${areaPrefix(filter.areaCode)}%` } });
    if (filter.status) and.push({ status: filter.status });
    if (filter.overdue !== null && filter.overdue !== undefined) {
      const now = new Date();
      const late: FilterQuery<EmergencyCase> = {
        $or: [
          { status: EmergencyCaseStatus.REPORTED, verifyDueAt: { $lt: now } },
          { status: { $in: OPEN }, firstAssistedAt: null, respondDueAt: { $lt: now } },
        ],
      };
      and.push(filter.overdue ? late : { $not: late });
    }
    return findPage(ctx.em, EmergencyCase, { $and: and }, { first: args.first, after: args.after, orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  isOverdue(emergencyCase: EmergencyCase, now = new Date()): boolean {
    if (emergencyCase.status === EmergencyCaseStatus.REPORTED && emergencyCase.verifyDueAt < now) return true;
    return OPEN.includes(emergencyCase.status) && !emergencyCase.firstAssistedAt && emergencyCase.respondDueAt < now;
  }
}
