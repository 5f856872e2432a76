import type { HouseholdCategory, Registration } from '../../core/vocabulary';
import { formatYuan, type Facts, type MemberFacts } from '../../rules';
import { ageOn } from './eligibility';
import type { MatchableNeed } from '../cases';
import type { ResourceCandidate } from '../resources';

/** The engine's view of a need and its case (the cases module reads it). */
export type NeedInput = MatchableNeed;
/** The engine's view of a resource (the resources module reads it). */
export type CandidateResource = ResourceCandidate;
import { areaAncestry } from '../../core/areas';

export type Urgency = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type Locality = 'STREET' | 'DISTRICT' | 'CITY';

export interface HouseholdInput {
  category: HouseholdCategory | null;
  registration: Registration | null;
  monthlyIncomePerCapitaFen: number | null;
  members: { birthDate: string | null; disability: boolean | null; chronicIllness: boolean | null }[];
}

/** What is computed once per need and read for every candidate. */
export interface NeedContext {
  need: NeedInput;
  nowMs: number;
  /** Each code the need lies in (street, district, city) → the locality of a resource serving it. */
  localities: Map<string, Locality>;
}

const CITY_CODE = /^\d{2}0000$/;
const STREET_CODE = /^\d{9}$/;

function localityOf(code: string): Locality {
  if (STREET_CODE.test(code)) return 'STREET';
  return CITY_CODE.test(code) ? 'CITY' : 'DISTRICT';
}

export function needContext(need: NeedInput, now: Date): NeedContext {
  const localities = new Map(areaAncestry(need.areaCode).map((code) => [code, localityOf(code)] as const));
  return { need, nowMs: now.getTime(), localities };
}

const LOCALITY_RANK: Record<Locality, number> = { CITY: 0, DISTRICT: 1, STREET: 2 };

/** The nearest level at which the resource serves the need's area; null when it serves none of them. */
export function localityFor(ctx: NeedContext, r: CandidateResource): Locality | null {
  let best: Locality | null = null;
  for (const code of r.serviceAreaCodes) {
    const locality = ctx.localities.get(code);
    if (locality !== undefined && (best === null || LOCALITY_RANK[locality] > LOCALITY_RANK[best])) best = locality;
  }
  return best;
}

function timeOf(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** Why a resource cannot serve a need at all: one code per hard filter. */
export type FilterCode =
  | 'NOT_PUBLISHED'
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'CAPACITY_EXHAUSTED'
  | 'FORM_MISMATCH'
  | 'EMERGENCY_TYPE_MISMATCH'
  | 'OUTSIDE_SERVICE_AREA';

/** The Chinese reading of each filter code. */
export const FILTER_TEXT: Readonly<Record<FilterCode, string>> = {
  NOT_PUBLISHED: '资源未发布',
  NOT_STARTED: '尚未开始',
  EXPIRED: '已过期',
  CAPACITY_EXHAUSTED: '容量已用尽',
  FORM_MISMATCH: '救助形式不符',
  EMERGENCY_TYPE_MISMATCH: '急难类型不符',
  OUTSIDE_SERVICE_AREA: '不在服务区域内',
};

/** Hard filters, cheapest first; null = passes. Never relaxed (includeIneligible only concerns rules). */
export function filterCode(ctx: NeedContext, r: CandidateResource): FilterCode | null {
  if (r.status !== 'PUBLISHED') return 'NOT_PUBLISHED';
  if (r.availableFrom !== null && timeOf(r.availableFrom) > ctx.nowMs) return 'NOT_STARTED';
  if (r.availableUntil !== null && !(timeOf(r.availableUntil) > ctx.nowMs)) return 'EXPIRED';
  if (r.capacityRemaining !== null && !(r.capacityRemaining > 0)) return 'CAPACITY_EXHAUSTED';
  if (!r.forms.includes(ctx.need.form)) return 'FORM_MISMATCH';
  if (!r.emergencyTypes.includes(ctx.need.emergencyType)) return 'EMERGENCY_TYPE_MISMATCH';
  if (localityFor(ctx, r) === null) return 'OUTSIDE_SERVICE_AREA';
  return null;
}

/** The hard filter a resource fails for a need at `now`, as a code; null when it passes every one. */
export function hardFilter(need: NeedInput, r: CandidateResource, now: Date): FilterCode | null {
  return filterCode(needContext(need, now), r);
}

/**
 * Why a resource cannot serve a need at all, in Chinese (资源未发布, 尚未开始, 已过期, 容量已用尽, 救助形式不符,
 * 急难类型不符, 不在服务区域内), or null when it passes every hard filter.
 */
export function hardFilterReason(need: NeedInput, r: CandidateResource, now: Date): string | null {
  const code = hardFilter(need, r, now);
  return code === null ? null : FILTER_TEXT[code];
}

// ---- facts ----

function memberAge(birthDate: string | null, occurredAt: Date | string): number | null {
  if (birthDate === null) return null;
  try {
    return ageOn(birthDate, occurredAt);
  } catch {
    return null; // a malformed birth date is an unknown age, not a failed match
  }
}

/**
 * The evaluator's facts for a need: the household as recorded (null household → everything unknown,
 * no members), household.size = the number of members recorded, member ages on the day the emergency
 * occurred (Asia/Shanghai calendar), the case's emergency type and the need's form.
 */
export function factsFor(need: NeedInput, household: HouseholdInput | null): Facts {
  const facts: Facts = {
    household: { category: null, registration: null, monthlyIncomePerCapita: null, size: null },
    members: [],
    case: { emergencyType: need.emergencyType },
    need: { form: need.form },
  };
  if (household === null) return facts;
  facts.household = {
    category: household.category,
    registration: household.registration,
    monthlyIncomePerCapita: household.monthlyIncomePerCapitaFen,
    size: household.members.length,
  };
  facts.members = household.members.map((m): MemberFacts => ({
    age: memberAge(m.birthDate, need.occurredAt),
    disability: m.disability,
    chronicIllness: m.chronicIllness,
  }));
  return facts;
}

// ---- capacity against what is needed ----

/** 2 = enough (unlimited, or remaining ≥ needed); 1 = some left, need size not recorded; 0 = not enough. */
export type CapacityLevel = 0 | 1 | 2;

/** Money capacity ('fen') is compared with the need's amountFen, any other unit with its quantity. */
function needed(need: NeedInput, r: CandidateResource): number | null {
  if (r.capacityUnit === 'fen') return need.amountFen;
  if (r.capacityUnit === null) return need.form === 'CASH' ? (need.amountFen ?? need.quantity) : need.quantity;
  return need.quantity;
}

export function capacityLevel(need: NeedInput, r: CandidateResource): CapacityLevel {
  if (r.capacityRemaining === null) return 2;
  const want = needed(need, r);
  if (want === null || !(want > 0)) return 1;
  return r.capacityRemaining >= want ? 2 : 0;
}

function amount(value: number, unit: string | null): string {
  if (unit === 'fen') return `${formatYuan(value)} 元`;
  return unit === null ? String(value) : `${value} ${unit}`;
}

export function capacityReason(need: NeedInput, r: CandidateResource, level: CapacityLevel): string {
  if (r.capacityRemaining === null) return '容量不限';
  const left = amount(r.capacityRemaining, r.capacityUnit);
  if (level === 2) return `剩余容量充足（剩余 ${left}）`;
  if (level === 1) return `剩余 ${left}，需求数量未登记`;
  return `剩余容量不足以满足全部需求（剩余 ${left}，需要 ${amount(needed(need, r) ?? 0, r.capacityUnit)}）`;
}
