import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import type { HubContext } from '../../core/context';
import { shownTo } from '../../core/visibility';
import { inArea } from '../../core/areas';
import { HOUR_MS, later } from '../../core/clock';
import { Role, type Viewer, isStaff, staffCovers } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { findNewestPage } from '../../core/pagination';
import { filterId, localId, toGlobalId } from '../../core/relay';
import { shanghaiDate } from '../../core/scalars';
import { transaction } from '../../core/transaction';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { Checks, textError } from '../../core/validation';
import { flushAndAppend } from '../../events/outbox';
import { actorOf } from '../audit';
import { caseForAction, EmergencyCase, Need, applyDelivery, settleCase, type CasesEvent } from '../cases';
import { Commitment } from './commitment.entity';
import { releaseCapacity } from '../resources';
import { releaseCommitment } from './commitment.service';
import { stepTo } from './referral-history';
import { referralEvent, type ReferralsEvent } from './referral.events';
import { Referral } from './referral.entity';
import { ACTIVE_REFERRAL_STATUSES, REFERRAL_LIFECYCLE, type ReferralStep } from './referral.lifecycle';
import { COMMITMENT_LIFECYCLE } from './commitment.lifecycle';
import type {
  ReferralCancelInput,
  ReferralCompleteInput,
  ReferralDeclineInput,
  ReferralFilter,
} from './referral.types';

/** The viewer's organisation as a local id, when its token names one. */
export function viewerOrganization(viewer: Viewer | null): string | null {
  return viewer?.organizationId ? localId(viewer.organizationId, 'Organization') : null;
}

export class ReferralService {
  constructor(private readonly config: Config) {}

  /** Its provider and sender see a referral; so do staff of its area. */
  visible(ctx: HubContext, referral: Referral): boolean {
    const org = viewerOrganization(ctx.viewer);
    if (org && (referral.toOrganization.id === org || referral.fromOrganization?.id === org)) return true;
    return staffCovers(ctx.viewer, referral.areaCode);
  }

  async get(ctx: HubContext, id: string): Promise<Referral | null> {
    return shownTo(ctx, this, await ctx.em.findOne(Referral, { id }));
  }

  async list(ctx: HubContext, args: { filter?: ReferralFilter | null; first?: number | null; after?: string | null }) {
    const viewer = ctx.viewer!;
    const org = viewerOrganization(viewer);
    const scope: FilterQuery<Referral>[] = [];
    if (org) scope.push({ toOrganization: org }, { fromOrganization: org });
    if (isStaff(viewer) && viewer.areaCode) scope.push(inArea(viewer.areaCode));
    if (scope.length === 0) throw new ForbiddenError('令牌未指定组织或管辖区划 (token names no organisation or area)');
    const and: FilterQuery<Referral>[] = [{ $or: scope }];
    const filter = args.filter ?? {};
    if (filter.status) and.push({ status: filter.status });
    if (filter.overdue === true)
      and.push({ status: { $in: [...ACTIVE_REFERRAL_STATUSES] }, dueAt: { $lt: ctx.clock.now() } });
    if (filter.overdue === false)
      and.push({
        $or: [
          { status: { $nin: [...ACTIVE_REFERRAL_STATUSES] } },
          { dueAt: null },
          { dueAt: { $gte: ctx.clock.now() } },
        ],
      });
    if (filter.organizationId) {
      const id = filterId(filter.organizationId, 'Organization');
      and.push({ $or: [{ toOrganization: id }, { fromOrganization: id }] });
    }
    if (filter.caseId) and.push({ case: filterId(filter.caseId, 'EmergencyCase') });
    return findNewestPage(ctx.em, Referral, and, args);
  }

  isOverdue(referral: Referral, now: Date): boolean {
    return ACTIVE_REFERRAL_STATUSES.includes(referral.status) && referral.dueAt !== null && referral.dueAt < now;
  }

