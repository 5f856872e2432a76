import type { HubContext } from '../../context';
import { Role, viewerCovers } from '../../core/auth';
import { pageSize } from '../../core/connection';
import { ForbiddenError, NotFoundError } from '../../core/errors';
import { localId } from '../../core/relay';
import { actorOf, AuditPurpose } from '../audit/audit';
import type { Need } from '../cases/need.entity';
import { readHouseholdFacts } from '../households/household-facts';
import { matchResources, type HouseholdInput } from './engine';
import { candidatesFor } from './match-candidates';
import { needInput } from './match-input';
import { type Tri, type ResourceMatchData } from './match.types';
import { textScorer } from './text-relevance';

const STAFF = new Set<string>([Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR]);

export class MatchService {
  /** The need a viewer may match: NOT_FOUND when unknown, FORBIDDEN outside the jurisdiction. */
  async needFor(ctx: HubContext, needGlobalId: string): Promise<Need> {
    const id = localId(needGlobalId, 'Need');
    const need = id ? await ctx.loaders.needById.load(id) : null;
    if (!need) throw new NotFoundError('需求 (need)');
    if (!ctx.viewer || !STAFF.has(ctx.viewer.role) || !viewerCovers(ctx.viewer, need.areaCode)) {
      throw new ForbiddenError('该需求不在您的管辖范围内 (outside your jurisdiction)');
    }
    return need;
  }

  /**
   * `matchResources`: the hard filters in SQL, then the pure engine over the candidates with the
   * household's facts (reading them is audited, purpose MATCHING).
   */
  async forNeed(
    ctx: HubContext,
    needGlobalId: string,
    args: { first?: number | null; includeIneligible?: boolean | null },
  ): Promise<ResourceMatchData[]> {
    const first = pageSize(args.first);
    const need = await this.needFor(ctx, needGlobalId);
    const emergencyCase = (await ctx.loaders.caseById.load(need.case.id))!;
    const householdId = emergencyCase.household?.id ?? null;
    const [candidates, facts] = await Promise.all([
      candidatesFor(ctx.em, need),
      householdId
        ? readHouseholdFacts(ctx.em, [householdId], actorOf(ctx), AuditPurpose.MATCHING, ctx.requestId)
        : Promise.resolve(new Map<string, HouseholdInput>()),
    ]);
    const household = householdId ? (facts.get(householdId) ?? null) : null;
    const results = matchResources(needInput(need, emergencyCase.occurredAt), household, candidates, {
      first,
      includeIneligible: args.includeIneligible === true,
      textScore: textScorer(need.description),
    });
    return results.map((m) => ({
      need,
      resourceId: m.resourceId,
      score: m.score,
      eligibility: m.eligibility as Tri,
      reasons: m.reasons,
      missingFacts: m.missingFacts,
      locality: m.locality,
    }));
  }
}
