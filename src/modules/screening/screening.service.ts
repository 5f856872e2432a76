import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import type { HubContext } from '../../core/context';
import { doesCasework, viewerCovers } from '../../core/auth';
import { toDate, type Clock } from '../../core/clock';
import { connectionOf, decodeOffsetCursor, encodeOffsetCursor, pageSize } from '../../core/connection';
import { BadInputError, ForbiddenError, HubError } from '../../core/errors';
import { localId, toGlobalId } from '../../core/relay';
import { shanghaiDate } from '../../core/scalars';
import { failure, success, userError, UserErrorCode, type Outcome, type UserError } from '../../core/user-error';
import { areaPrefix, pgTextArray } from '../../core/areas';
import { appendEvents, readEvents, type NewEvent } from '../../events/outbox';
import { actorOf, auditStep, AuditAction, SYSTEM_ACTOR, writeAuditEntries } from '../audit';
import { householdsOfCases } from '../cases';
import { HOUSEHOLDS_IN_AREA_SQL, householdFileInfo, processingRefusal, updateHouseholdCategory } from '../households';
import { riskRules } from './risk-facts';
import { assessHousehold, SCREENING_PURPOSE, type Assessment, type RiskRuleRow } from './risk-assessment';
import { RISK_RANK, type RiskLevel } from './screening.enums';
import type {
  HouseholdsAtRiskFilter,
  RiskFlagResolveInput,
  RiskFlagType,
  RiskRuleResultType,
  RiskRuleType,
  ScreeningVisitRecordInput,
  ScreeningVisitType,
} from './screening.types';

export const MAX_NOTES = 2000;
export const MAX_TEXT = 200;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Events after which a household's risk is assessed again (case steps and assistance records). */
export const REASSESS_EVENTS = [
  'EmergencyVerified',
  'EmergencyExpedited',
  'EmergencyResponding',
  'EmergencyAssisted',
  'EmergencyClosed',
  'NeedEscalated',
  'AssistanceRecorded',
];

interface VisitRow {
  id: string;
  household_id: string;
  visited_on: string;
  visited_by: string;
  category: ScreeningVisitType['category'];
  degree: ScreeningVisitType['degree'];
  causes: ScreeningVisitType['causes'];
  living: ScreeningVisitType['living'];
  notes: string | null;
  created_at: Date;
}

interface FlagRow {
  id: string;
  household_id: string;
  area_code: string;
  rule_id: string;
  level: RiskLevel;
  facts: { fact: string; label: string; actual: unknown }[];
  raised_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

const FLAG_COLUMNS =
  'f.id, f.household_id, f.area_code, f.rule_id, f.level, f.facts, f.raised_at, f.resolved_at, f.resolved_by, f.resolution_note';

export function ruleType(row: RiskRuleRow): RiskRuleType {
  return {
    id: toGlobalId('RiskRule', row.id),
    code: row.code,
    name: row.name,
    description: row.description,
    level: row.level,
    rule: row.rule,
    reading: riskRules.describe(row.rule),
    active: row.active,
  };
}

function visitType(row: VisitRow): ScreeningVisitType {
  return {
    id: toGlobalId('ScreeningVisit', row.id),
    visitedOn: row.visited_on,
    visitedBy: row.visited_by,
    category: row.category,
    degree: row.degree,
    causes: row.causes,
    living: row.living,
    notes: row.notes,
    recordedAt: toDate(row.created_at),
  };
}

function resultTypes(assessment: Assessment): RiskRuleResultType[] {
  return assessment.results.map(({ rule, evaluation }) => {
    const explained = riskRules.explain(evaluation);
    return {
      rule: ruleType(rule),
      result: evaluation.result,
      missingFacts: explained.missingFacts,
      reasons: explained.reasons,
    };
  });
}

export function text(value: string | null | undefined, field: string, max: number, errors: UserError[]): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > max) {
    errors.push(userError(UserErrorCode.INVALID, `不能超过 ${max} 个字符 (at most ${max} characters)`, [field]));
  }
  return trimmed;
}

