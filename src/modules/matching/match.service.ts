import type { HubContext } from '../../core/context';
import { staffCovers } from '../../core/auth';
import { pageSize } from '../../core/connection';
import { ForbiddenError, HubError, NotFoundError } from '../../core/errors';
import { localId } from '../../core/relay';
import type { EntityManager } from '@mikro-orm/postgresql';
import { actorOf, AuditPurpose } from '../audit';
import { needForMatching, type MatchableNeed } from '../cases';
import { readHouseholdFacts, readHouseholdFactsUnlessBarred } from '../households';
import { candidatesFor, type ResourceCandidate } from '../resources';
import { hardFilter, matchResources, type FilterCode, type HouseholdInput, type MatchResult } from './engine';
import { type ResourceMatchData } from './match.types';
import { relevanceWords } from './text-relevance';

export class MatchService {
  /**
   * `matchResources`: the hard filters in SQL, then the pure engine over the candidates with the
   * household's facts (reading them is audited, purpose MATCHING). The need is read without
   * hydration; NOT_FOUND when unknown, FORBIDDEN outside the viewer's jurisdiction.
   */
  async forNeed(
    ctx: HubContext,
    needGlobalId: string,
    args: { first?: number | null; includeIneligible?: boolean | null },
  ): Promise<ResourceMatchData[]> {
    const first = pageSize(args.first);
    const id = localId(needGlobalId, 'Need');
    const found = id ? await needForMatching(ctx.em, id) : null;
    if (!found) throw new NotFoundError('需求 (need)');
    if (!staffCovers(ctx.viewer, found.need.areaCode)) {
      throw new ForbiddenError('该需求不在您的管辖范围内 (outside your jurisdiction)');
    }
    const { need, householdId } = found;
    // The candidates and the household (its consent, then its audited facts) are read side by side.
    const [{ candidates, relevance, view }, read] = await Promise.all([
      candidatesFor(ctx.em, need, relevanceWords(need.description), ctx.clock.now()),
      householdId
        ? readHouseholdFactsUnlessBarred(ctx.em, householdId, {
            actor: actorOf(ctx),
            purpose: AuditPurpose.MATCHING,
            requestId: ctx.requestId,
            field: ['needId'],
          })
        : Promise.resolve({ refusal: null, facts: null }),
    ]);
    // A query has no userErrors: the refusal is a typed error with the same code.
    if (read.refusal) throw new HubError(read.refusal.message, 'CONSENT_WITHDRAWN');
    const household: HouseholdInput | null = read.facts;
    const results = matchResources(need, household, candidates, {
      now: ctx.clock.now(),
      first,
      includeIneligible: args.includeIneligible === true,
      textScore: (r) => relevance.get(r.id) ?? 0,
    });
    // The matches' `resource` fields read the rows the candidates came from: no statement.
    for (const m of results) {
      const resource = view(m.resourceId);
      if (resource) ctx.loaders.resourceView.prime(m.resourceId, resource);
    }
    return results.map((m) => ({
      needId: need.id,
      resourceId: m.resourceId,
      score: m.score,
      eligibility: m.eligibility,
      reasons: m.reasons,
      missingFacts: m.missingFacts,
      locality: m.locality,
    }));
  }

  /** Why a resource cannot serve a need at `now` (a hard filter: availability, capacity, form, area…), or null. */
  hardFilter(need: MatchableNeed, resource: ResourceCandidate, now: Date): FilterCode | null {
    return hardFilter(need, resource, now);
  }

  /**
   * The engine's verdict on one resource for a need, with the household's facts when it has one (an
   * audited MATCHING read in `em`'s transaction); ineligible resources are included.
   */
  async verdict(
    ctx: HubContext,
    em: EntityManager,
    args: { need: MatchableNeed; householdId: string | null; resource: ResourceCandidate; now: Date },
  ): Promise<MatchResult | undefined> {
    const { need, householdId, resource, now } = args;
    const facts = householdId
      ? await readHouseholdFacts(em, [householdId], actorOf(ctx), AuditPurpose.MATCHING, ctx.requestId)
      : null;
    const [verdict] = matchResources(need, householdId ? (facts!.get(householdId) ?? null) : null, [resource], {
      first: 1,
      includeIneligible: true,
      now,
    });
    return verdict;
  }
}
