import type { HubContext } from '../../core/context';
import { isStaff, viewerCovers } from '../../core/auth';
import { withinArea } from '../../core/areas';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import type { EventBus } from '../../events/bus';
import type { DomainEvent } from '../../events/outbox';
import { eventStream, type EventScope, type EventStream } from '../../events/subscription';
import type { EmergencyCase } from './emergency-case.entity';

/** What every case and need event carries (case.events.ts): which case, in which area. */
interface CaseEventPayload {
  caseId?: unknown;
  areaCode?: unknown;
}

function caseOf(event: DomainEvent): { caseId: string; areaCode: string } | null {
  if (event.aggregateType !== 'EmergencyCase' && event.aggregateType !== 'Need') return null;
  const { caseId, areaCode } = event.payload as CaseEventPayload;
  return typeof caseId === 'string' && typeof areaCode === 'string' ? { caseId, areaCode } : null;
}

/**
 * `emergencyCaseUpdated`: each report, acceptance, step and need change of the cases of an area, to
 * staff whose jurisdiction holds it. The event says only which case and where; each delivery reads
 * the case in a context of its own (new loaders, a fresh access decision), so what the subscriber
 * receives is what `node(id:)` would give it at that moment, and personal reads are audited per event.
 */
export class CaseFeed {
  constructor(private readonly bus: EventBus) {}

  updated(ctx: HubContext, areaCode: string | null | undefined): EventStream<EmergencyCase> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    if (!isStaff(viewer) || !viewer.areaCode)
      throw new ForbiddenError('只有有管辖区划的工作人员可以订阅事件动态 (staff with a jurisdiction only)');
    const area = areaCode?.trim() || viewer.areaCode;
    if (!viewerCovers(viewer, area)) throw new ForbiddenError('该区划不在您的管辖范围内 (outside your jurisdiction)');
    return eventStream<EmergencyCase>({
      bus: this.bus,
      ctx,
      accept: (event) => {
        const about = caseOf(event);
        return about !== null && withinArea(about.areaCode, area) && viewerCovers(viewer, about.areaCode);
      },
      toPayload: (scope) => this.load(scope),
    });
  }

  private async load(scope: EventScope): Promise<EmergencyCase | null> {
    const ctx = scope.context;
    return ctx.services.cases.get(ctx, caseOf(scope.event)!.caseId);
  }
}
