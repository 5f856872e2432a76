import type { EntityManager } from '@mikro-orm/postgresql';
import { HOUR_MS, toDate } from '../../core/clock';
import { shanghaiDate } from '../../core/scalars';
import { appendEvents, type NewEvent } from '../../events/outbox';
import type { Rule, RuleEvaluation } from '../../rules';
import { ageOn } from '../../core/age';
import type { AuditActor } from '../audit';
import { householdCaseHistory } from '../cases';
import { householdFileInfo, processingBarred, readHouseholdFacts } from '../households';
import { riskRules, type RiskSubject } from './risk-facts';
import type { HardshipDegree, LivingSituation, RiskLevel } from './screening.enums';

export const SCREENING_PURPOSE = 'SCREENING';

export interface RiskRuleRow {
  id: string;
  code: string;
  name: string;
  description: string;
  level: RiskLevel;
  rule: Rule;
  active: boolean;
}

/** One rule's verdict on a household, with its trace, outcome codes and missing facts. */
export interface RuleAssessment {
  rule: RiskRuleRow;
  evaluation: RuleEvaluation;
}

export interface Assessment {
  householdId: string;
  areaCode: string;
  results: RuleAssessment[];
  /** Flags raised by this assessment (ids). */
  raised: string[];
}

interface LastVisit {
  visited_on: string;
  degree: HardshipDegree;
  living: LivingSituation[];
}

function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / (24 * HOUR_MS)));
}

function memberAge(birthDate: string | null, today: string): number | null {
  if (birthDate === null) return null;
  try {
    return ageOn(birthDate, today);
  } catch {
    return null;
  }
}

/** The risk subject of one household: its file (audited read), last visit and case history. */
async function subjectOf(
  em: EntityManager,
  householdId: string,
  actor: AuditActor,
  now: Date,
  requestId: string | null,
): Promise<{ subject: RiskSubject; areaCode: string } | null> {
  const info = await householdFileInfo(em, householdId);
  if (!info) return null;
  // Consent withdrawn or data anonymised: no new assessment, no new flag.
  if ((await processingBarred(em, [householdId])).has(householdId)) return null;
  const facts = (await readHouseholdFacts(em, [householdId], actor, SCREENING_PURPOSE, requestId)).get(householdId);
  if (!facts) return null;
  const [visit] = await em.execute<LastVisit[]>(
    `select to_char(visited_on, 'YYYY-MM-DD') as visited_on, degree, living from screening_visit
     where household_id = ? order by visited_on desc, created_at desc limit 1`,
    [householdId],
  );
  const history = (await householdCaseHistory(em, [householdId], now)).get(householdId)!;
  const today = shanghaiDate(now);
  const since = visit ? toDate(`${visit.visited_on}T00:00:00+08:00`) : info.createdAt;
  const subject: RiskSubject = {
    household: {
      category: facts.category,
      registration: facts.registration,
      monthlyIncomePerCapita: facts.monthlyIncomePerCapitaFen,
      size: facts.members.length,
    },
    members: facts.members.map((m) => ({
      age: memberAge(m.birthDate, today),
      disability: m.disability,
      chronicIllness: m.chronicIllness,
    })),
    case: {},
    need: {},
    screening: {
      degree: visit?.degree ?? null,
      livesAlone: visit ? visit.living.includes('LIVES_ALONE') : null,
      childWithoutGuardian: visit ? visit.living.includes('CHILD_WITHOUT_GUARDIAN') : null,
      daysSinceVisit: daysBetween(since, now),
    },
    history,
  };
  return { subject, areaCode: info.areaCode };
}

export async function activeRiskRules(em: EntityManager): Promise<RiskRuleRow[]> {
  return em.execute<RiskRuleRow[]>(
    'select id, code, name, description, level, rule, active from risk_rule where active order by code',
  );
}

/**
 * Re-evaluates a household's risk against every active rule, inside the caller's transaction.
 * A TRUE rule with no open flag raises one (one per household and rule: the partial unique index
 * keeps concurrent assessments from raising it twice) and appends RiskFlagRaised to the outbox.
 * FALSE and UNKNOWN raise nothing; an UNKNOWN result names its missing facts. Open flags are
 * resolved by people (riskFlagResolve), never silently.
 */
export async function assessHousehold(
  em: EntityManager,
  householdId: string,
  actor: AuditActor,
  now: Date,
  requestId: string | null = null,
  /**
   * Where to put the RiskFlagRaised events instead of appending them now: a caller assessing several
   * households appends them all at its end, so it never holds the (global) outbox lock while it
   * waits for the next household's row.
   */
  deferred?: NewEvent[],
): Promise<Assessment | null> {
  const found = await subjectOf(em, householdId, actor, now, requestId);
  if (!found) return null;
  const { subject, areaCode } = found;
  const results = (await activeRiskRules(em)).map((rule) => ({
    rule,
    evaluation: riskRules.evaluate(rule.rule, subject),
  }));
  const raised: string[] = [];
  for (const { rule, evaluation } of results) {
    if (evaluation.result !== 'TRUE') continue;
    const triggering = evaluation.trace.filter((t) => t.result === 'TRUE');
    const [row] = await em.execute<{ id: string }[]>(
      `insert into risk_flag (id, created_at, updated_at, household_id, area_code, rule_id, level, facts, raised_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
       on conflict (household_id, rule_id) where resolved_at is null do nothing
       returning id`,
      [now, now, householdId, areaCode, rule.id, rule.level, JSON.stringify(triggering), now],
    );
    if (row) raised.push(row.id);
    if (row) {
      const event: NewEvent = {
        type: 'RiskFlagRaised',
        aggregateType: 'RiskFlag',
        aggregateId: row.id,
        actor: actor.subject,
        // Ids, the street and the level only: no personal data in events.
        payload: { flagId: row.id, householdId, areaCode, level: rule.level, ruleCode: rule.code },
      };
      if (deferred) deferred.push(event);
      else await appendEvents(em, [event]);
    }
  }
  return { householdId, areaCode, results, raised };
}
