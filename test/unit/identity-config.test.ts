import { SignJWT } from 'jose';
import { DEV_JWT_SECRET, loadConfig } from '../../src/config';
import { Role, createTokenVerifier, signToken } from '../../src/core/auth';

// Regression tests for the published development secret: each of these passed on the old code
// (NODE_ENV other than "production" fell back to the secret in the repository on any HOST).
const SECRET = 'identity-config-secret-of-32-bytes!';

describe('the development secret', () => {
  it('serves development and test only on a loopback HOST', () => {
    for (const env of [{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test', HOST: '::1' }, { HOST: 'localhost' }]) {
      const config = loadConfig({}, env);
      expect(config.jwtSecret).toBe(DEV_JWT_SECRET);
      expect(config.jwtSecretIsDefault).toBe(true);
    }
  });

  it('is refused on a reachable HOST, under an unknown NODE_ENV and in production', () => {
    expect(() => loadConfig({}, { HOST: '0.0.0.0' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({}, { NODE_ENV: 'development', HOST: '10.0.0.5' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({}, { NODE_ENV: 'staging', HOST: '127.0.0.1' })).toThrow(/NODE_ENV/);
    expect(() => loadConfig({}, { NODE_ENV: 'production', HOST: '127.0.0.1' })).toThrow(/JWT_JWKS_URL/);
  });

  it('needs a JWT_SECRET of at least 32 bytes', () => {
    expect(() => loadConfig({}, { HOST: '0.0.0.0', JWT_SECRET: 'short-secret' })).toThrow(/32 bytes/);
    const config = loadConfig({}, { HOST: '0.0.0.0', JWT_SECRET: SECRET, CONTACT_HASH_KEY: SECRET });
    expect(config.jwtSecret).toBe(SECRET);
    expect(config.jwtSecretIsDefault).toBe(false);
  });

  it('HS256 is refused in production, even with a secret', () => {
    expect(() => loadConfig({}, { NODE_ENV: 'production', HOST: '0.0.0.0', JWT_SECRET: SECRET })).toThrow(
      /development only/,
    );
  });
});

describe('the contact fingerprint key', () => {
  it('has a development default under the same rule as the JWT secret, and needs 32 bytes', () => {
    expect(loadConfig({}, {}).contactHashKeyIsDefault).toBe(true);
    expect(() => loadConfig({}, { HOST: '0.0.0.0', JWT_SECRET: SECRET })).toThrow(/CONTACT_HASH_KEY/);
    expect(() => loadConfig({}, { JWT_SECRET: SECRET, CONTACT_HASH_KEY: 'short' })).toThrow(/32 bytes/);
    expect(loadConfig({}, { HOST: '0.0.0.0', JWT_SECRET: SECRET, CONTACT_HASH_KEY: SECRET }).contactHashKey).toBe(
      SECRET,
    );
  });
});

describe('token claims', () => {
  const tokens = createTokenVerifier(loadConfig({ jwtSecret: SECRET }, { NODE_ENV: 'test' }));
  const now = () => Math.floor(Date.now() / 1000);
  const base = () => new SignJWT({ role: Role.COORDINATOR, area: '310000' }).setProtectedHeader({ alg: 'HS256' });
  const key = new TextEncoder().encode(SECRET);

  it('needs exp and sub', async () => {
    const noExp = await base().setIssuer('jiujinan-hub').setSubject('a').setIssuedAt().sign(key);
    const noSub = await base().setIssuer('jiujinan-hub').setIssuedAt().setExpirationTime('1h').sign(key);
    await expect(tokens.verify(noExp)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(tokens.verify(noSub)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token older than the maximum age, whatever its exp', async () => {
    const old = await base()
      .setIssuer('jiujinan-hub')
      .setSubject('a')
      .setIssuedAt(now() - 13 * 3600)
      .setExpirationTime(now() + 30 * 86400)
      .sign(key);
    await expect(tokens.verify(old)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const fresh = await signToken(SECRET, { role: Role.COORDINATOR });
    await expect(tokens.verify(fresh)).resolves.toMatchObject({ role: 'COORDINATOR' });
  });
});
