import { declareEnum, type EnumValue } from './enums';

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
  /** The token's id (`jti`), by which a coordinator can revoke it; null when the token has none. */
  readonly tokenId: string | null;
  /** When the token stops being valid (its `exp`, or its `iat` plus the maximum age, whichever is first). */
  readonly expiresAt: Date;
}
