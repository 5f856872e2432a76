import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../core/context';
import { shownTo } from '../../core/visibility';
import { inArea, inJurisdiction } from '../../core/areas';
import { isStaff } from '../../core/auth';
import type { Config } from '../../config';
import { HOUR_MS, later } from '../../core/clock';
import { findNewestPage } from '../../core/pagination';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { Checks, optionalTextError } from '../../core/validation';
import { flushAndAppend } from '../../events/outbox';
import { joinHouseholdChain, pendingDuplicateWarnings } from '../assistance';
import { Household, processingRefusal } from '../households';
import { sqlList } from '../../core/sql';
import { CASE_LIFECYCLE, caseMayVerify, verifyCase } from './case.lifecycle';
import { NEED_LIFECYCLE } from './need.lifecycle';
import type { EmergencyCaseFilter, EmergencyCaseNoteInput, EmergencyCaseVerifyInput } from './case.types';
import { caseForAction, caseVisible } from './case-guard';
import { EmergencyCase } from './emergency-case.entity';
import { caseEvent } from './case.events';
import { isCaseOverdue, overdueCaseFilter } from './case-deadlines';

/** 办理: the casework on an accepted case — verification, the expedited path, closing — and the case lists. */
export class CaseService {
  constructor(private readonly config: Config) {}

  isStaff(ctx: HubContext): boolean {
    return isStaff(ctx.viewer);
  }

  /** Staff see the cases of their jurisdiction. */
  visible(ctx: HubContext, emergencyCase: EmergencyCase): boolean {
    return caseVisible(ctx, emergencyCase);
  }

  async get(ctx: HubContext, id: string): Promise<EmergencyCase | null> {
    return shownTo(ctx, this, await ctx.em.findOne(EmergencyCase, { id }));
  }

  async list(
    ctx: HubContext,
    args: { filter?: EmergencyCaseFilter | null; first?: number | null; after?: string | null },
  ) {
    const and: FilterQuery<EmergencyCase>[] = [inJurisdiction(ctx.viewer)];
    const filter = args.filter ?? {};
    if (filter.areaCode) and.push(inArea(filter.areaCode));
    if (filter.status) and.push({ status: filter.status });
    if (filter.overdue !== null && filter.overdue !== undefined) {
      const late = overdueCaseFilter(ctx.clock.now());
      and.push(filter.overdue ? late : { $not: late });
    }
    return findNewestPage(ctx.em, EmergencyCase, and, args);
  }

  /** Some deadline still owed past `now` (case-deadlines.ts, the one definition). */
  isOverdue(emergencyCase: EmergencyCase, now: Date): boolean {
    return isCaseOverdue(emergencyCase, now);
  }

  /**
   * 核实: the owner (or a coordinator) confirms the emergency and links the household, or rejects
   * the report. An expedited case that already got help is verified afterwards (事后补办).
   */
  async verify(ctx: HubContext, input: EmergencyCaseVerifyInput): Promise<Outcome<EmergencyCase>> {
    const checks = new Checks();
    checks.optionalText(input.note, ['note'], '核实说明', 2000);
    if (input.verified)
      checks.check(!!input.householdId, ['householdId'], '核实须关联家庭 (a verified case needs its household)');
    if (checks.failed) return failure(...checks.errors);
    return ctx.em.transactional(async (tx) => {
      // The case first: staff of another jurisdiction get FORBIDDEN, not a NOT_FOUND on its household.
      const found = await caseForAction(ctx, input.id, { em: tx });
      if (!found.ok) return found;
      // Read on the transaction's connection: this one holds the case's row lock (see forTransaction).
      const inTx = ctx.forTransaction(tx);
      const household = input.verified ? await ctx.services.households.byGlobalId(inTx, input.householdId!) : null;
      // Only a household the verifier may fully see (its own jurisdiction), not one reached through a referral.
      if (input.verified && (!household || (await ctx.services.households.access(inTx, household)) !== 'FULL')) {
        return failure<EmergencyCase>(
          userError(UserErrorCode.NOT_FOUND, '家庭不存在 (household not found)', ['householdId']),
        );
      }
      // A household that withdrew consent, or whose data was anonymised, takes no new case (share-locked:
      // the retention job cannot anonymise it under this verification).
      const refused = await processingRefusal(tx, household?.id ?? null, ['householdId'], { lock: true });
      if (refused) return failure<EmergencyCase>(refused);
      const emergencyCase = found.value;
      // An expedited case is verified afterwards, even once the help has been given (ASSISTED).
      if (!caseMayVerify(emergencyCase)) {
        return failure<EmergencyCase>(
          userError(
            UserErrorCode.WRONG_STATE,
            `事件状态为 ${emergencyCase.status}，不能核实 (cannot verify in this state)`,
            ['id'],
          ),
        );
      }
      if (!input.verified && !CASE_LIFECYCLE.can('reject', emergencyCase.status)) {
        return failure<EmergencyCase>(
          userError(UserErrorCode.WRONG_STATE, '已开始救助的事件不能驳回 (help has begun; it cannot be rejected)', [
            'verified',
          ]),
        );
      }
      const now = ctx.clock.now();
      emergencyCase.verificationNote = input.note?.trim() || null;
      emergencyCase.verifiedBy = ctx.viewer!.subject;
      if (input.verified) {
        emergencyCase.household = tx.getReference(Household, household!.id, { wrapped: true });
        emergencyCase.verifiedAt = now;
        verifyCase(emergencyCase);
        // Aid given before verification joins the household's chain now.
        await joinHouseholdChain(tx, emergencyCase.id, household!.id);
      } else {
        CASE_LIFECYCLE.step('reject', emergencyCase);
        emergencyCase.closedAt = now;
      }
      await flushAndAppend(tx, [
        caseEvent(emergencyCase, input.verified ? 'EmergencyVerified' : 'EmergencyRejected', ctx.viewer!.subject),
      ]);
      return success(emergencyCase);
    });
  }

