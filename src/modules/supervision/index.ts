import { defineModule } from '../manifest';
import { createSupervisionRouter } from './supervision-export';
import { SupervisionResolver } from './supervision.resolver';
import { SupervisionService } from './supervision.service';
import { CaseTimelineService } from './case-timeline.service';
import { OverdueFeed } from './overdue-feed';
import { CaseSupervisionResolver, StepActorResolver, TrackingResolver } from './tracking.resolver';
import { createTrackingLoaders } from './tracking.loader';
import { TrackingService } from './tracking.service';
import { CaseOverdueNoticeType, CaseTimelineStepType, CaseTrackingType, StepActorType } from './tracking.types';

declare module '../../core/context' {
  interface HubServices {
    supervision: SupervisionService;
    tracking: TrackingService;
    caseTimeline: CaseTimelineService;
    overdueFeed: OverdueFeed;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createTrackingLoaders> {}
}

/**
 * 加强监查 — supervision reports for auditors and coordinators, as GraphQL and as CSV/XLSX files, and
 * single-case tracking (跟踪督查): tracked cases, a case's timeline, the overdue list and `caseOverdue`.
 * Its one table is case_tracking; the report's figures come from the query functions the cases, referrals, assistance and
 * screening modules export at their doors, each reading its own tables' recorded timestamps.
 */
export const supervisionModule = defineModule({
  name: 'supervision',
  tables: ['case_tracking'],
  resolvers: [SupervisionResolver, TrackingResolver, CaseSupervisionResolver, StepActorResolver],
  types: [CaseTrackingType, CaseTimelineStepType, StepActorType, CaseOverdueNoticeType],
  loaders: createTrackingLoaders,
  services: ({ clock, bus }) => {
    const tracking = new TrackingService(clock);
    return {
      supervision: new SupervisionService(clock),
      tracking,
      caseTimeline: new CaseTimelineService(clock, tracking),
      overdueFeed: new OverdueFeed(bus),
    };
  },
  routes: ({ viewerOf, context, log }) => ({
    '/reports': createSupervisionRouter({ viewerOf, context, log }),
  }),
});

export { supervisionCsv, supervisionXlsx, SUPERVISION_COLUMNS } from './supervision-export';
