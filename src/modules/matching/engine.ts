import { eligibility, type RuleOutcome, type Tri } from '../../rules';
import {
  capacityLevel,
  capacityReason,
  factsFor,
  filterCode,
  localityFor,
  needContext,
  type CandidateResource,
  type CapacityLevel,
  type HouseholdInput,
  type Locality,
  type NeedInput,
} from './engine-filters';

export {
  factsFor,
  FILTER_TEXT,
  hardFilter,
  hardFilterReason,
  type FilterCode,
  type CandidateResource,
  type HouseholdInput,
  type Locality,
  type NeedInput,
  type Urgency,
} from './engine-filters';

export interface MatchResult {
  resourceId: string;
  /** In [0, 1]; output order is score descending, then resource id ascending. */
  score: number;
  eligibility: Tri;
  reasons: string[];
  missingFacts: string[];
  locality: Locality;
  /** The rule outcomes behind the eligibility reasons, as codes (`RULE_NOT_MET` …). */
  outcomes: RuleOutcome[];
}

export interface MatchOptions {
  /** The time the match is made at (availability, ages). */
  now: Date;
  /** How many matches to return after ranking: default 20, at most 100. */
  first?: number;
  /** Also return resources whose rules are FALSE (ranked last). Hard filters still apply. */
  includeIneligible?: boolean;
  /** Relevance of the need's description to a resource, 0..1 (default 0). */
  textScore?: (r: CandidateResource) => number;
}

export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;

/*
 * Ranking — a lexicographic order on discrete keys, then text relevance, then resource id:
 *
 *   E  eligibility certainty      TRUE 2 > UNKNOWN 1 > FALSE 0
 *   S  statutory first            1 when the need is CASH, the resource is statutory (临时救助 and other
 *                                 government programmes, unless `statutory` says otherwise) and the
 *                                 household is eligible for it (E = TRUE); else 0
 *   L  locality                   STREET 2 > DISTRICT 1 > CITY 0 (the nearest level the resource serves)
 *   C  capacity against the need  2 enough (unlimited, or remaining ≥ amountFen for money / quantity
 *                                 otherwise) > 1 some left, need size not recorded > 0 not enough
 *   urgency                       a CRITICAL need wants help that can be given in full right now, so for
 *                                 it C is weighed before L; for LOW/MEDIUM/HIGH, L comes before C
 *   t  text relevance             options.textScore clamped to [0, 1] and rounded to 3 decimals
 *
 *   key   = ((E·2 + S)·3 + L)·3 + C      (CRITICAL: ((E·2 + S)·3 + C)·3 + L), an integer in 0..53
 *   score = round6((key + t/2) / 53.5)   ∈ [0, 1]
 *
 * Adjacent keys are 1/53.5 ≈ 0.0187 apart and a step of t moves the score by ≈ 9.3e-6 > 1e-6, so the
 * rounded score is strictly monotone in (key, t): sorting by score descending, then id ascending
 * (code-unit order, locale-independent), is exactly the ranking.
 */
const KEY_SPAN = 53.5;
const ELIGIBILITY_RANK: Record<Tri, number> = { FALSE: 0, UNKNOWN: 1, TRUE: 2 };
const LOCALITY_RANK: Record<Locality, number> = { CITY: 0, DISTRICT: 1, STREET: 2 };
const LOCALITY_REASONS: Record<Locality, string> = {
  STREET: '服务范围：本街道',
  DISTRICT: '服务范围：本区',
  CITY: '服务范围：全市',
};

interface Ranked {
  r: CandidateResource;
  eligibility: Tri;
  locality: Locality;
  statutoryFirst: boolean;
  capacity: CapacityLevel;
  text: number;
  score: number;
}

function textRelevance(textScore: MatchOptions['textScore'], r: CandidateResource): number {
  if (!textScore) return 0;
  const t = textScore(r);
  if (!(t > 0)) return 0; // NaN and negatives count as irrelevant
  return t >= 1 ? 1 : Math.round(t * 1000) / 1000;
}