  /** The referral a provider acts on, locked for the transaction; FORBIDDEN for anyone but its provider. */
  private async forProvider(ctx: HubContext, tx: EntityManager, globalId: string): Promise<Outcome<Referral>> {
    const id = localId(globalId, 'Referral');
    const seen = id ? await tx.findOne(Referral, { id }) : null;
    if (!seen || !this.visible(ctx, seen))
      return failure(userError(UserErrorCode.NOT_FOUND, '转介不存在 (referral not found)', ['id']));
    // Lock order everywhere: the case, then the referral, then its commitment.
    await tx.findOne(EmergencyCase, { id: seen.case.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const referral = (await tx.findOne(
      Referral,
      { id: seen.id },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    ))!;
    if (ctx.viewer!.role === Role.AUDITOR || viewerOrganization(ctx.viewer) !== referral.toOrganization.id) {
      throw new ForbiddenError('只有接收转介的组织可以办理 (only the provider it was sent to)');
    }
    return success(referral);
  }

  private wrongState(referral: Referral, step: string): Outcome<Referral> {
    return failure(
      userError(UserErrorCode.WRONG_STATE, `转介状态为 ${referral.status}，不能${step} (not allowed in this state)`, [
        'id',
      ]),
    );
  }

  /** The step is taken: the referral is written and its event appended in the same transaction. */
  private async stepped(ctx: HubContext, tx: EntityManager, referral: Referral): Promise<Outcome<Referral>> {
    await flushAndAppend(tx, [referralEvent(referral, ctx.viewer!.subject)]);
    return success(referral);
  }

  /**
   * A step the provider takes on a referral sent to it, in one transaction: the referral locked (FORBIDDEN
   * for anyone else), WRONG_STATE (`named` in the message) where its lifecycle does not allow `step`.
   */
  private providerStep(
    ctx: HubContext,
    globalId: string,
    step: ReferralStep,
    named: string,
    take: (tx: EntityManager, referral: Referral) => Promise<Outcome<Referral>>,
  ): Promise<Outcome<Referral>> {
    return transaction(ctx.em, async (tx) => {
      const found = await this.forProvider(ctx, tx, globalId);
      if (!found.ok) return found;
      if (!REFERRAL_LIFECYCLE.can(step, found.value.status)) return this.wrongState(found.value, named);
      return take(tx, found.value);
    });
  }

  /** Declined by the provider or cancelled by the case's owner: the reservation goes back, the reason stays. */
  private async end(
    ctx: HubContext,
    tx: EntityManager,
    referral: Referral,
    step: 'decline' | 'cancel',
    reason: string,
  ): Promise<Outcome<Referral>> {
    await releaseCommitment(tx, await this.commitmentOf(tx, referral), ctx.clock.now());
    stepTo(referral, step, actorOf(ctx), reason.trim(), ctx.clock.now());
    referral.reason = reason.trim();
    referral.dueAt = null;
    return this.stepped(ctx, tx, referral);
  }

  private async commitmentOf(tx: EntityManager, referral: Referral): Promise<Commitment> {
    return tx.findOneOrFail(Commitment, { id: referral.commitment.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  async accept(ctx: HubContext, globalId: string): Promise<Outcome<Referral>> {
    return this.providerStep(ctx, globalId, 'accept', '接收', async (tx, referral) => {
      const commitment = await this.commitmentOf(tx, referral);
      COMMITMENT_LIFECYCLE.step('confirm', commitment);
      const now = ctx.clock.now();
      stepTo(referral, 'accept', actorOf(ctx), null, now);
      referral.dueAt = later(now, this.config.referralCompleteHours * HOUR_MS);
      return this.stepped(ctx, tx, referral);
    });
  }

  /** 办理中: the provider has begun delivering (a shelter place taken, a volunteer assigned). */
  async start(ctx: HubContext, globalId: string): Promise<Outcome<Referral>> {
    return this.providerStep(ctx, globalId, 'start', '开始办理', (tx, referral) => {
      stepTo(referral, 'start', actorOf(ctx), null, ctx.clock.now());
      return this.stepped(ctx, tx, referral);
    });
  }

  async decline(ctx: HubContext, input: ReferralDeclineInput): Promise<Outcome<Referral>> {
    const invalid = textError(input.reason, ['reason'], '拒绝原因', 1000);
    if (invalid) return failure(invalid);
    return this.providerStep(ctx, input.id, 'decline', '拒绝', (tx, referral) =>
      this.end(ctx, tx, referral, 'decline', input.reason),
    );
  }

  /** The caseworker (case owner or a coordinator) withdraws a referral not yet completed. */
  async cancel(ctx: HubContext, input: ReferralCancelInput): Promise<Outcome<Referral>> {
    const invalid = textError(input.reason, ['reason'], '取消原因', 1000);
    if (invalid) return failure(invalid);
    const id = localId(input.id, 'Referral');
    const seen = id ? await ctx.em.findOne(Referral, { id }) : null;
    if (!seen) return failure(userError(UserErrorCode.NOT_FOUND, '转介不存在 (referral not found)', ['id']));
    return transaction(ctx.em, async (tx) => {
      // The case guard decides, as for every step on a case: staff of another jurisdiction get FORBIDDEN.
      const owned = await caseForAction(ctx, toGlobalId('EmergencyCase', seen.case.id), { em: tx });
      if (!owned.ok) return failure<Referral>(...owned.errors);
      const referral = (await tx.findOne(Referral, { id: seen.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }))!;
      if (!REFERRAL_LIFECYCLE.can('cancel', referral.status)) return this.wrongState(referral, '取消');
      return this.end(ctx, tx, referral, 'cancel', input.reason);
    });
  }

  /**
   * The provider records the help given: the referral completes, the reservation is used (an unused
   * rest of money goes back), an AssistanceRecord joins the household's chain, the need counts the
   * delivery, and the case becomes ASSISTED once every need is met.
   */
  async complete(ctx: HubContext, input: ReferralCompleteInput): Promise<Outcome<Referral>> {
    const checks = new Checks();
    checks.optionalText(input.fundSource, ['fundSource'], '资金来源', 100);
    checks.optionalText(input.note, ['note'], '说明', 2000);
    if (input.amountFen !== null && input.amountFen !== undefined)
      checks.check(input.amountFen >= 0, ['amountFen'], '金额不能为负 (must not be negative)');
    if (input.form === 'CASH')
      checks.check(
        input.amountFen !== null && input.amountFen !== undefined,
        ['amountFen'],
        '现金救助须填写金额 (cash needs an amount)',
      );
    if (checks.date(input.deliveredOn, ['deliveredOn'], '交付')) {
      checks.check(
        input.deliveredOn <= shanghaiDate(ctx.clock.now()),
        ['deliveredOn'],
        '交付日期不能在未来 (must not be in the future)',
      );
    }
    if (checks.failed) return failure(...checks.errors);
    return this.providerStep(ctx, input.id, 'complete', '完成（请先接收）', async (tx, referral) => {
      const emergencyCase = (await tx.findOne(EmergencyCase, { id: referral.case.id }))!;
      const need = (await tx.findOne(Need, { id: referral.need.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }))!;
      const commitment = await this.commitmentOf(tx, referral);
      const amountFen = input.amountFen ?? null;
      // Never more money than was reserved: the rest was never taken from the resource.
      if (commitment.unit === 'fen' && amountFen !== null && amountFen > commitment.amount) {
        return failure<Referral>(
          userError(UserErrorCode.INVALID, `金额超过承诺的 ${commitment.amount / 100} 元 (more than was committed)`, [
            'amountFen',
          ]),
        );
      }
      // Money committed but not paid out goes back to the resource; the commitment keeps what was used
      // (it counts against a programme's cap per case), or is released when nothing was.
      if (commitment.unit === 'fen' && amountFen === 0) await releaseCommitment(tx, commitment, ctx.clock.now());
      else {
        if (commitment.unit === 'fen' && amountFen !== null && amountFen < commitment.amount) {
          await releaseCapacity(tx, commitment.resource.id, commitment.amount - amountFen);
          commitment.amount = amountFen;
        }
        COMMITMENT_LIFECYCLE.step('use', commitment);
      }
      stepTo(referral, 'complete', actorOf(ctx), input.note?.trim() || null, ctx.clock.now());
      referral.dueAt = null;
      await ctx.services.assistance.record(tx, {
        emergencyCase,
        needId: need.id,
        referralId: referral.id,
        providerId: referral.toOrganization.id,
        form: input.form,
        amountFen,
        fundSource: input.fundSource?.trim() || null,
        deliveredOn: input.deliveredOn,
        note: input.note?.trim() || null,
        recordedBy: ctx.viewer!.subject,
        recordedAt: ctx.clock.now(),
      });
      await applyDelivery(tx, need, deliveredMeasure(need, commitment, amountFen));
      const events: (ReferralsEvent | CasesEvent)[] = [referralEvent(referral, ctx.viewer!.subject)];
      emergencyCase.firstAssistedAt ??= ctx.clock.now();
      const assisted = await settleCase(tx, emergencyCase, ctx.viewer!.subject, ctx.clock.now());
      if (assisted) events.push(assisted);
      await flushAndAppend(tx, events);
      return success(referral);
    });
  }
}

/** What a completed referral delivered, in the need's measure: fen for a priced need, else units. */
function deliveredMeasure(need: Need, commitment: Commitment, amountFen: number | null): number | null {
  if (need.amountFen !== null) return amountFen ?? (commitment.unit === 'fen' ? commitment.amount : null);
  if (need.quantity !== null) return commitment.unit !== 'fen' ? commitment.amount : null;
  return null;
}
