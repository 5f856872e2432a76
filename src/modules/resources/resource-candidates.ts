import type { EntityManager } from '@mikro-orm/postgresql';
import { areaAncestry, pgTextArray } from '../../core/areas';
import { systemClock } from '../../core/clock';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { readRows, viewColumns, viewOf } from '../../core/read-model';
import type { Rule } from '../../rules';
import { cachedRows } from './resource-candidate-cache';
import type { Resource } from './resource.entity';

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
  /** A read-only view of a candidate from the row it was read from (no statement), for the fields of a match. */
  view(id: string): Resource | null;
}

/** A cached row as the engine sees it: the description stays out of the candidate, as before the cache. */
function candidateOfRow(row: Readonly<Record<string, unknown>>): ResourceCandidate {
  const candidate = toCandidate({ ...(row as unknown as CandidateRow), description: undefined });
  // Shared by every request of the instance: nobody may change it.
  Object.freeze(candidate.forms);
  Object.freeze(candidate.emergencyTypes);
  Object.freeze(candidate.serviceAreaCodes);
  deepFreeze(candidate.eligibilityRules);
  return Object.freeze(candidate);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  for (const item of Object.values(value)) deepFreeze(item);
  Object.freeze(value);
}

/**
 * The resources that can pass the engine's hard filters for a need, read without hydration: published,
 * available now, capacity left, of the form and emergency type, serving the street, its district or the
 * city. The engine applies the same filters again; this query only keeps the candidate set small. The
 * relevance of the need's words is counted by the database, so descriptions never leave it. The query
 * returns the ids and row versions only: the rows come from the instance's cache when unchanged
 * (resource-candidate-cache.ts), the others in one more statement.
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
  const matching = await readRows<{ id: string; version: string; text_hits: number }>(
    em,
    `select id, xmin::text as version, ${hits} as text_hits from resource
     where status = 'PUBLISHED' and forms @> array[?]::text[] and emergency_types @> array[?]::text[]
       and service_area_codes && ?::text[]
       and (available_from is null or available_from <= ?) and (available_until is null or available_until > ?)
       and (capacity_unit is null or capacity_remaining > 0)`,
    [...used.flatMap((w) => [w, w]), need.form, need.emergencyType, pgTextArray(areaAncestry(need.areaCode)), now, now],
  );
  const rows = await cachedRows(
    em,
    matching,
    (ids) =>
      readRows(
        em,
        `select ${viewColumns(em, 'Resource')}, xmin::text as version from resource where id = any(?::uuid[])`,
        [pgTextArray(ids)],
      ),
    candidateOfRow,
  );
  const relevance = new Map<string, number>();
  const candidates: ResourceCandidate[] = [];
  for (const { id, text_hits } of matching) {
    const entry = rows.get(id);
    if (!entry) continue; // deleted meanwhile
    candidates.push(entry.candidate);
    if (text_hits) relevance.set(id, Math.min(1, text_hits / (2 * used.length)));
  }
  const view = (id: string) => {
    const entry = rows.get(id);
    return entry ? viewOf<Resource>(em, 'Resource', entry.row as Record<string, unknown>) : null;
  };
  return { candidates, relevance, view };
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
