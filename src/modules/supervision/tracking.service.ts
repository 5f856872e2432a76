import type { EntityManager } from '@mikro-orm/postgresql';
import { areaPrefix, Role, viewerCovers, type Viewer } from '../../core/auth';
import type { Clock } from '../../core/clock';
import { toDate } from '../../core/clock';
import type { HubContext } from '../../core/context';
import { BadInputError, ForbiddenError, UnauthenticatedError } from '../../core/errors';
import { localId } from '../../core/relay';
import { timelineEntry, type TimelineEntry } from '../../core/timeline';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { textError } from '../../core/validation';
import { auditStep, AuditAction, AuditPurpose } from '../audit';
import { EmergencyCase, supervisedCasePage } from '../cases';

/** One period of tracking of a case (跟踪督查), as the case_tracking table keeps it. */
export interface CaseTracking {
  id: string;
  caseId: string;
  areaCode: string;
  reason: string;
  trackedAt: Date;
  trackedBySubject: string;
  trackedByRole: string;
  trackedByOrganizationId: string | null;
  endedAt: Date | null;
  endedBySubject: string | null;
  endedByRole: string | null;
  endNote: string | null;
}

interface TrackingRow {
  id: string;
  case_id: string;
  area_code: string;
  reason: string;
  tracked_at: Date | string;
  tracked_by_subject: string;
  tracked_by_role: string;
  tracked_by_organization_id: string | null;
  ended_at: Date | string | null;
  ended_by_subject: string | null;
  ended_by_role: string | null;
  end_note: string | null;
}

const COLUMNS = `id, case_id, area_code, reason, tracked_at, tracked_by_subject, tracked_by_role,
  tracked_by_organization_id, ended_at, ended_by_subject, ended_by_role, end_note`;

function trackingOf(r: TrackingRow): CaseTracking {
  return {
    id: r.id,
    caseId: r.case_id,
    areaCode: r.area_code,
    reason: r.reason,
    trackedAt: toDate(r.tracked_at),
    trackedBySubject: r.tracked_by_subject,
    trackedByRole: r.tracked_by_role,
    trackedByOrganizationId: r.tracked_by_organization_id,
    endedAt: r.ended_at === null ? null : toDate(r.ended_at),
    endedBySubject: r.ended_by_subject,
    endedByRole: r.ended_by_role,
    endNote: r.end_note,
  };
}

/** Every tracking of these cases, oldest first, in one statement (the service's and the loader's read). */
export async function trackingsOf(em: EntityManager, caseIds: readonly string[]): Promise<CaseTracking[]> {
  if (caseIds.length === 0) return [];
  const rows = await em.execute<TrackingRow[]>(
    `select ${COLUMNS} from case_tracking where case_id in (select jsonb_array_elements_text(?::jsonb)::uuid)
     order by tracked_at, id`,
    [JSON.stringify(caseIds)],
  );
  return rows.map(trackingOf);
}

/** Auditors and coordinators, each for the cases of its jurisdiction. */
export function isSupervisor(ctx: HubContext, areaCode: string): boolean {
  const role = ctx.viewer?.role;
  return (role === Role.AUDITOR || role === Role.COORDINATOR) && viewerCovers(ctx.viewer, areaCode);
}

function requireSupervisorRole(ctx: HubContext): void {
  if (!ctx.viewer) throw new UnauthenticatedError();
  if (ctx.viewer.role !== Role.AUDITOR && ctx.viewer.role !== Role.COORDINATOR) {
    throw new ForbiddenError('只有督查和统筹人员可以跟踪督查 (auditors and coordinators only)');
  }
}

type TrackingOutcome = Outcome<{ emergencyCase: EmergencyCase; tracking: CaseTracking }>;

/** What a tracking step writes: its note's field, the audit action, and the refusal when there is nothing to write. */
interface TrackingStep {
  field: string;
  label: string;
  action: AuditAction;
  wrongState: string;
}

const TRACK: TrackingStep = {
  field: 'reason',
  label: '跟踪理由',
  action: AuditAction.CREATE,
  wrongState: '该事件已在跟踪督查中 (already tracked)',
};
const UNTRACK: TrackingStep = {
  field: 'note',
  label: '结束说明',
  action: AuditAction.UPDATE,
  wrongState: '该事件未在跟踪督查中 (not tracked)',
};

/**
 * 跟踪督查: an auditor (or a coordinator) of the case's jurisdiction marks a case tracked, with a
 * reason, and ends the tracking with a note. Both are audited (who, which case, purpose SUPERVISION)
 * in the writing transaction. Its own table: case_tracking.
 */
export class TrackingService {
  constructor(private readonly clock: Clock) {}

  /** The case a tracking step is about: NOT_FOUND when unknown, FORBIDDEN outside the jurisdiction. */
  private async caseFor(ctx: HubContext, em: EntityManager, globalId: string): Promise<Outcome<EmergencyCase>> {
    requireSupervisorRole(ctx);
    const id = localId(globalId, 'EmergencyCase');
    const found = id ? await em.findOne(EmergencyCase, { id }) : null;
    if (!found) return failure(userError(UserErrorCode.NOT_FOUND, '急难事件不存在 (case not found)', ['caseId']));
    if (!isSupervisor(ctx, found.areaCode)) {
      throw new ForbiddenError('该事件不在您的管辖范围内 (outside your jurisdiction)');
    }
    return success(found);
  }

