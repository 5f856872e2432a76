import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from './core/auth';
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

/** Per request: one forked EntityManager, the viewer, one set of DataLoaders. */
export interface HubContext {
  readonly requestId: string;
  readonly em: EntityManager;
  readonly viewer: Viewer | null;
  readonly loaders: Loaders;
  readonly services: Services;
  readonly log: Logger;
  /** The client's address, for rate limits; never logged with personal data. */
  readonly clientAddress: string;
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
    log: args.log.child({ requestId }),
    clientAddress: args.clientAddress ?? 'unknown',
  };
}
