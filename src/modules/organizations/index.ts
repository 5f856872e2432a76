import { defineModule } from '../manifest';
import { Organization } from './organization.entity';
import { createOrganizationLoaders } from './organization.loader';
import { OrganizationResolver } from './organization.resolver';
import { OrganizationService } from './organization.service';

declare module '../../core/context' {
  interface HubServices {
    organizations: OrganizationService;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createOrganizationLoaders> {}
}

/** Organisations: departments, mass organisations, charities — providers and senders of referrals. */
export const organizationsModule = defineModule({
  name: 'organizations',
  entities: [Organization],
  resolvers: [OrganizationResolver],
  types: [Organization],
  nodeTypes: { Organization: (ctx, id) => ctx.loaders.organizationById.load(id) },
  loaders: createOrganizationLoaders,
  services: ({ search }) => ({ organizations: new OrganizationService(search) }),
});

export { Organization, OrganizationKind } from './organization.entity';
export { organizationsByIds, organizationViewsSql } from './organization.loader';
