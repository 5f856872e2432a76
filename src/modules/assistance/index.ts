import { defineModule } from '../manifest';
import { AssistanceRecord } from './assistance-record.entity';
import { createAssistanceLoaders } from './assistance.loader';
import { AssistanceResolver, HouseholdAssistanceResolver } from './assistance.resolver';
import { AssistanceService } from './assistance.service';
import { AssistanceRecordType } from './assistance.types';

declare module '../../core/context' {
  interface HubServices {
    assistance: AssistanceService;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createAssistanceLoaders> {}
}

/** 救助记录: the household's one aid chain (一户一条救助链), with duplicate-aid warnings. */
export const assistanceModule = defineModule({
  name: 'assistance',
  entities: [AssistanceRecord],
  resolvers: [AssistanceResolver, HouseholdAssistanceResolver],
  types: [AssistanceRecordType],
  nodeTypes: { AssistanceRecord: (ctx, id) => ctx.services.assistance.get(ctx, id) },
  loaders: createAssistanceLoaders,
  services: ({ config }) => ({ assistance: new AssistanceService(config) }),
  events: ['AssistanceRecorded', 'DuplicateAidFlagged', 'DuplicateAidAcknowledged'],
});

export { AssistanceRecord } from './assistance-record.entity';
export { AssistanceRecordType } from './assistance.types';
export { joinHouseholdChain, pendingDuplicateWarnings, type NewAssistance } from './assistance.service';
export { assistanceFigures, type AidFigures } from './assistance-figures';
export {
  anonymiseHouseholdAssistance,
  ASSISTANCE_ANONYMISED_FIELDS,
  householdAssistanceExport,
} from './assistance-privacy';
export { assistanceSteps } from './assistance-timeline';
