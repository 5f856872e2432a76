import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import type { HubContext } from '../../core/context';
import { HOUR_MS, later } from '../../core/clock';
import { fromGlobalId, localId, toGlobalId } from '../../core/relay';
import {
  KIND_TYPE_NAMES,
  benefitCapOf,
  candidateById,
  providerOf,
  releaseCapacity,
  reserveCapacity,
  Resource,
} from '../resources';
import { transaction } from '../../core/transaction';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { sqlList } from '../../core/sql';
import { flushAndAppend } from '../../events/outbox';
import { actorOf } from '../audit';
import { caseForAction, caseTakesHelp, Need, NEED_LIFECYCLE, matchableNeed, needIdsOfCase } from '../cases';
import { FILTER_TEXT } from '../matching';
import { outcomeText } from '../../rules';
import { processingRefusal } from '../households';
import { Organization } from '../organizations';
import { Commitment } from './commitment.entity';
import { stepTo } from './referral-history';
import { commitmentCreated, referralEvent } from './referral.events';
import { Referral } from './referral.entity';
import {
  CAPPED_COMMITMENT_STATUSES,
  COMMITMENT_LIFECYCLE,
  OUTSTANDING_COMMITMENT_STATUSES,
} from './commitment.lifecycle';
import type { CommitmentCreateInput } from './referral.types';

const RESOURCE_TYPES = new Set<string>(Object.values(KIND_TYPE_NAMES));

/** A resource's local id from the global id of any of its four types. */
export function resourceLocalId(globalId: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && RESOURCE_TYPES.has(parsed.type) ? parsed.id : null;
}

/** 承诺: capacity reserved for a need and the referral sent with it (the lapsed holds: jobs/release-lapsed-holds.job.ts). */
export class CommitmentService {
  constructor(private readonly config: Config) {}

  /**
   * Reserves capacity for a need (one conditional UPDATE: never over-allocated), holds it until a
   * deadline and sends the referral to the resource's provider — all in one transaction.
   */
  async create(ctx: HubContext, input: CommitmentCreateInput): Promise<Outcome<Commitment>> {
    if (!Number.isInteger(input.amount) || input.amount <= 0) {
      return failure(
        userError(UserErrorCode.INVALID, '数量须为正整数 (amount must be a positive integer)', ['amount']),
      );
    }
    const needId = localId(input.needId, 'Need');
    const resourceId = resourceLocalId(input.resourceId);
    const need = needId ? await ctx.loaders.needById.load(needId) : null;
    if (!need) return failure(userError(UserErrorCode.NOT_FOUND, '需求不存在 (need not found)', ['needId']));
    const resource = resourceId ? await candidateById(ctx.em, resourceId) : null;
    if (!resource)
      return failure(userError(UserErrorCode.NOT_FOUND, '资源不存在 (resource not found)', ['resourceId']));

    return transaction(ctx.em, async (tx) => {
      // Lock order everywhere: case, then need, then the resource's row (in reserveCapacity).
      const found = await caseForAction(ctx, toGlobalId('EmergencyCase', need.case.id), { em: tx, field: ['needId'] });
      if (!found.ok) return found;
      const emergencyCase = found.value;
      if (!caseTakesHelp(emergencyCase)) {
        return failure<Commitment>(
          userError(UserErrorCode.WRONG_STATE, '事件须先核实或加急 (verify or expedite the case first)', ['needId']),
        );
      }
      // Share-locked: a withdrawal of consent waits for this commitment, or this one sees it.
      const refused = await processingRefusal(tx, emergencyCase.household?.id ?? null, ['needId'], { lock: true });
      if (refused) return failure<Commitment>(refused);
      const locked = (await tx.findOne(Need, { id: need.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }))!;
      if (!NEED_LIFECYCLE.can('commit', locked.status)) {
        return failure<Commitment>(
          userError(UserErrorCode.WRONG_STATE, '该需求已满足或已撤销 (the need is no longer open)', ['needId']),
        );
      }
      const subject = matchableNeed(locked, emergencyCase.occurredAt);
      const now = ctx.clock.now();
      const filtered = ctx.services.matching.hardFilter(subject, resource, now);
      if (filtered === 'CAPACITY_EXHAUSTED') {
        return failure<Commitment>(
          userError(UserErrorCode.INSUFFICIENT_CAPACITY, '资源容量已用尽 (no capacity left)', ['amount']),
        );
      }
      if (filtered)
        return failure<Commitment>(
          userError(UserErrorCode.INVALID, `该资源不能用于此需求：${FILTER_TEXT[filtered]}`, ['resourceId']),
        );
      const tooMuch = overCommitment(
        locked,
        resource.capacityUnit,
        input.amount,
        await outstanding(tx, locked.id, resource.capacityUnit),
        await benefitCapOf(tx, resource.id),
        // Under the case's row lock (taken above): no other commitment of the case can slip in meanwhile.
        await committedToCase(tx, emergencyCase.id, resource.id),
      );
      if (tooMuch) return failure<Commitment>(userError(UserErrorCode.INVALID, tooMuch, ['amount']));
      const verdict = await ctx.services.matching.verdict(ctx, tx, {
        need: subject,
        householdId: emergencyCase.household?.id ?? null,
        resource,
        now,
      });
      if (verdict?.eligibility === 'FALSE') {
        const why = verdict.outcomes
          .filter((o) => o.code === 'RULE_NOT_MET')
          .map(outcomeText)
          .join('；');
        return failure<Commitment>(
          userError(UserErrorCode.INVALID, `家庭不符合该资源的条件 (not eligible)：${why}`, ['resourceId']),
        );
      }

      const reservation = await reserveCapacity(tx, resource.id, input.amount, now);
      if (!reservation.ok) {
        return reservation.reason === 'INSUFFICIENT_CAPACITY'
          ? failure<Commitment>(
              userError(UserErrorCode.INSUFFICIENT_CAPACITY, `剩余容量不足 (only ${reservation.remaining ?? 0} left)`, [
                'amount',
              ]),
            )
          : failure<Commitment>(
              userError(UserErrorCode.WRONG_STATE, '资源当前不可用 (resource not available)', ['resourceId']),
            );
      }
      const holdUntil = later(now, this.config.commitmentHoldHours * HOUR_MS);
      const resourceRef = tx.getReference(Resource, resource.id, { wrapped: true });
      const providerId = await providerOf(tx, resource.id);
      const commitment = Object.assign(new Commitment(), {
        createdAt: now,
        need: locked,
        resource: resourceRef,
        amount: input.amount,
        unit: resource.capacityUnit,
        holdUntil,
        createdBy: ctx.viewer!.subject,
      });
      const fromId = ctx.viewer!.organizationId ? localId(ctx.viewer!.organizationId, 'Organization') : null;
      const from = fromId ? await tx.findOne(Organization, { id: fromId }) : null;
      const referral = Object.assign(new Referral(), {
        createdAt: now,
        commitment,
        need: locked,
        case: emergencyCase,
        areaCode: emergencyCase.areaCode,
        fromOrganization: from ? tx.getReference(Organization, from.id, { wrapped: true }) : null,
        toOrganization: tx.getReference(Organization, providerId!, { wrapped: true }),
        dueAt: holdUntil,
      });
      stepTo(referral, null, actorOf(ctx), null, now);
      tx.persist([commitment, referral]);
      await flushAndAppend(tx, [
        commitmentCreated(commitment, ctx.viewer!.subject),
        referralEvent(referral, ctx.viewer!.subject),
      ]);
      return success(commitment);
    });
  }
}

