import { type AuthChecker } from 'type-graphql';
import { withinArea } from './areas';
import { UnauthenticatedError } from './errors';
import { Role, type Viewer } from './roles';

export { areaAncestry, areaPrefix, withinArea } from './areas';

export { Role, type Viewer } from './roles';
export { createTokenVerifier, signToken, type RevocationCheck, type TokenClaims, type TokenVerifier } from './tokens';

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