  /** 先行救助: help before verification, the paperwork due later (config expeditedPaperworkHours). */
  async expedite(ctx: HubContext, input: EmergencyCaseNoteInput): Promise<Outcome<EmergencyCase>> {
    const checks = new Checks();
    checks.text(input.note, ['note'], '加急理由', 2000);
    const note = input.note!;
    if (checks.failed) return failure(...checks.errors);
    return ctx.em.transactional(async (tx) => {
      const found = await caseForAction(ctx, input.id, { em: tx });
      if (!found.ok) return found;
      const emergencyCase = found.value;
      if (!CASE_LIFECYCLE.can('expedite', emergencyCase.status) || emergencyCase.expedited) {
        return failure<EmergencyCase>(
          userError(UserErrorCode.WRONG_STATE, '只有待核实的事件可以加急 (only an unverified case can be expedited)', [
            'id',
          ]),
        );
      }
      const now = ctx.clock.now();
      emergencyCase.expedited = true;
      emergencyCase.expeditedAt = now;
      emergencyCase.verificationNote = note.trim();
      emergencyCase.verifyDueAt = later(now, this.config.expeditedPaperworkHours * HOUR_MS);
      await flushAndAppend(tx, [caseEvent(emergencyCase, 'EmergencyExpedited', ctx.viewer!.subject)]);
      return success(emergencyCase);
    });
  }

  /** 结案: when every need is met (or withdrawn), the case is verified and no duplicate-aid warning waits. */
  async close(ctx: HubContext, input: EmergencyCaseNoteInput): Promise<Outcome<EmergencyCase>> {
    const invalid = optionalTextError(input.note, ['note'], '结案说明', 2000);
    if (invalid) return failure(invalid);
    return ctx.em.transactional(async (tx) => {
      const found = await caseForAction(ctx, input.id, { em: tx });
      if (!found.ok) return found;
      const emergencyCase = found.value;
      const wrong = (message: string) => failure<EmergencyCase>(userError(UserErrorCode.WRONG_STATE, message, ['id']));
      const step = CASE_LIFECYCLE.can('close', emergencyCase.status) ? 'close' : 'closeUnassisted';
      if (step === 'closeUnassisted') {
        // A verified case may also close when, in the end, nothing was needed (every need withdrawn), with a note.
        const [open] = await tx.execute<{ n: number }[]>(
          `select count(*)::int as n from need where case_id = ? and status not in (${sqlList([NEED_LIFECYCLE.to('cancel')])})`,
          [emergencyCase.id],
        );
        const responding = CASE_LIFECYCLE.can('closeUnassisted', emergencyCase.status);
        if (!responding || open!.n > 0) return wrong('只有已救助的事件可以结案 (only an assisted case can be closed)');
        if (!input.note?.trim()) {
          return failure<EmergencyCase>(
            userError(UserErrorCode.INVALID, '未救助结案须说明理由 (say why no help was needed)', ['note']),
          );
        }
      }
      if (!emergencyCase.verifiedAt) return wrong('加急事件须先补办核实 (verify the expedited case first)');
      if ((await pendingDuplicateWarnings(tx, emergencyCase.id)) > 0)
        return wrong('有重复救助提示待统筹人员确认 (a duplicate-aid warning awaits a coordinator)');
      CASE_LIFECYCLE.step(step, emergencyCase);
      emergencyCase.closedAt = ctx.clock.now();
      if (input.note?.trim()) emergencyCase.verificationNote = input.note.trim();
      await flushAndAppend(tx, [caseEvent(emergencyCase, 'EmergencyClosed', ctx.viewer!.subject)]);
      return success(emergencyCase);
    });
  }
}