/**
 * Money of the resource committed to any need of the case and not given back (held, confirmed or
 * used; a used commitment counts what was paid out): a programme's cap is per case, not per commitment.
 */
async function committedToCase(tx: EntityManager, caseId: string, resourceId: string): Promise<number> {
  // The case's needs through the cases module's door; then this module's own table.
  const needIds = await needIdsOfCase(tx, caseId);
  const [row] = await tx.execute<{ n: number }[]>(
    `select coalesce(sum(amount), 0)::int as n from commitment
     where need_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and resource_id = ? and unit = 'fen'
       and status in (${sqlList(CAPPED_COMMITMENT_STATUSES)})`,
    [JSON.stringify(needIds), resourceId],
  );
  return row?.n ?? 0;
}

/** What is already reserved for the need and not yet delivered, in the same measure (fen, or units). */
async function outstanding(tx: EntityManager, needId: string, unit: string | null): Promise<number> {
  if (unit === null) return 0;
  const [row] = await tx.execute<{ n: number }[]>(
    `select coalesce(sum(amount), 0)::int as n from commitment
     where need_id = ? and status in (${sqlList(OUTSTANDING_COMMITMENT_STATUSES)}) and (unit = 'fen') = ?`,
    [needId, unit === 'fen'],
  );
  return row?.n ?? 0;
}

/**
 * Why `amount` is more than may be reserved for the need, or null: never more money than what is left
 * of a programme's cap per case (`committedToCase` already taken by the case's other commitments), and — with what is already reserved and not yet delivered — never more money than the
 * need's amount nor more units than its quantity.
 */
export function overCommitment(
  need: Need,
  unit: string | null,
  amount: number,
  reserved: number,
  capFen: number | null,
  committedToCase = 0,
): string | null {
  if (unit === 'fen') {
    if (capFen !== null && amount > capFen - committedToCase)
      return `超过该项目每案救助上限 ${capFen / 100} 元（本案已承诺 ${committedToCase / 100} 元） (above the benefit cap per case)`;
    const open = need.amountFen === null ? null : need.amountFen - need.delivered - reserved;
    if (open !== null && amount > open)
      return `超过需求尚未落实的金额 ${Math.max(open, 0) / 100} 元 (more than the need still wants)`;
  } else if (unit !== null && need.quantity !== null) {
    const open = need.quantity - need.delivered - reserved;
    if (amount > open) return `超过需求尚未落实的数量 ${Math.max(open, 0)} (more than the need still wants)`;
  }
  return null;
}

/** Gives a commitment's capacity back (declined, cancelled, nothing paid out; `lapse`: the hold lapsed). */
export async function releaseCommitment(
  tx: EntityManager,
  commitment: Commitment,
  now: Date,
  step: 'release' | 'lapse' = 'release',
): Promise<void> {
  if (!COMMITMENT_LIFECYCLE.can(step, commitment.status)) return;
  if (commitment.unit !== null) await releaseCapacity(tx, commitment.resource.id, commitment.amount);
  COMMITMENT_LIFECYCLE.step(step, commitment);
  commitment.releasedAt = now;
}
