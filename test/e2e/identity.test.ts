import { startLocalIdentityProvider, type LocalIdentityProvider } from '../../scripts/local-identity-provider';
import { MeDocument } from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { startMain } from '../support/spawn';

function oidc(idp: LocalIdentityProvider) {
  return { jwtJwksUrl: idp.jwksUrl, jwtIssuer: idp.issuer, jwtAudience: idp.audience, jwtAlgorithms: ['ES256'] };
}

// An unsecured JWT (RFC 7519 §6): header {"alg":"none"} and an empty signature.
function unsecured(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

describe('identity provider tokens (OIDC, JWKS)', () => {
  let idp: LocalIdentityProvider;
  let t: TestHub;
  beforeAll(async () => {
    idp = await startLocalIdentityProvider();
    t = await startTestHub({
      ...oidc(idp),
      jwtClaims: { role: 'realm_access.roles', organization: 'org', area: 'jjn.area' },
      jwtRoleMap: { 'relief-coordinator': 'COORDINATOR', 'street-caseworker': 'CASEWORKER' },
    });
  });
  afterAll(async () => {
    await t.close();
    await idp.close();
  });

  const refused = async (token: string) => {
    const { status, errors } = await t.gql(MeDocument, {}, { token });
    expect(status).toBe(401);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  };

  it('accepts a token from the provider, with role and area mapped from its claims', async () => {
    const token = await idp.sign({
      sub: 'oidc-user-1',
      extra: { realm_access: { roles: ['offline_access', 'relief-coordinator'] }, jjn: { area: '310101' } },
    });
    const { status, data } = await t.gql(MeDocument, {}, { token });
    expect(status).toBe(200);
    expect(data!.viewer).toMatchObject({ subject: 'oidc-user-1', role: 'COORDINATOR', area: { code: '310101' } });
    expect(data!.viewer!.tokenId).toBeTruthy();
  });

  it('refuses a forged, an expired, an alg:none, a wrong-audience and a wrong-issuer token', async () => {
    const claims = { extra: { realm_access: { roles: ['relief-coordinator'] }, jjn: { area: '310000' } } };
    await refused(await idp.forge(claims));
    await refused(await idp.sign({ ...claims, expiresIn: -60 }));
    await refused(await idp.sign({ ...claims, audience: 'another-app' }));
    await refused(await idp.sign({ ...claims, issuer: 'https://idp.example.org/' }));
    const now = Math.floor(Date.now() / 1000);
    await refused(
      unsecured({ iss: idp.issuer, aud: idp.audience, sub: 'x', iat: now, exp: now + 600, ...claims.extra }),
    );
  });

  it('refuses a token that names no role of the hub, or two', async () => {
    await refused(await idp.sign({ extra: { realm_access: { roles: ['offline_access'] } } }));
    await refused(await idp.sign({ extra: { realm_access: { roles: ['relief-coordinator', 'street-caseworker'] } } }));
  });

  it('refuses a token older than the maximum age even when it has not expired', async () => {
    await refused(
      await idp.sign({ age: 13 * 3600, expiresIn: 3600, extra: { realm_access: { roles: ['relief-coordinator'] } } }),
    );
  });
});

describe('in production', () => {
  it('refuses HS256 tokens and accepts the provider’s', async () => {
    const idp = await startLocalIdentityProvider();
    const t = await startTestHub({ env: 'production', jwtSecret: undefined, ...oidc(idp) });
    try {
      const hs256 = await t.token('COORDINATOR', { area: '310000' });
      const { status, errors } = await t.gql(MeDocument, {}, { token: hs256 });
      expect(status).toBe(401);
      expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const ok = await t.gql(MeDocument, {}, { token: await idp.sign({ role: 'AUDITOR', area: '310000' }) });
      expect(ok.data!.viewer).toMatchObject({ role: 'AUDITOR' });
    } finally {
      await t.close();
      await idp.close();
    }
  });

  // Fails on the old code: NODE_ENV=staging ran with the published development secret on 0.0.0.0.
  it('a hub that would sign with the published secret on a reachable address refuses to start', async () => {
    await expect(startMain({ NODE_ENV: 'staging', HOST: '0.0.0.0', JWT_JWKS_URL: '' })).rejects.toThrow(
      /exited with 1[\s\S]*NODE_ENV/,
    );
    await expect(startMain({ NODE_ENV: 'development', HOST: '0.0.0.0', JWT_JWKS_URL: '' })).rejects.toThrow(
      /exited with 1[\s\S]*JWT_SECRET/,
    );
  }, 120_000);
});