export class ScreeningService {
  constructor(
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  // ---- visits ----

  /**
   * 排摸: records a visit by staff of the household's street (caseworkers and coordinators covering
   * it), writes the category into the household file, audits both, and re-assesses the household's
   * risk — all in one transaction.
   */
  async recordVisit(
    ctx: HubContext,
    input: ScreeningVisitRecordInput,
  ): Promise<Outcome<{ visit: ScreeningVisitType; assessment: Assessment }>> {
    const viewer = ctx.viewer;
    if (!doesCasework(viewer)) throw new ForbiddenError('只有经办人员可以记录走访 (caseworkers only)');
    const householdId = localId(input.householdId, 'Household');
    const info = householdId ? await householdFileInfo(ctx.em, householdId) : null;
    if (!info || !viewerCovers(viewer, info.areaCode)) {
      return failure(userError(UserErrorCode.NOT_FOUND, '家庭不存在 (household not found)', ['householdId']));
    }
    const errors: UserError[] = [];
    const now = ctx.clock.now();
    const today = shanghaiDate(now);
    if (!DATE_ONLY.test(input.visitedOn) || input.visitedOn > today || input.visitedOn < '2000-01-01') {
      errors.push(
        userError(UserErrorCode.INVALID, '走访日期不能晚于今天 (the visit date cannot be in the future)', [
          'visitedOn',
        ]),
      );
    }
    const visitedBy = text(input.visitedBy, 'visitedBy', MAX_TEXT, errors);
    if (!visitedBy)
      errors.push(userError(UserErrorCode.INVALID, '请填写走访人 (who visited is required)', ['visitedBy']));
    if (input.causes.length === 0) {
      errors.push(userError(UserErrorCode.INVALID, '请至少选择一项致困原因 (name at least one cause)', ['causes']));
    }
    const notes = text(input.notes, 'notes', MAX_NOTES, errors);
    if (errors.length > 0) return failure(...errors);
    const refused = await processingRefusal(ctx.em, householdId, ['householdId']);
    if (refused) return failure(refused);

    const result = await ctx.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<VisitRow[]>(
        `insert into screening_visit (id, created_at, updated_at, household_id, area_code, visited_on, visited_by,
           category, degree, causes, living, notes, recorded_by)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?)
         returning id, household_id, to_char(visited_on, 'YYYY-MM-DD') as visited_on, visited_by, category, degree,
           causes, living, notes, created_at`,
        [
          now,
          now,
          householdId,
          info.areaCode,
          input.visitedOn,
          visitedBy,
          input.category,
          input.degree,
          pgTextArray([...new Set(input.causes)]),
          pgTextArray([...new Set(input.living)]),
          notes,
          viewer!.subject,
        ],
      );
      const changed = await updateHouseholdCategory(tx, householdId!, input.category, now);
      await writeAuditEntries(
        tx,
        actorOf(ctx),
        [
          {
            action: AuditAction.CREATE,
            subjectType: 'Household',
            subjectId: householdId!,
            fields: ['screeningVisits'],
            purpose: SCREENING_PURPOSE,
          },
          ...(changed
            ? [
                {
                  action: AuditAction.UPDATE,
                  subjectType: 'Household',
                  subjectId: householdId!,
                  fields: ['category'],
                  purpose: SCREENING_PURPOSE,
                },
              ]
            : []),
        ],
        ctx.requestId,
      );
      const assessment = (await assessHousehold(tx, householdId!, actorOf(ctx), now, ctx.requestId))!;
      return { visit: visitType(row!), assessment };
    });
    return success(result);
  }

  /** The household's visits, newest first; the caller has checked the viewer may see them. Audited. */
  async visits(ctx: HubContext, householdId: string): Promise<ScreeningVisitType[]> {
    const rows = await ctx.em.execute<VisitRow[]>(
      `select id, household_id, to_char(visited_on, 'YYYY-MM-DD') as visited_on, visited_by, category, degree,
         causes, living, notes, created_at
       from screening_visit where household_id = ? order by visited_on desc, created_at desc`,
      [householdId],
    );
    await this.auditRead(ctx, householdId, ['screeningVisits']);
    return rows.map(visitType);
  }

  /**
   * The household's risk now, rule by rule (three-valued, missing facts named); audited reads, no flags.
   * Refused (CONSENT_WITHDRAWN) once the household withdrew consent or was anonymised: an assessment is new
   * processing of its data, and an empty answer would read as "no risk".
   */
  async assessment(ctx: HubContext, householdId: string): Promise<RiskRuleResultType[]> {
    const refused = await processingRefusal(ctx.em, householdId, ['id']);
    // A field has no userErrors: the refusal is a typed error with the same code.
    if (refused) throw new HubError(refused.message, 'CONSENT_WITHDRAWN');
    const now = ctx.clock.now();
    return ctx.em.fork().transactional(async (tx) => {
      const assessment = await assessHousehold(tx, householdId, actorOf(ctx), now, ctx.requestId);
      return assessment ? resultTypes(assessment) : [];
    });
  }

  assessmentResults(assessment: Assessment): RiskRuleResultType[] {
    return resultTypes(assessment);
  }

  // ---- flags ----

  /** Flags by id; `withFacts: false` leaves the triggering facts out (for deliveries that audit nothing). */
  async flagsById(em: EntityManager, ids: readonly string[], withFacts = true): Promise<RiskFlagType[]> {
    if (ids.length === 0) return [];
    const flags = await this.flagTypes(
      em,
      await em.execute<FlagRow[]>(
        `select ${FLAG_COLUMNS} from risk_flag f where f.id in (select jsonb_array_elements_text(?::jsonb)::uuid)
         order by f.raised_at, f.id`,
        [JSON.stringify(ids)],
      ),
    );
    return withFacts ? flags : flags.map((f) => ({ ...f, facts: null }));
  }

  /** The household's flags, open first then newest; facts included for staff covering it (audited). */
  async householdFlags(ctx: HubContext, householdId: string): Promise<RiskFlagType[]> {
    const rows = await ctx.em.execute<FlagRow[]>(
      `select ${FLAG_COLUMNS} from risk_flag f where f.household_id = ?
       order by (f.resolved_at is null) desc, f.raised_at desc`,
      [householdId],
    );
    if (rows.length > 0) await this.auditRead(ctx, householdId, ['riskFlags.facts']);
    return this.flagTypes(ctx.em, rows);
  }

  private async flagTypes(em: EntityManager, rows: FlagRow[]): Promise<RiskFlagType[]> {
    const ruleIds = [...new Set(rows.map((r) => r.rule_id))];
    const rules = new Map(
      (ruleIds.length === 0
        ? []
        : await em.execute<RiskRuleRow[]>(
            `select id, code, name, description, level, rule, active from risk_rule
             where id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
            [JSON.stringify(ruleIds)],
          )
      ).map((r) => [r.id, r] as const),
    );
    return rows.map((row) => ({
      id: toGlobalId('RiskFlag', row.id),
      householdId: toGlobalId('Household', row.household_id),
      areaCode: row.area_code,
      rule: ruleType(rules.get(row.rule_id)!),
      level: row.level,
      facts: row.facts.map((f) => ({ fact: f.fact, label: f.label, actual: f.actual })),
      raisedAt: toDate(row.raised_at),
      resolvedAt: row.resolved_at ? toDate(row.resolved_at) : null,
      resolvedBy: row.resolved_by,
      resolutionNote: row.resolution_note,
    }));
  }

  /** Resolves an open flag of the viewer's jurisdiction, recording who and why. */
  async resolveFlag(ctx: HubContext, input: RiskFlagResolveInput): Promise<Outcome<RiskFlagType>> {
    const viewer = ctx.viewer;
    if (!doesCasework(viewer)) throw new ForbiddenError('只有经办人员可以解除预警 (caseworkers only)');
    const id = localId(input.flagId, 'RiskFlag');
    const errors: UserError[] = [];
    const note = text(input.note, 'note', MAX_NOTES, errors);
    if (!note) errors.push(userError(UserErrorCode.INVALID, '请说明解除原因 (say why)', ['note']));
    if (errors.length > 0) return failure(...errors);
    const now = ctx.clock.now();
    const [row] = id
      ? await ctx.em.execute<{ area_code: string; resolved_at: Date | null }[]>(
          'select area_code, resolved_at from risk_flag where id = ?',
          [id],
        )
      : [];
    if (!row || !viewerCovers(viewer, row.area_code)) {
      return failure(userError(UserErrorCode.NOT_FOUND, '预警不存在 (flag not found)', ['flagId']));
    }
    if (row.resolved_at)
      return failure(userError(UserErrorCode.WRONG_STATE, '该预警已解除 (already resolved)', ['flagId']));
    const updated = await ctx.em.execute<{ id: string }[]>(
      `update risk_flag set resolved_at = ?, resolved_by = ?, resolution_note = ?, updated_at = ?
       where id = ? and resolved_at is null returning id`,
      [now, viewer!.subject, note, now, id],
    );
    if (updated.length === 0) {
      return failure(userError(UserErrorCode.WRONG_STATE, '该预警已解除 (already resolved)', ['flagId']));
    }
    return success((await this.flagsById(ctx.em, [id!]))[0]!);
  }

  // ---- the worklist ----

  /**
   * 风险家庭: households of the area with open flags (or, with dueForVisit, any household due for a
   * visit), their highest level and when the next visit is due; by level, then due date.
   */
  async householdsAtRisk(
    ctx: HubContext,
    filter: HouseholdsAtRiskFilter,
    args: { first?: number | null; after?: string | null },
  ) {
    const viewer = ctx.viewer;
    if (!doesCasework(viewer) || !viewerCovers(viewer, filter.areaCode)) {
      throw new ForbiddenError('该区划不在您的管辖范围内 (outside your jurisdiction)');
    }
    if (!/^\d{6}(\d{3})?$/.test(filter.areaCode))
      throw new BadInputError('无效的区划代码 (invalid area code)', 'areaCode');
    const first = pageSize(args.first);
    const offset = decodeOffsetCursor(args.after);
    const now = ctx.clock.now();
    const intervals = this.config.screeningIntervalDays;
    const minRank = filter.level ? RISK_RANK[filter.level] : 1;
    const prefix = areaPrefix(filter.areaCode);
    const rows = await ctx.em.execute<
      { household_id: string; rank: number; last_visit: string | null; due: string; overdue: number; total: number }[]
    >(
      `with open_flags as (
         select household_id,
                max(case level when 'HIGH' then 3 when 'MEDIUM' then 2 else 1 end) as rank
         from risk_flag where resolved_at is null and area_code like ? group by household_id
       ), candidates as (
         select h.id as household_id, coalesce(o.rank, 0) as rank, h.created_at,
                (select max(v.visited_on) from screening_visit v where v.household_id = h.id) as last_visit
         from ${HOUSEHOLDS_IN_AREA_SQL} h left join open_flags o on o.household_id = h.id
         where (o.rank >= ? or (?::boolean and o.rank is null))
       ), dated as (
         select household_id, rank, last_visit,
                (coalesce(last_visit, (created_at at time zone 'Asia/Shanghai')::date)
                  + (case rank when 3 then ?::int when 2 then ?::int when 1 then ?::int else ?::int end)) as due
         from candidates
       )
       select household_id, rank, to_char(last_visit, 'YYYY-MM-DD') as last_visit, to_char(due, 'YYYY-MM-DD') as due,
              greatest(0, ?::date - due)::int as overdue, count(*) over ()::int as total
       from dated
       where not ?::boolean or due <= ?::date
       order by rank desc, due, household_id
       offset ? limit ?`,
      [
        `${prefix}%`,
        `${prefix}%`,
        minRank,
        filter.dueForVisit === true && !filter.level,
        intervals.HIGH,
        intervals.MEDIUM,
        intervals.LOW,
        intervals.NONE,
        shanghaiDate(now),
        filter.dueForVisit === true,
        shanghaiDate(now),
        offset,
        first + 1,
      ],
    );
    const page = rows.slice(0, first);
    const households = await Promise.all(page.map((r) => ctx.loaders.householdById.load(r.household_id)));
    const flags = await this.openFlags(
      ctx.em,
      page.map((r) => r.household_id),
    );
    const LEVELS: RiskLevel[] = ['LOW', 'LOW', 'MEDIUM', 'HIGH'];
    const edges = page.map((r, i) => ({
      cursor: encodeOffsetCursor(offset + i),
      node: {
        household: households[i]!,
        level: LEVELS[r.rank]!,
        flags: flags.get(r.household_id) ?? [],
        lastVisitedOn: r.last_visit,
        nextVisitDue: r.due,
        daysOverdue: r.overdue,
      },
    }));
    return connectionOf(edges, rows[0]?.total ?? 0, rows.length > first, offset > 0);
  }

  private async openFlags(em: EntityManager, householdIds: string[]): Promise<Map<string, RiskFlagType[]>> {
    const out = new Map<string, RiskFlagType[]>();
    if (householdIds.length === 0) return out;
    const rows = await em.execute<FlagRow[]>(
      `select ${FLAG_COLUMNS} from risk_flag f
       where f.resolved_at is null and f.household_id in (select jsonb_array_elements_text(?::jsonb)::uuid)
       order by case f.level when 'HIGH' then 3 when 'MEDIUM' then 2 else 1 end desc, f.raised_at`,
      [JSON.stringify(householdIds)],
    );
    const types = await this.flagTypes(em, rows);
    rows.forEach((row, i) => out.set(row.household_id, [...(out.get(row.household_id) ?? []), types[i]!]));
    return out;
  }

  // ---- re-assessment after case steps and assistance records ----

  /**
   * Reads the event history from this job's checkpoint and re-assesses the households of cases that
   * moved a step or got aid. The checkpoint row is locked for the run, so one instance does it.
   */
  async reassessFromEvents(orm: MikroORM): Promise<number> {
    return orm.em.fork().transactional(async (tx) => {
      const [checkpoint] = await tx.execute<{ event_id: string }[]>(
        `select event_id::text from screening_checkpoint where name = 'reassess' for update skip locked`,
      );
      if (!checkpoint) return 0;
      const events = await readEvents(tx, checkpoint.event_id, { types: REASSESS_EVENTS, limit: 500 });
      if (events.length === 0) return 0;
      const caseIds = [...new Set(events.map((e) => String(e.payload.caseId ?? '')).filter((id) => id !== ''))];
      // In id order (two runs take household rows in the same order), and the events appended last:
      // a transaction that holds the outbox lock must wait for no row (a referral completing holds its
      // household's row until it appends its own events).
      const households = (await householdsOfCases(tx, caseIds)).sort();
      const now = this.clock.now();
      const raisedEvents: NewEvent[] = [];
      for (const householdId of households) {
        await assessHousehold(tx, householdId, SYSTEM_ACTOR, now, null, raisedEvents);
      }
      await appendEvents(tx, raisedEvents);
      const raised = raisedEvents.length;
      await tx.execute(`update screening_checkpoint set event_id = ? where name = 'reassess'`, [events.at(-1)!.id]);
      return raised;
    });
  }

  private async auditRead(ctx: HubContext, householdId: string, fields: string[]): Promise<void> {
    await ctx.em.fork().transactional((tx) =>
      auditStep(tx, ctx, {
        action: AuditAction.READ,
        subjectType: 'Household',
        subjectId: householdId,
        fields,
        purpose: SCREENING_PURPOSE,
      }),
    );
  }
}
