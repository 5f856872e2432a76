import { DeadlockException, LockMode, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isStaff } from './auth';
import type { HubContext } from './context';
import { ForbiddenError } from './errors';
import { failure, type Outcome, type UserError } from './user-error';
import type { RowOwner } from './visibility';

/** How often a transaction runs before a deadlock or serialization failure is passed on. */
export const TRANSACTION_ATTEMPTS = 4;

/** PostgreSQL aborted the transaction to break a deadlock (40P01) or a serialization conflict (40001). */
export function isRetryableConflict(error: unknown): boolean {
  if (error instanceof DeadlockException) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in a transaction; when PostgreSQL aborts it to break a deadlock or a serialization
 * conflict, runs it again (up to TRANSACTION_ATTEMPTS times, after a short random pause). The
 * aborted attempt left nothing behind, and each attempt starts on a fresh fork with nothing cached,
 * so no entity changed by an aborted attempt is seen by the next. `work` must do nothing outside
 * the database that it would not repeat. Inside an enclosing transaction it runs once: the
 * enclosing one is what was aborted, and the caller that began it retries.
 */
export async function transaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (em.isInTransaction()) return em.transactional(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.fork({ clear: true }).transactional(work);
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(error)) throw error;
      await pause(5 + Math.random() * 20 * attempt);
    }
  }
}

/** Why a step refuses a row it cannot take: NOT_FOUND where it is hidden, FORBIDDEN (`outside`) for staff. */
export interface RowRefusals {
  notFound: UserError;
  outside: string;
}

/**
 * A step on one row, in a transaction: the row `id` names, locked (FOR UPDATE), when the viewer may see
 * it (`owner.visible`: the service that owns the row decides), then `act`. Missing or hidden: NOT_FOUND,
 * but FORBIDDEN for staff (it is outside their jurisdiction).
 */
export function lockedStep<T extends object, R>(
  ctx: HubContext,
  owner: RowOwner<T>,
  entity: EntityClass<T>,
  id: string | null,
  refusals: RowRefusals,
  act: (tx: EntityManager, row: T) => Promise<Outcome<R>>,
): Promise<Outcome<R>> {
  return ctx.em.transactional(async (tx) => {
    const row = id
      ? await tx.findOne(entity, { id } as FilterQuery<T>, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (row && owner.visible(ctx, row)) return act(tx, row);
    if (row && isStaff(ctx.viewer)) throw new ForbiddenError(refusals.outside);
    return failure<R>(refusals.notFound);
  });
}
