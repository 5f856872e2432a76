import { isStaff, staffCovers } from '../../core/auth';
import { toDate } from '../../core/clock';
import type { HubContext } from '../../core/context';
import type { EventBus } from '../../events/bus';
import { areaEventStream } from '../../events/area-stream';
import type { EventStream } from '../../events/subscription';
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
    return areaEventStream<CaseOverdueNotice>(this.bus, ctx, areaCode, {
      type: 'CaseOverdue',
      mayWatch: isStaff,
      refusal: '只能订阅本辖区的逾期提醒 (only deadlines of your jurisdiction)',
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
