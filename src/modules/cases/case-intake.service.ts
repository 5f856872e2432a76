import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Config } from '../../config';
import { Role } from '../../core/auth';
import { HOUR_MS, later, toDate, type Clock } from '../../core/clock';
import { keyedFingerprint } from '../../core/contact-hash';
import type { HubContext } from '../../core/context';
import { ForbiddenError } from '../../core/errors';
import type { RateLimits } from '../../core/rate-limit';
import { localId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { Checks } from '../../core/validation';
import { appendEvents, flushAndAppend } from '../../events/outbox';
import { Area, AreaLevel } from '../areas';
import { caseVisible } from './case-guard';
import { caseEvent, emergencyReported } from './case.events';
import type { EmergencyReportInput } from './case.types';
import { LEGACY_SCOPE, ReportTracking } from './case-tracking';
import { EmergencyCase } from './emergency-case.entity';

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

/** 受理: public and hotline reports (rate-limited, idempotent by key), their tracking codes, and 首问负责制. */
export class CaseIntakeService {
  /** Tracking codes of public reports (emergencyReportStatus). */
  readonly tracking: ReportTracking;

  constructor(
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
  ) {
    this.tracking = new ReportTracking(config, limits);
  }

  /** Open to anyone; rate-limited per client address; idempotent by key. */
  async report(ctx: HubContext, input: EmergencyReportInput): Promise<Outcome<EmergencyCase>> {
    await this.limits.consume('reports', ctx.clientAddress);
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
      // The report's time is the clock's, like its deadlines (the report and the timeline measure from it).
      createdAt: reportedAt,
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
        await flushAndAppend(tx, [emergencyReported(emergencyCase, input.channel)]);
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
    if (!caseVisible(ctx, found) || ctx.viewer!.role === Role.AUDITOR)
      throw new ForbiddenError('该事件不在您的管辖范围内 (outside your jurisdiction)');
    const viewer = ctx.viewer!;
    const taken = await ctx.em.transactional(async (tx) => {
      const rows = await tx.execute<{ id: string }[]>(
        `update emergency_case set owner_subject = ?, owner_role = ?, owner_organization_id = ?, owner_area_code = ?, accepted_at = ?, updated_at = now()
         where id = ? and owner_subject is null returning id`,
        [viewer.subject, viewer.role, viewer.organizationId, viewer.areaCode, ctx.clock.now(), found.id],
      );
      // Worklists hear that the case has its first responder.
      if (rows.length > 0) await appendEvents(tx, [caseEvent(found, 'EmergencyAccepted', viewer.subject)]);
      return rows;
    });
    await ctx.em.refresh(found);
    if (taken.length === 0 && found.ownerSubject !== viewer.subject) {
      return failure(userError(UserErrorCode.ALREADY_OWNED, '该事件已由其他工作人员认领 (already owned)', ['id']));
    }
    return success(found);
  }
}
