import { Role, staffCovers } from '../../core/auth';
import type { Clock } from '../../core/clock';
import type { HubContext } from '../../core/context';
import { HOUR_MS } from '../../core/clock';
import type { CaseStepKind, TimelineEntry } from '../../core/timeline';
import { assistanceSteps } from '../assistance';
import { auditStep, AuditAction, AuditPurpose } from '../audit';
import { caseSteps, type EmergencyCase } from '../cases';
import { referralSteps } from '../referrals';
import type { TrackingService } from './tracking.service';

/** Who took a step: the subject, its role (a Role, SYSTEM or PUBLIC) and organisation, as far as recorded. */
export interface StepActor {
  subject: string | null;
  role: string | null;
  organizationId: string | null;
}

export interface CaseTimelineStep {
  kind: CaseStepKind;
  at: Date | null;
  actor: StepActor | null;
  tookHours: number | null;
  dueAt: Date | null;
  /** Done after its deadline, or still owed past it. */
  overdue: boolean;
  /** Still owed. */
  pending: boolean;
  needId: string | null;
  referralId: string | null;
  detail: string | null;
}

/** Steps only the case's owner or a coordinator may take (case-guard.ts). */
const CASEWORK_STEPS = new Set<CaseStepKind>([
  'EXPEDITED',
  'VERIFIED',
  'REJECTED',
  'NEED_CREATED',
  'NEED_ESCALATED',
  'NEED_CANCELLED',
  'COMMITTED',
  'CLOSED',
]);

const hoursBetween = (from: Date, to: Date) => Math.round(((to.getTime() - from.getTime()) / HOUR_MS) * 100) / 100;

/**
 * 办理时间线: every step of a case from the modules that recorded it (cases, referrals, assistance,
 * and this module's tracking), in time order, with who, how long it took and its deadline; steps still
 * owed come last, by deadline. Staff of the case's jurisdiction only (null for anyone else); each read
 * is audited. It carries no personal data of the household: ids, roles, times, forms, decline reasons.
 */
export class CaseTimelineService {
  constructor(
    private readonly clock: Clock,
    private readonly tracking: TrackingService,
  ) {}

  async timeline(ctx: HubContext, c: EmergencyCase): Promise<CaseTimelineStep[] | null> {
    if (!staffCovers(ctx.viewer, c.areaCode)) return null;
    const now = this.clock.now();
    const em = ctx.em.fork();
    const [ofCase, ofReferrals, ofAid, trackings] = await Promise.all([
      caseSteps(em.fork(), c, now),
      referralSteps(em.fork(), c.id),
      assistanceSteps(em.fork(), c.id),
      this.tracking.trackingsOf(em.fork(), [c.id]),
    ]);
    const entries = [...ofCase, ...ofReferrals, ...ofAid, ...this.tracking.steps(trackings)];
    const who = this.whoIs(entries, c);
    const steps = entries.map((e) => this.step(e, who, now));
    const done = steps.filter((s) => s.at !== null).sort((a, b) => a.at!.getTime() - b.at!.getTime());
    const owed = steps
      .filter((s) => s.at === null)
      .sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
    await auditStep(ctx.em.fork(), ctx, {
      action: AuditAction.READ,
      subjectType: 'EmergencyCase',
      subjectId: c.id,
      fields: ['timeline'],
      purpose: ctx.viewer!.role === Role.AUDITOR ? AuditPurpose.SUPERVISION : AuditPurpose.CASEWORK,
    });
    return [...done, ...owed];
  }

  /** Role and organisation by subject, from the records that keep them (the owner, referral steps, tracking). */
  private whoIs(entries: readonly TimelineEntry[], c: EmergencyCase) {
    const known = new Map<string, { role: string; organizationId: string | null }>();
    for (const e of entries) {
      if (e.actorSubject && e.actorRole && !known.has(e.actorSubject)) {
        known.set(e.actorSubject, { role: e.actorRole, organizationId: e.actorOrganizationId });
      }
    }
    return (e: TimelineEntry): StepActor | null => {
      if (!e.actorSubject) return e.actorRole ? { subject: null, role: e.actorRole, organizationId: null } : null;
      if (e.actorSubject === 'system') return { subject: null, role: 'SYSTEM', organizationId: null };
      const recorded = e.actorRole ? { role: e.actorRole, organizationId: e.actorOrganizationId } : null;
      const learned = known.get(e.actorSubject);
      // A casework step by someone other than the owner can only be a coordinator's (case-guard.ts).
      const guarded =
        CASEWORK_STEPS.has(e.kind) && e.actorSubject !== c.ownerSubject ? { role: Role.COORDINATOR } : null;
      return {
        subject: e.actorSubject,
        role: recorded?.role ?? learned?.role ?? guarded?.role ?? null,
        organizationId: e.actorOrganizationId ?? learned?.organizationId ?? null,
      };
    };
  }

  private step(e: TimelineEntry, who: (e: TimelineEntry) => StepActor | null, now: Date): CaseTimelineStep {
    const end = e.at ?? now;
    return {
      kind: e.kind,
      at: e.at,
      actor: who(e),
      tookHours: e.at && e.since ? hoursBetween(e.since, e.at) : null,
      dueAt: e.dueAt,
      overdue: e.dueAt !== null && end.getTime() > e.dueAt.getTime(),
      pending: e.at === null,
      needId: e.needId,
      referralId: e.referralId,
      detail: e.detail,
    };
  }
}
