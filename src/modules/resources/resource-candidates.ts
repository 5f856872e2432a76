import type { EntityManager } from '@mikro-orm/postgresql';
import { areaAncestry, pgTextArray } from '../../core/areas';
import { systemClock } from '../../core/clock';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import type { Rule } from '../../rules';

/** A resource as matching sees it: read without hydration, descriptions left in the database where they can be. */
export interface ResourceCandidate {
  id: string;
  kind: 'GOVERNMENT_PROGRAMME' | 'CHARITY_PROJECT' | 'DONATION' | 'VOLUNTEER_OFFER';
  title: string;
  description: string;
  /** PUBLISHED, DRAFT, EXHAUSTED, EXPIRED, … */
  status: string;
  forms: AssistanceForm[];
  emergencyTypes: EmergencyType[];
  serviceAreaCodes: string[];
  availableFrom: Date | null;
  availableUntil: Date | null;
  /** 'fen' for money; otherwise 份, 张床位, 人次… ; null = unlimited. */
  capacityUnit: string | null;
  capacityRemaining: number | null;
  eligibilityRules: Rule | null;
  /** A statutory programme (临时救助…); defaults to kind === GOVERNMENT_PROGRAMME. */
  statutory?: boolean;
}

export interface CandidateRow {
  id: string;
  kind: ResourceCandidate['kind'];
  title: string;
  description?: string;
  status: string;
  forms: AssistanceForm[];
  emergency_types: EmergencyType[];
  service_area_codes: string[];
  available_from: Date | null;
  available_until: Date | null;
  capacity_unit: string | null;
  capacity_remaining: number | null;
  eligibility_rules: Rule | null;
  text_hits?: number;
}

/** The columns matching reads (without the description, which candidatesFor leaves in the database). */
export const CANDIDATE_COLUMNS = `id, kind, title, status, forms, emergency_types, service_area_codes, available_from,
  available_until, capacity_unit, capacity_remaining, eligibility_rules`;

export function toCandidate(row: CandidateRow): ResourceCandidate {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description ?? '',
    status: row.status,
    forms: row.forms,
    emergencyTypes: row.emergency_types,
    serviceAreaCodes: row.service_area_codes,
    availableFrom: row.available_from,
    availableUntil: row.available_until,
    capacityUnit: row.capacity_unit,
    capacityRemaining: row.capacity_remaining,
    eligibilityRules: row.eligibility_rules,
  };
}

/** At most this many words of a need's description count for relevance. */
export const MAX_RELEVANCE_WORDS = 12;

export interface Candidates {
  candidates: ResourceCandidate[];
  /** Relevance of the need's words to each candidate, 0..1 (title hits count double). */
  relevance: Map<string, number>;
}

/**
 * The resources that can pass the engine's hard filters for a need, read without hydration: published,
 * available now, capacity left, of the form and emergency type, serving the street, its district or the
 * city. The engine applies the same filters again; this query only keeps the candidate set small. The
 * relevance of the need's words is counted by the database, so descriptions never leave it.
 */
export async function candidatesFor(
  em: EntityManager,
  need: { form: AssistanceForm; emergencyType: EmergencyType; areaCode: string },
  words: readonly string[] = [],
  now: Date = systemClock.now(),
): Promise<Candidates> {
  const used = words.slice(0, MAX_RELEVANCE_WORDS);
  const hits = used.length
    ? used
        .map(() => `(case when strpos(title, ?) > 0 then 2 when strpos(description, ?) > 0 then 1 else 0 end)`)
        .join(' + ')
    : '0';
  const rows: CandidateRow[] = await em.execute(
    `select ${CANDIDATE_COLUMNS}, ${hits} as text_hits from resource
     where status = 'PUBLISHED' and forms @> array[?]::text[] and emergency_types @> array[?]::text[]
       and service_area_codes && ?::text[]
       and (available_from is null or available_from <= ?) and (available_until is null or available_until > ?)
       and (capacity_unit is null or capacity_remaining > 0)`,
    [...used.flatMap((w) => [w, w]), need.form, need.emergencyType, pgTextArray(areaAncestry(need.areaCode)), now, now],
  );
  const relevance = new Map<string, number>();
  for (const row of rows) if (row.text_hits) relevance.set(row.id, Math.min(1, row.text_hits / (2 * used.length)));
  return { candidates: rows.map(toCandidate), relevance };
}

/** One resource as matching sees it, whatever its status (the engine decides). */
export async function candidateById(em: EntityManager, id: string): Promise<ResourceCandidate | null> {
  const [row] = await em.execute<CandidateRow[]>(
    `select ${CANDIDATE_COLUMNS}, description from resource where id = ?`,
    [id],
  );
  return row ? toCandidate(row) : null;
}

/** The resource's provider (an organisation id), or null when there is no such resource. */
export async function providerOf(em: EntityManager, resourceId: string): Promise<string | null> {
  const [row] = await em.execute<{ provider_id: string }[]>('select provider_id from resource where id = ?', [
    resourceId,
  ]);
  return row?.provider_id ?? null;
}

/** A programme's benefit cap per case, in fen, when it has one. */
export async function benefitCapOf(em: EntityManager, resourceId: string): Promise<number | null> {
  const [row] = await em.execute<{ cap: number | null }[]>('select benefit_cap_fen as cap from resource where id = ?', [
    resourceId,
  ]);
  return row?.cap ?? null;
}
