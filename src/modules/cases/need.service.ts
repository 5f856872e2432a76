import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { shownTo } from '../../core/visibility';
import { inArea, inJurisdiction } from '../../core/areas';
import { Role, viewerCovers, staffCovers } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { findNewestPage } from '../../core/pagination';
import { filterId, localId, toGlobalId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { lockedStep, type RowRefusals } from '../../core/transaction';
import { Checks, textError } from '../../core/validation';
import { flushAndAppend } from '../../events/outbox';
import { processingRefusal } from '../households';
import { caseEvent, needEvent, type CasesEvent } from './case.events';
import { CASE_LIFECYCLE, caseTakesHelp, respondCase } from './case.lifecycle';
import { actsFor, caseForAction } from './case-guard';
import type { EmergencyCase } from './emergency-case.entity';
import { Need } from './need.entity';
import { EscalationLevel } from './need.enums';
import { NEED_LIFECYCLE, needIsOpen } from './need.lifecycle';
import type { NeedCancelInput, NeedCreateInput, NeedEscalateInput, NeedFilter } from './need.types';

const CITY = '310000';

/** The district of a street code (310101002 → 310101). */
const districtOf = (areaCode: string): string => areaCode.slice(0, 6);

const NEED_REFUSALS: RowRefusals = {
  notFound: userError(UserErrorCode.NOT_FOUND, '需求不存在 (need not found)', ['needId']),
  outside: '该需求不在您的管辖范围内 (outside your jurisdiction)',
};

export class NeedService {
  /** Staff see the needs of their jurisdiction. */
  visible(ctx: HubContext, need: Need): boolean {
    return staffCovers(ctx.viewer, need.areaCode);
  }

  async get(ctx: HubContext, id: string): Promise<Need | null> {
    return shownTo(ctx, this, await ctx.loaders.needById.load(id));
  }

  async create(ctx: HubContext, input: NeedCreateInput): Promise<Outcome<Need>> {
    const checks = new Checks();
    checks.text(input.description, ['description'], '需求说明', 2000);
    if (input.amountFen !== null && input.amountFen !== undefined)
      checks.check(input.amountFen > 0, ['amountFen'], '金额须为正数 (must be positive)');
    if (input.quantity !== null && input.quantity !== undefined)
      checks.check(input.quantity > 0, ['quantity'], '数量须为正数 (must be positive)');
    checks.optionalText(input.unit, ['unit'], '单位', 20);
    if (input.unit)
      checks.check(
        input.quantity !== null && input.quantity !== undefined,
        ['unit'],
        '有单位须有数量 (a unit needs a quantity)',
      );
    if (checks.failed) return failure(...checks.errors);

    return ctx.em.transactional(async (tx) => {
      const found = await caseForAction(ctx, input.caseId, { em: tx, field: ['caseId'] });
      if (!found.ok) return found;
      const emergencyCase = found.value;
      // A case takes needs once verified, or before that when expedited; an assisted case reopens.
      if (!caseTakesHelp(emergencyCase)) {
        return failure<Need>(
          userError(UserErrorCode.WRONG_STATE, '事件须先核实或加急 (verify or expedite the case first)', ['caseId']),
        );
      }
      // A household that withdrew consent, or whose data was anonymised, is given no new need (its needs
      // already open can still be met). Share-locked: a withdrawal waits for this need, or this one sees it.
      const refused = await processingRefusal(tx, emergencyCase.household?.id ?? null, ['caseId'], { lock: true });
      if (refused) return failure<Need>(refused);
      const need = Object.assign(new Need(), {
        createdAt: ctx.clock.now(),
        case: emergencyCase,
        areaCode: emergencyCase.areaCode,
        emergencyType: emergencyCase.emergencyType,
        form: input.form,
        description: input.description.trim(),
        amountFen: input.amountFen ?? null,
        quantity: input.quantity ?? null,
        unit: input.unit?.trim() || null,
        urgency: input.urgency,
        createdBy: ctx.viewer!.subject,
      });
      tx.persist(need);
      const events: CasesEvent[] = [needEvent(need, 'NeedCreated', ctx.viewer!.subject)];
      if (respondCase(emergencyCase)) {
        events.push(caseEvent(emergencyCase, 'EmergencyResponding', ctx.viewer!.subject));
      }
      await flushAndAppend(tx, events);
      return success(need);
    });
  }

  /**
   * 统筹协调: a caseworker sends an unmet need to its district's coordinators; a coordinator of
   * that district (or the city) sends it on to the city.
   */
  async escalate(ctx: HubContext, input: NeedEscalateInput): Promise<Outcome<Need>> {
    const invalid = textError(input.note, ['note'], '上报说明', 2000);
    if (invalid) return failure(invalid);
    const id = localId(input.needId, 'Need');
    return lockedStep(ctx, this, Need, id, NEED_REFUSALS, async (tx, need) => {
      if (!actsFor(ctx, need.areaCode))
        throw new ForbiddenError('只有经办人员或统筹人员可以上报 (caseworkers and coordinators only)');
      if (!NEED_LIFECYCLE.can('escalate', need.status)) {
        return failure<Need>(
          userError(UserErrorCode.WRONG_STATE, '该需求已满足或已撤销 (the need is no longer open)', ['needId']),
        );
      }
      if (need.escalationLevel === EscalationLevel.CITY) {
        return failure<Need>(userError(UserErrorCode.WRONG_STATE, '已上报至市级 (already with the city)', ['needId']));
      }
      if (need.escalationLevel === EscalationLevel.DISTRICT) {
        // Only the district's (or the city's) coordinators take it further.
        if (ctx.viewer!.role !== Role.COORDINATOR || !viewerCovers(ctx.viewer, districtOf(need.areaCode))) {
          throw new ForbiddenError(
            '已上报至区级，由区级统筹人员决定是否上报市级 (the district coordinators escalate further)',
          );
        }
        need.escalationLevel = EscalationLevel.CITY;
        need.escalationAreaCode = CITY;
      } else {
        need.escalationLevel = EscalationLevel.DISTRICT;
        need.escalationAreaCode = districtOf(need.areaCode);
      }
      NEED_LIFECYCLE.step('escalate', need);
      need.escalationNote = input.note.trim();
      need.escalatedAt = ctx.clock.now();
      await flushAndAppend(tx, [needEvent(need, 'NeedEscalated', ctx.viewer!.subject)]);
      return success(need);
    });
  }

  /** 撤销需求: the owner withdraws a need no longer wanted; the case is ASSISTED once the rest are met. */
  async cancel(ctx: HubContext, input: NeedCancelInput): Promise<Outcome<Need>> {
    const invalid = textError(input.reason, ['reason'], '撤销理由', 2000);
    if (invalid) return failure(invalid);
    const id = localId(input.needId, 'Need');
    const seen = id ? await ctx.loaders.needById.load(id) : null;
    if (!seen) return failure(userError(UserErrorCode.NOT_FOUND, '需求不存在 (need not found)', ['needId']));
    return ctx.em.transactional(async (tx) => {
      const found = await caseForAction(ctx, toGlobalId('EmergencyCase', seen.case.id), { em: tx, field: ['needId'] });
      if (!found.ok) return failure<Need>(...found.errors);
      const need = (await tx.findOne(Need, { id: seen.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }))!;
      if (!NEED_LIFECYCLE.can('cancel', need.status)) {
        return failure<Need>(
          userError(UserErrorCode.WRONG_STATE, '该需求已满足或已撤销 (the need is no longer open)', ['needId']),
        );
      }
      if ((await ctx.services.needReferrals.activeCount(tx, need.id)) > 0) {
        return failure<Need>(
          userError(UserErrorCode.WRONG_STATE, '请先取消该需求的转介 (cancel its referrals first)', ['needId']),
        );
      }
      NEED_LIFECYCLE.step('cancel', need);
      need.cancelReason = input.reason.trim();
      const events: CasesEvent[] = [needEvent(need, 'NeedCancelled', ctx.viewer!.subject)];
      const emergencyCase = found.value;
      const assisted = await settleCase(tx, emergencyCase, ctx.viewer!.subject, ctx.clock.now());
      if (assisted) events.push(assisted);
      await flushAndAppend(tx, events);
      return success(need);
    });
  }

  async list(ctx: HubContext, args: { filter?: NeedFilter | null; first?: number | null; after?: string | null }) {
    const and: FilterQuery<Need>[] = [inJurisdiction(ctx.viewer)];
    const filter = args.filter ?? {};
    if (filter.areaCode) and.push(inArea(filter.areaCode));
    if (filter.status) and.push({ status: filter.status });
    if (filter.caseId) and.push({ case: filterId(filter.caseId, 'EmergencyCase') });
    if (filter.escalationLevel === EscalationLevel.CITY) and.push({ escalationLevel: EscalationLevel.CITY });
    if (filter.escalationLevel === EscalationLevel.DISTRICT) and.push({ escalationLevel: { $ne: null } });
    return findNewestPage(ctx.em, Need, and, args);
  }
}

/**
 * Records delivered help against a need (in the need's measure) and sets its status: MET when
 * what was asked has been delivered, or when no amount was recorded; else PARTLY_MET.
 */
export async function applyDelivery(em: EntityManager, need: Need, delivered: number | null): Promise<void> {
  need.delivered += delivered ?? 0;
  const wanted = need.amountFen ?? need.quantity;
  const all = wanted === null || delivered === null || need.delivered >= wanted;
  NEED_LIFECYCLE.step(all ? 'deliverAll' : 'deliverPart', need);
  await em.flush();
}

/**
 * Once every need of an open case is met or withdrawn, and at least one was met, the case is ASSISTED.
 * Returns the case event to append, or null when nothing changed.
 */
export async function settleCase(em: EntityManager, emergencyCase: EmergencyCase, actor: string, now: Date) {
  if (!CASE_LIFECYCLE.can('assist', emergencyCase.status)) return null;
  const needs = await em.find(Need, { case: emergencyCase.id });
  const met = NEED_LIFECYCLE.to('deliverAll');
  if (needs.some(needIsOpen) || !needs.some((n) => n.status === met)) return null;
  CASE_LIFECYCLE.step('assist', emergencyCase);
  emergencyCase.assistedAt = now;
  return caseEvent(emergencyCase, 'EmergencyAssisted', actor);
}
