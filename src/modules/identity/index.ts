import { HOUR_MS } from '../../core/clock';
import { defineModule } from '../manifest';
import { TokenRevocationResolver } from './revocation.resolver';
import { TOKEN_REVOKED, TokenRevocationService } from './revocation.service';

declare module '../../core/context' {
  interface HubServices {
    tokenRevocations: TokenRevocationService;
  }
}

/** 身份: the deny list of revoked bearer tokens, shared by every instance through PostgreSQL and the outbox. */
export const identityModule = defineModule({
  name: 'identity',
  tables: ['revoked_token'],
  resolvers: [TokenRevocationResolver],
  services: ({ config, clock, bus }) => ({ tokenRevocations: new TokenRevocationService(config, clock, bus) }),
  events: [TOKEN_REVOKED],
  jobs: [
    {
      name: 'identity.forgetRevocations',
      everyMs: HOUR_MS,
      run: ({ orm, services }) => services.tokenRevocations.forgetExpired(orm),
      done: 'expired deny-list entries forgotten',
    },
  ],
});

export { TokenRevocationService } from './revocation.service';
