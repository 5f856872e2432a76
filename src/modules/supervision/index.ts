import { defineModule } from '../manifest';
import { createSupervisionRouter } from './supervision-export';
import { SupervisionResolver } from './supervision.resolver';
import { SupervisionService } from './supervision.service';

declare module '../../core/context' {
  interface HubServices {
    supervision: SupervisionService;
  }
}

/**
 * 加强监查 — supervision reports for auditors and coordinators, as GraphQL and as CSV/XLSX files.
 * It owns no table: its figures come from the query functions the cases, referrals, assistance and
 * screening modules export at their doors, each reading its own tables' recorded timestamps.
 */
export const supervisionModule = defineModule({
  name: 'supervision',
  resolvers: [SupervisionResolver],
  services: ({ clock }) => ({ supervision: new SupervisionService(clock) }),
  routes: ({ viewerOf, context, log }) => ({
    '/reports': createSupervisionRouter({ viewerOf, context, log }),
  }),
});

export { supervisionCsv, supervisionXlsx, SUPERVISION_COLUMNS } from './supervision-export';
