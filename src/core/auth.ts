import { declareEnum, type EnumValue } from './enums';
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { type AuthChecker } from 'type-graphql';
import { withinArea } from './areas';
import { UnauthenticatedError } from './errors';

export { areaAncestry, areaPrefix, withinArea } from './areas';

/** Roles a token can carry; no token is the public. */
export const Role = declareEnum('Role', '角色 — what a signed-in user may do; the public has no token and no role.', {
  CHARITY: ['慈善/社会组织', 'posts its own resources and answers referrals sent to it.'],
  CASEWORKER: ['街镇经办人员', 'records, verifies and refers emergencies in its street.'],
  COORDINATOR: [
    '区/市民政统筹',
    'everything a caseworker does for its district or city; publishes policies and programmes.',
  ],
  AUDITOR: ['督查', 'read-only supervision of its jurisdiction.'],
});
export type Role = EnumValue<typeof Role>;

/** Who is asking: decoded from the bearer token; null for the public. */
export interface Viewer {
  readonly subject: string;
  readonly role: Role;
  /** The organisation's global ID, when the token names one. */
  readonly organizationId: string | null;
  /** The area code of the viewer's jurisdiction, when the token names one. */
  readonly areaCode: string | null;
}

const ISSUER = 'jiujinan-hub';
const ROLES = new Set<string>(Object.values(Role));

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export interface TokenClaims {
  role: Role;
  org?: string | null;
  area?: string | null;
  sub?: string | null;
  expiresIn?: string;
}

export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const payload: Record<string, string> = { role: claims.role };
  if (claims.org) payload.org = claims.org;
  if (claims.area) payload.area = claims.area;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(claims.sub ?? `user-${randomUUID()}`)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '30d')
    .sign(key(secret));
}

/** The viewer named by an `Authorization: Bearer …` header; null without one. */
export async function viewerFromAuthorization(
  secret: string,
  header: string | undefined | null,
): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('Authorization 须为 Bearer 令牌 (expected a bearer token)');
  return verifyToken(secret, match[1]!);
}

export async function verifyToken(secret: string, token: string): Promise<Viewer> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    const role = payload.role;
    if (typeof role !== 'string' || !ROLES.has(role) || !payload.sub) {
      throw new UnauthenticatedError('令牌缺少角色或主体 (token lacks role or subject)');
    }
    return Object.freeze({
      subject: payload.sub,
      role: role as Role,
      organizationId: typeof payload.org === 'string' ? payload.org : null,
      areaCode: typeof payload.area === 'string' ? payload.area : null,
    });
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    const expired = error instanceof joseErrors.JWTExpired;
    throw new UnauthenticatedError(expired ? '令牌已过期 (token expired)' : '令牌无效 (invalid token)');
  }
}

export function viewerCovers(viewer: Viewer | null, areaCode: string): boolean {
  return !!viewer?.areaCode && withinArea(areaCode, viewer.areaCode);
}

const CASEWORK_ROLES = new Set<string>([Role.CASEWORKER, Role.COORDINATOR]);
const STAFF_ROLES = new Set<string>([Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR]);

/** Caseworkers and coordinators: those who act on cases. */
export function doesCasework(viewer: Viewer | null): boolean {
  return !!viewer && CASEWORK_ROLES.has(viewer.role);
}

/** Staff: caseworkers, coordinators and auditors — they read the records of their jurisdiction. */
export function isStaff(viewer: Viewer | null): boolean {
  return !!viewer && STAFF_ROLES.has(viewer.role);
}

/** A member of staff whose jurisdiction holds the area. */
export function staffCovers(viewer: Viewer | null, areaCode: string): boolean {
  return isStaff(viewer) && viewerCovers(viewer, areaCode);
}

export interface AuthContext {
  viewer: Viewer | null;
}

/** type-graphql's checker: `@Authorized()` needs any viewer, `@Authorized(roles)` one of the roles. */
export const authChecker: AuthChecker<AuthContext> = ({ context }, roles) => {
  if (!context.viewer) throw new UnauthenticatedError();
  return roles.length === 0 || roles.includes(context.viewer.role);
};
