import { areasModule } from './areas';
import { assistanceModule } from './assistance';
import { auditModule } from './audit';
import { casesModule } from './cases';
import { householdsModule } from './households';
import { hsdsModule } from './hsds';
import { identityModule } from './identity';
import { matchingModule } from './matching';
import { organizationsModule } from './organizations';
import { policiesModule } from './policies';
import { privacyModule } from './privacy';
import { referralsModule } from './referrals';
import { resourcesModule } from './resources';
import { thesaurusModule } from './thesaurus';
import { screeningModule } from './screening';
import { supervisionModule } from './supervision';
import { viewerModule } from './viewer';
import type { ModuleManifest } from './manifest';

/**
 * The hub's modules, lower ones first: a module may use the ones listed before it, never one after.
 * The ORM's entities, the GraphQL schema, the services, the loaders and the jobs are built from it:
 * a new module is its folder plus one line here.
 */
export const MODULES: readonly ModuleManifest[] = [
  identityModule,
  areasModule,
  organizationsModule,
  policiesModule,
  thesaurusModule,
  auditModule,
  householdsModule,
  resourcesModule,
  assistanceModule,
  casesModule,
  matchingModule,
  referralsModule,
  screeningModule,
  privacyModule,
  supervisionModule,
  hsdsModule,
  viewerModule,
];
