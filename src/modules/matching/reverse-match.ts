import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditPurpose, SYSTEM_ACTOR } from '../audit';
import { openNeedsFor } from '../cases';
import { processingBarred, readHouseholdFacts } from '../households';
import { candidateById } from '../resources';
import { matchResources, type MatchResult } from './engine';
import { textScorer } from './text-relevance';

export interface ReverseMatch {
  needId: string;
  caseId: string;
  /** The case's street: who may hear of the match. */
  areaCode: string;
  result: MatchResult;
}

/**
 * The engine run the other way: every open need of an open case that a resource matches (rules
 * not FALSE), oldest need first. Needs are narrowed in SQL by form, emergency type and area; the
 * households' facts are read once each (audited as the hub's own MATCHING reads).
 */
export async function reverseMatch(em: EntityManager, resourceId: string, now: Date): Promise<ReverseMatch[]> {
  const resource = await candidateById(em, resourceId);
  if (!resource || resource.status !== 'PUBLISHED') return [];
  const open = await openNeedsFor(em, resource);
  if (open.length === 0) return [];
  // Households that withdrew consent (or were anonymised) are matched no more.
  const barred = await processingBarred(
    em,
    open.map((r) => r.householdId).filter((id): id is string => id !== null),
  );
  const rows = open.filter((r) => r.householdId === null || !barred.has(r.householdId));
  const householdIds = [...new Set(rows.map((r) => r.householdId).filter((id): id is string => id !== null))];
  const facts =
    householdIds.length > 0
      ? await readHouseholdFacts(em, householdIds, SYSTEM_ACTOR, AuditPurpose.MATCHING)
      : new Map();
  const matches: ReverseMatch[] = [];
  for (const { need, caseId, householdId } of rows) {
    const household = householdId ? (facts.get(householdId) ?? null) : null;
    const [result] = matchResources(need, household, [resource], {
      first: 1,
      now,
      textScore: textScorer(need.description),
    });
    if (result) matches.push({ needId: need.id, caseId, areaCode: need.areaCode, result });
  }
  return matches;
}
