import type { EntityManager } from '@mikro-orm/postgresql';
import { areaPrefix, pgTextArray } from '../../core/areas';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { AuditPurpose, SYSTEM_ACTOR } from '../audit/audit';
import type { Urgency } from '../cases/need.enums';
import { readHouseholdFacts } from '../households/household-facts';
import { matchResources, type MatchResult, type NeedInput } from './engine';
import { candidateById } from './match-candidates';
import { textScorer } from './text-relevance';

export interface ReverseMatch {
  needId: string;
  caseId: string;
  /** The case's street: who may hear of the match. */
  areaCode: string;
  result: MatchResult;
}

interface OpenNeedRow {
  id: string;
  case_id: string;
  area_code: string;
  emergency_type: EmergencyType;
  form: AssistanceForm;
  description: string;
  amount_fen: number | null;
  quantity: number | null;
  urgency: Urgency;
  occurred_at: Date;
  household_id: string | null;
}

/**
 * The engine run the other way: every open need of an open case that a resource matches (rules
 * not FALSE), oldest need first. Needs are narrowed in SQL by form, emergency type and area; the
 * households' facts are read once each (audited as the hub's own MATCHING reads).
 */
export async function reverseMatch(em: EntityManager, resourceId: string, now: Date): Promise<ReverseMatch[]> {
  const resource = await candidateById(em, resourceId);
  if (!resource || resource.status !== 'PUBLISHED') return [];
  const patterns = resource.serviceAreaCodes.map((code) => `${areaPrefix(code)}%`);
  const rows: OpenNeedRow[] = await em.execute(
    `select n.id, n.case_id, n.area_code, n.emergency_type, n.form, n.description, n.amount_fen, n.quantity, n.urgency,
            c.occurred_at, c.household_id
     from need n join emergency_case c on c.id = n.case_id
     where n.status in ('OPEN', 'PARTLY_MET', 'ESCALATED') and c.status in ('REPORTED', 'VERIFIED', 'RESPONDING', 'ASSISTED')
       and n.form = any(?::text[]) and n.emergency_type = any(?::text[]) and n.area_code like any(?::text[])
     order by n.created_at, n.id`,
    [pgTextArray(resource.forms), pgTextArray(resource.emergencyTypes), pgTextArray(patterns)],
  );
  if (rows.length === 0) return [];
  const householdIds = [...new Set(rows.map((r) => r.household_id).filter((id): id is string => id !== null))];
  const facts =
    householdIds.length > 0
      ? await readHouseholdFacts(em, householdIds, SYSTEM_ACTOR, AuditPurpose.MATCHING)
      : new Map();
  const matches: ReverseMatch[] = [];
  for (const row of rows) {
    const need: NeedInput = {
      id: row.id,
      form: row.form,
      description: row.description,
      amountFen: row.amount_fen,
      quantity: row.quantity,
      urgency: row.urgency,
      areaCode: row.area_code,
      emergencyType: row.emergency_type,
      occurredAt: row.occurred_at,
    };
    const household = row.household_id ? (facts.get(row.household_id) ?? null) : null;
    const [result] = matchResources(need, household, [resource], {
      first: 1,
      now,
      textScore: textScorer(row.description),
    });
    if (result) matches.push({ needId: row.id, caseId: row.case_id, areaCode: row.area_code, result });
  }
  return matches;
}
