import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export interface LocalTokenClaims {
  role?: string | string[];
  org?: string;
  area?: string;
  sub?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Seconds since issue (iat = now − age). */
  age?: number;
  audience?: string;
  issuer?: string;
  jti?: string;
  /** Extra claims, e.g. a nested role claim. */
  extra?: Record<string, unknown>;
}

export interface LocalIdentityProvider {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** The environment a hub needs to trust this provider. */
  readonly env: Record<string, string>;
  /** An ES256 token signed by the provider's published key. */
  sign(claims?: LocalTokenClaims): Promise<string>;
  /** The same, signed by a key the provider never published but with its key id (a forgery). */
  forge(claims?: LocalTokenClaims): Promise<string>;
  close(): Promise<void>;
}

async function signWith(
  key: CryptoKey,
  kid: string,
  defaults: { issuer: string; audience: string },
  claims: LocalTokenClaims,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { ...claims.extra };
  if (claims.role !== undefined) payload.role = claims.role;
  if (claims.org) payload.org = claims.org;
  if (claims.area) payload.area = claims.area;
  const iat = now - (claims.age ?? 0);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer(claims.issuer ?? defaults.issuer)
    .setAudience(claims.audience ?? defaults.audience)
    .setSubject(claims.sub ?? `user-${randomUUID()}`)
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(now + (claims.expiresIn ?? 3600))
    .sign(key);
}

/**
 * A stand-in for the city's OpenID Connect provider on a loopback port: it publishes one ES256 public
 * key as a JWKS and signs tokens with it. For tests, benchmarks and trying the hub's OIDC path locally.
 */
export async function startLocalIdentityProvider(
  options: { issuer?: string; audience?: string } = {},
): Promise<LocalIdentityProvider> {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const forger = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const body = JSON.stringify({ keys: [jwk] });
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref(); // never what keeps a test or benchmark process alive
  const { port } = server.address() as AddressInfo;
  const issuer = options.issuer ?? `http://127.0.0.1:${port}/`;
  const audience = options.audience ?? 'jiujinan-hub';
  const jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  const defaults = { issuer, audience };
  return {
    jwksUrl,
    issuer,
    audience,
    env: { JWT_JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience, JWT_ALGORITHMS: 'ES256' },
    sign: (claims = {}) => signWith(privateKey, kid, defaults, claims),
    forge: (claims = {}) => signWith(forger.privateKey, kid, defaults, claims),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
