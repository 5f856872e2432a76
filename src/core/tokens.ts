import { randomUUID } from 'node:crypto';
import {
  SignJWT,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config';
import { BoundedMap } from './bounded-map';
import { UnauthenticatedError } from './errors';
import { Role, type Viewer } from './roles';

/** The issuer of the hub's own development tokens (`npm run token`). */
export const DEV_ISSUER = 'jiujinan-hub';
/** The longest a development token may live. */
export const MAX_DEV_TOKEN_SECONDS = 12 * 3600;

const ROLES = new Set<string>(Object.values(Role));

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** `12h`, `30m`, `90s` or a number of seconds → seconds; null when it cannot be read. */
export function durationSeconds(value: string): number | null {
  const match = /^(-?\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

export interface TokenClaims {
  role: Role;
  org?: string | null;
  area?: string | null;
  sub?: string | null;
  /** `12h`, `30m`, … at most 12 h; 12 h when unset. */
  expiresIn?: string;
}

/** An HS256 development token with a `jti` (revocable), at most 12 h. */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const seconds = durationSeconds(claims.expiresIn ?? '12h');
  if (seconds === null) throw new Error(`cannot read the duration "${claims.expiresIn}" (e.g. 12h, 30m)`);
  if (seconds > MAX_DEV_TOKEN_SECONDS) throw new Error('a token may live at most 12 h');
  const payload: Record<string, string> = { role: claims.role };
  if (claims.org) payload.org = claims.org;
  if (claims.area) payload.area = claims.area;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setSubject(claims.sub ?? `user-${randomUUID()}`)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(key(secret));
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The one hub role named by the role claim (a string or a list), through the configured map. */
function roleOf(raw: unknown, roleMap: Readonly<Record<string, string>>): Role {
  const names = Array.isArray(raw) ? raw : [raw];
  const roles = new Set<Role>();
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const mapped = roleMap[name] ?? name;
    if (ROLES.has(mapped)) roles.add(mapped as Role);
  }
  if (roles.size === 0) throw new UnauthenticatedError('令牌缺少角色 (token names no role of this hub)');
  if (roles.size > 1) throw new UnauthenticatedError('令牌含多个角色 (token names more than one role of this hub)');
  return [...roles][0]!;
}

type ClaimNames = Pick<Config, 'jwtClaims' | 'jwtRoleMap'>;

function viewerOf(payload: JWTPayload, names: ClaimNames, maxAgeSeconds: number): Viewer {
  if (!payload.sub) throw new UnauthenticatedError('令牌缺少主体 (token lacks a subject)');
  const org = claimAt(payload, names.jwtClaims.organization);
  const area = claimAt(payload, names.jwtClaims.area);
  return Object.freeze({
    subject: payload.sub,
    role: roleOf(claimAt(payload, names.jwtClaims.role), names.jwtRoleMap),
    organizationId: typeof org === 'string' && org !== '' ? org : null,
    areaCode: typeof area === 'string' && area !== '' ? area : null,
    tokenId: typeof payload.jti === 'string' && payload.jti !== '' ? payload.jti : null,
    expiresAt: new Date(Math.min(payload.exp!, payload.iat! + maxAgeSeconds) * 1000),
  });
}

/** Token ids revoked before their expiry (the deny list); checked on every verification. */
export interface RevocationCheck {
  isRevoked(tokenId: string): boolean;
}

export interface TokenVerifier {
  /** The viewer a token names, or an UNAUTHENTICATED error. */
  verify(token: string): Promise<Viewer>;
  /** The viewer named by an `Authorization: Bearer …` header; null without one. */
  fromAuthorization(header: string | undefined | null): Promise<Viewer | null>;
  /** Signatures checked and verifications answered from the cache of verified tokens, since start. */
  stats(): { signatureChecks: number; cacheHits: number };
}

/** How many verified tokens an instance remembers, and for how long at most. */
export interface TokenCacheOptions {
  size: number;
  seconds: number;
}

type VerifierConfig = Pick<
  Config,
  | 'env'
  | 'jwtSecret'
  | 'jwtJwksUrl'
  | 'jwtIssuer'
  | 'jwtAudience'
  | 'jwtAlgorithms'
  | 'jwtMaxAgeSeconds'
  | 'jwtClaims'
  | 'jwtRoleMap'
>;

const DEV_NAMES: ClaimNames = { jwtClaims: { role: 'role', organization: 'org', area: 'area' }, jwtRoleMap: {} };

/**
 * Identity provider tokens through its JWKS (asymmetric algorithms pinned, issuer and audience checked);
 * HS256 development tokens only outside production. Every token needs `exp`, `sub` and an `iat` no older
 * than the maximum age, and must not be on the deny list.
 */
export function createTokenVerifier(
  config: VerifierConfig,
  revocations: RevocationCheck = { isRevoked: () => false },
  cacheOptions: TokenCacheOptions = { size: 10_000, seconds: 60 },
): TokenVerifier {
  const jwks: JWTVerifyGetKey | null = config.jwtJwksUrl
    ? createRemoteJWKSet(new URL(config.jwtJwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
    : null;
  const secret = config.env !== 'production' && config.jwtSecret ? key(config.jwtSecret) : null;
  const common = { requiredClaims: ['exp', 'sub', 'iat'], maxTokenAge: config.jwtMaxAgeSeconds };

  async function check(token: string): Promise<Viewer> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthenticatedError('令牌无效 (invalid token)');
    }
    let viewer: Viewer;
    if (alg === 'HS256') {
      // Refused in production: no symmetric key exists there.
      if (!secret) throw new UnauthenticatedError('不接受此签名算法 (token algorithm not accepted)');
      const { payload } = await jwtVerify(token, secret, { ...common, issuer: DEV_ISSUER, algorithms: ['HS256'] });
      viewer = viewerOf(payload, DEV_NAMES, config.jwtMaxAgeSeconds);
    } else {
      if (!jwks) throw new UnauthenticatedError('不接受此签名算法 (token algorithm not accepted)');
      const { payload } = await jwtVerify(token, jwks, {
        ...common,
        // The identity provider's clock may be a little off ours.
        clockTolerance: 5,
        issuer: config.jwtIssuer!,
        audience: config.jwtAudience!,
        algorithms: [...config.jwtAlgorithms],
      });
      viewer = viewerOf(payload, config, config.jwtMaxAgeSeconds);
    }
    if (viewer.tokenId && revocations.isRevoked(viewer.tokenId)) {
      throw new UnauthenticatedError('令牌已吊销 (token revoked)');
    }
    return viewer;
  }

  /*
   * A caseworker's screen sends the same token with every request; checking its signature each time
   * cost ≈ 0.3 ms of CPU a request (ECDSA or HMAC through WebCrypto). A verified token is remembered
   * for at most `seconds` (so a key withdrawn from the JWKS stops being honoured as soon as jose's own
   * key cache would let it) and never past its expiry or maximum age; the deny list is asked on every
   * use, cached or not. Only verified tokens are kept: a bad one is checked, and refused, every time.
   */
  const verified = new BoundedMap<string, { viewer: Viewer; until: number }>(cacheOptions.size);
  let signatureChecks = 0;
  let cacheHits = 0;

  const verify = async (token: string): Promise<Viewer> => {
    const known = verified.get(token);
    if (known) {
      if (Date.now() < known.until) {
        if (known.viewer.tokenId && revocations.isRevoked(known.viewer.tokenId)) {
          throw new UnauthenticatedError('令牌已吊销 (token revoked)');
        }
        cacheHits += 1;
        return known.viewer;
      }
      verified.delete(token);
    }
    try {
      signatureChecks += 1;
      const viewer = await check(token);
      if (cacheOptions.size > 0) {
        const until = Math.min(viewer.expiresAt.getTime(), Date.now() + cacheOptions.seconds * 1000);
        verified.set(token, { viewer, until });
      }
      return viewer;
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      const expired = error instanceof joseErrors.JWTExpired;
      throw new UnauthenticatedError(expired ? '令牌已过期 (token expired)' : '令牌无效 (invalid token)');
    }
  };

  return {
    verify,
    async fromAuthorization(header) {
      if (!header) return null;
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match) throw new UnauthenticatedError('Authorization 须为 Bearer 令牌 (expected a bearer token)');
      return verify(match[1]!);
    },
    stats: () => ({ signatureChecks, cacheHits }),
  };
}
