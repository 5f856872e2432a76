import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { Role, viewerCovers, doesCasework, isStaff } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { localId } from '../../core/relay';
import { failure, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { EmergencyCase } from './emergency-case.entity';

/** Staff see the cases of their jurisdiction. */
export function caseVisible(ctx: HubContext, emergencyCase: EmergencyCase): boolean {
  return isStaff(ctx.viewer) && viewerCovers(ctx.viewer, emergencyCase.areaCode);
}

/** A caseworker or coordinator whose jurisdiction holds the area. */
export function actsFor(ctx: HubContext, areaCode: string): boolean {
  return doesCasework(ctx.viewer) && viewerCovers(ctx.viewer, areaCode);
}

/**
 * The case a mutation acts on, for its owner (首问负责制) or a coordinator of its area. Unknown, or
 * invisible to a viewer who is not staff → NOT_FOUND userError; a caseworker or coordinator outside
 * its area, or a caseworker who does not own it → FORBIDDEN; not yet owned → WRONG_STATE (accept it first).
 */
export async function caseForAction(
  ctx: HubContext,
  globalId: string,
  options: { field?: string[]; em?: EntityManager } = {},
): Promise<Outcome<EmergencyCase>> {
  const field = options.field ?? ['id'];
  const em = options.em ?? ctx.em;
  const id = localId(globalId, 'EmergencyCase');
  // Inside a transaction the row is locked: concurrent steps on one case run one after the other.
  const lock = em.isInTransaction() ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  const found = id ? await em.findOne(EmergencyCase, { id }, lock) : null;
  if (!found || !ctx.viewer || !viewerCovers(ctx.viewer, found.areaCode)) {
    if (found && doesCasework(ctx.viewer))
      throw new ForbiddenError('该事件不在您的管辖范围内 (outside your jurisdiction)');
    return failure(userError(UserErrorCode.NOT_FOUND, '急难事件不存在 (case not found)', field));
  }
  if (!actsFor(ctx, found.areaCode))
    throw new ForbiddenError('只有经办人员或统筹人员可以办理 (caseworkers and coordinators only)');
  if (!found.ownerSubject) {
    return failure(userError(UserErrorCode.WRONG_STATE, '请先认领该事件 (accept the case first: 首问负责制)', field));
  }
  if (ctx.viewer.role !== Role.COORDINATOR && found.ownerSubject !== ctx.viewer.subject) {
    throw new ForbiddenError('该事件由其他工作人员负责 (the case belongs to its first responder)');
  }
  return { ok: true, value: found };
}
