import { isStaff, staffCovers, viewerCovers } from '../../core/auth';
import { withinArea } from '../../core/areas';
import { toDate } from '../../core/clock';
import type { HubContext } from '../../core/context';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import type { EventBus } from '../../events/bus';
import { eventStream, type EventStream } from '../../events/subscription';
import { EmergencyCase, type CaseDeadline } from '../cases';

export interface CaseOverdueNotice {
  emergencyCase: EmergencyCase;
  deadline: CaseDeadline;
  dueAt: Date;
}

/** `caseOverdue(areaCode)`: deadlines passed in an area, to the staff of its jurisdiction (caseworkers, coordinators, auditors). */
export class OverdueFeed {
  constructor(private readonly bus: EventBus) {}

  overdue(ctx: HubContext, areaCode: string): EventStream<CaseOverdueNotice> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    if (!isStaff(viewer) || !viewerCovers(viewer, areaCode)) {
      throw new ForbiddenError('只能订阅本辖区的逾期提醒 (only deadlines of your jurisdiction)');
    }
    return eventStream<CaseOverdueNotice>({
      bus: this.bus,
      ctx,
      accept: (event) =>
        event.type === 'CaseOverdue' &&
        typeof event.payload.areaCode === 'string' &&
        withinArea(event.payload.areaCode, areaCode) &&
        viewerCovers(viewer, event.payload.areaCode),
      toPayload: async (scope) => {
        const c = await scope.context.em.findOne(EmergencyCase, { id: scope.event.aggregateId });
        if (!c || !staffCovers(scope.viewer, c.areaCode)) return null;
        return {
          emergencyCase: c,
          deadline: scope.event.payload.deadline as CaseDeadline,
          dueAt: toDate(scope.event.payload.dueAt as string),
        };
      },
    });
  }
}
