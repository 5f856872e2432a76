import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './core/auth';
import type { HubContext } from './core/context';
import type { Logger } from './core/logger';
import { createAreaLoaders } from './modules/areas/area.loader';
import { createOrganizationLoaders } from './modules/organizations/organization.loader';
import { createPolicyLoaders } from './modules/policies/policy.loader';
import { createResourceLoaders } from './modules/resources/resource.loader';
import { createCaseLoaders } from './modules/cases/case.loader';
import { createReferralLoaders } from './modules/referrals/referral.loader';
import { createAssistanceLoaders } from './modules/assistance/assistance.loader';
import { createHouseholdLoaders } from './modules/households/household.loader';
import type { Services } from './services';

export type { HubContext } from './core/context';

export function createLoaders(em: EntityManager) {
  return {
    ...createAreaLoaders(em),
    ...createOrganizationLoaders(em),
    ...createPolicyLoaders(em),
    ...createResourceLoaders(em),
    ...createCaseLoaders(em),
    ...createReferralLoaders(em),
    ...createAssistanceLoaders(em),
    ...createHouseholdLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

declare module './core/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends Loaders {}
}

export function createContext(args: {
  em: EntityManager;
  viewer: Viewer | null;
  services: Services;
  log: Logger;
  requestId?: string;
  clientAddress?: string;
}): HubContext {
  const em = args.em.fork({ clear: true, useContext: false });
  const requestId = args.requestId ?? randomUUID();
  return {
    requestId,
    em,
    viewer: args.viewer,
    loaders: createLoaders(em),
    services: args.services,
    clock: args.services.clock,
    log: args.log.child({ requestId }),
    clientAddress: args.clientAddress ?? 'unknown',
  };
}