  track(ctx: HubContext, input: { caseId: string; reason: string }): Promise<TrackingOutcome> {
    return this.step(ctx, input.caseId, input.reason, TRACK, (tx, c, viewer) =>
      tx.execute<TrackingRow[]>(
        `insert into case_tracking (case_id, area_code, reason, tracked_at, tracked_by_subject, tracked_by_role,
           tracked_by_organization_id)
         values (?, ?, ?, ?, ?, ?, ?) on conflict (case_id) where ended_at is null do nothing returning ${COLUMNS}`,
        [c.id, c.areaCode, input.reason.trim(), this.clock.now(), viewer.subject, viewer.role, viewer.organizationId],
      ),
    );
  }

  untrack(ctx: HubContext, input: { caseId: string; note: string }): Promise<TrackingOutcome> {
    return this.step(ctx, input.caseId, input.note, UNTRACK, (tx, c, viewer) =>
      tx.execute<TrackingRow[]>(
        `update case_tracking set ended_at = ?, ended_by_subject = ?, ended_by_role = ?, end_note = ?
         where case_id = ? and ended_at is null returning ${COLUMNS}`,
        [this.clock.now(), viewer.subject, viewer.role, input.note.trim(), c.id],
      ),
    );
  }

  /**
   * One tracking step: its required note (at most 1000 characters), then in a transaction the case
   * (NOT_FOUND / FORBIDDEN), the write (no row: WRONG_STATE with `wrongState`), and its audit entry
   * (purpose SUPERVISION) in the same transaction.
   */
  private async step(
    ctx: HubContext,
    caseId: string,
    note: string,
    { field, label, action, wrongState }: TrackingStep,
    write: (tx: EntityManager, c: EmergencyCase, viewer: Viewer) => Promise<TrackingRow[]>,
  ): Promise<TrackingOutcome> {
    requireSupervisorRole(ctx);
    const invalid = textError(note, [field], label, 1000);
    if (invalid) return failure(invalid);
    return ctx.em.fork().transactional(async (tx) => {
      const found = await this.caseFor(ctx, tx, caseId);
      if (!found.ok) return found;
      const c = found.value;
      const [row] = await write(tx, c, ctx.viewer!);
      if (!row) return failure(userError(UserErrorCode.WRONG_STATE, wrongState, ['caseId']));
      const entry = { action, subjectType: 'EmergencyCase', subjectId: c.id, fields: ['tracking'] };
      await auditStep(tx, ctx, { ...entry, purpose: AuditPurpose.SUPERVISION });
      return success({ emergencyCase: c, tracking: trackingOf(row) });
    });
  }

  /** Every tracking of these cases, oldest first (for the current one and the timeline). */
  trackingsOf(em: EntityManager, caseIds: readonly string[]): Promise<CaseTracking[]> {
    return trackingsOf(em, caseIds);
  }

  /** Tracking and its end as timeline steps. */
  steps(trackings: readonly CaseTracking[]): TimelineEntry[] {
    return trackings.flatMap((t) => [
      timelineEntry('TRACKED', t.trackedAt, {
        actorSubject: t.trackedBySubject,
        actorRole: t.trackedByRole,
        actorOrganizationId: t.trackedByOrganizationId,
        detail: t.reason,
      }),
      ...(t.endedAt
        ? [
            timelineEntry('UNTRACKED', t.endedAt, {
              actorSubject: t.endedBySubject,
              actorRole: t.endedByRole,
              since: t.trackedAt,
              detail: t.endNote,
            }),
          ]
        : []),
    ]);
  }

  /** 跟踪督查清单: tracked and overdue cases of an area of the supervisor's jurisdiction. */
  async list(
    ctx: HubContext,
    args: {
      areaCode: string;
      tracked?: boolean | null;
      overdue?: boolean | null;
      first?: number | null;
      after?: string | null;
    },
  ) {
    requireSupervisorRole(ctx);
    if (!/^\d{6}(\d{3})?$/.test(args.areaCode)) {
      throw new BadInputError('无效的区划代码 (invalid area code)', 'areaCode');
    }
    if (!isSupervisor(ctx, args.areaCode)) {
      throw new ForbiddenError('该区划不在您的管辖范围内 (outside your jurisdiction)');
    }
    const prefix = areaPrefix(args.areaCode);
    const tracked = await ctx.em.execute<{ case_id: string }[]>(
      `select case_id from case_tracking where ended_at is null and area_code like ?`,
      [`${prefix}%`],
    );
    return supervisedCasePage(ctx.em, {
      prefix,
      trackedIds: tracked.map((t) => t.case_id),
      tracked: args.tracked ?? null,
      overdue: args.overdue ?? null,
      now: ctx.clock.now(),
      first: args.first,
      after: args.after,
    });
  }
}