export function rankScore(
  eligibility: Tri,
  statutoryFirst: boolean,
  locality: Locality,
  capacity: CapacityLevel,
  critical: boolean,
  text: number,
): number {
  const head = ELIGIBILITY_RANK[eligibility] * 2 + (statutoryFirst ? 1 : 0);
  const near = LOCALITY_RANK[locality];
  const key = critical ? (head * 3 + capacity) * 3 + near : (head * 3 + near) * 3 + capacity;
  return Math.round(((key + text / 2) / KEY_SPAN) * 1e6) / 1e6;
}

function byRank(a: Ranked, b: Ranked): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0;
}

/**
 * The first `k` in rank order without comparing all n candidates: a native numeric sort of the scores
 * gives the k-th best score; only candidates at or above it (k plus any ties) get the full comparison.
 */
function topByRank(ranked: Ranked[], k: number): Ranked[] {
  if (k === 0) return [];
  if (ranked.length > k) {
    const scores = Float64Array.from(ranked, (m) => m.score).sort();
    const threshold = scores[ranked.length - k];
    ranked = ranked.filter((m) => m.score >= threshold);
  }
  return ranked.sort(byRank).slice(0, k);
}

function reasonsFor(need: NeedInput, ranked: Ranked, eligibilityReasons: string[]): string[] {
  const { r } = ranked;
  const reasons = r.eligibilityRules === null ? ['无资格限制'] : [...eligibilityReasons];
  if (ranked.statutoryFirst) reasons.push('法定救助项目优先');
  reasons.push(LOCALITY_REASONS[ranked.locality]);
  reasons.push(capacityReason(need, r, ranked.capacity));
  if (need.urgency === 'CRITICAL' && ranked.capacity === 2) reasons.push('紧急需求：可立即足额提供');
  if (ranked.text > 0) reasons.push(`与需求描述相关（相关度 ${ranked.text.toFixed(2)}）`);
  return reasons;
}

function checkFirst(first: number | undefined): number {
  if (first === undefined) return DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST) {
    throw new RangeError(`first 应为 0 到 ${MAX_FIRST} 之间的整数 (first must be an integer in 0..${MAX_FIRST})`);
  }
  return first;
}

/**
 * Ranks candidate resources for one need (pure: no database, no clock: the caller says when).
 * Hard filters (published, available now, capacity left, form, emergency type, serving the need's
 * street, district or the city) always apply; rules are evaluated in three-valued logic against
 * factsFor(need, household); FALSE ones are dropped unless includeIneligible. See the ranking above.
 * Duplicate candidate ids count once (the first occurrence).
 */
export function matchResources(
  need: NeedInput,
  household: HouseholdInput | null,
  candidates: CandidateResource[],
  options: MatchOptions,
): MatchResult[] {
  const first = checkFirst(options.first);
  const ctx = needContext(need, options.now);
  const facts = factsFor(need, household);
  const critical = need.urgency === 'CRITICAL';
  const cash = need.form === 'CASH';
  const includeIneligible = options.includeIneligible === true;
  const seen = new Set<string>();
  const ranked: Ranked[] = [];

  for (const r of candidates) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    if (filterCode(ctx, r) !== null) continue;
    const verdict = eligibility.verdict(r.eligibilityRules, facts);
    if (verdict === 'FALSE' && !includeIneligible) continue;
    const locality = localityFor(ctx, r) as Locality; // non-null: the area filter passed
    const statutoryFirst = cash && verdict === 'TRUE' && (r.statutory ?? r.kind === 'GOVERNMENT_PROGRAMME');
    const capacity = capacityLevel(need, r);
    const text = textRelevance(options.textScore, r);
    const score = rankScore(verdict, statutoryFirst, locality, capacity, critical, text);
    ranked.push({ r, eligibility: verdict, locality, statutoryFirst, capacity, text, score });
  }

  // The full evaluation (trace, reasons, missing facts) only for what is returned.
  return topByRank(ranked, first).map((m) => {
    const evaluation = eligibility.evaluate(m.r.eligibilityRules, facts);
    const explained = eligibility.explain(evaluation);
    return {
      resourceId: m.r.id,
      score: m.score,
      eligibility: evaluation.result,
      reasons: reasonsFor(need, m, explained.reasons),
      missingFacts: explained.missingFacts,
      locality: m.locality,
      outcomes: evaluation.outcomes,
    };
  });
}
