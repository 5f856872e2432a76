import type { EntityManager } from '@mikro-orm/postgresql';
import { areaAncestry, pgTextArray } from '../../core/areas';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import type { Rule } from '../resources/eligibility-rules';
import type { CandidateResource } from './engine';

interface CandidateRow {
  id: string;
  kind: CandidateResource['kind'];
  title: string;
  description: string;
  status: string;
  forms: AssistanceForm[];
  emergency_types: EmergencyType[];
  service_area_codes: string[];
  available_from: Date | null;
  available_until: Date | null;
  capacity_unit: string | null;
  capacity_remaining: number | null;
  eligibility_rules: Rule | null;
}

const COLUMNS = `id, kind, title, description, status, forms, emergency_types, service_area_codes, available_from,
  available_until, capacity_unit, capacity_remaining, eligibility_rules`;

function toCandidate(row: CandidateRow): CandidateResource {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
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

/**
 * The resources that can pass the engine's hard filters for a need, read without hydration: published,
 * available now, capacity left, of the form and emergency type, serving the street, its district or the
 * city. The engine applies the same filters again; this query only keeps the candidate set small.
 */
export async function candidatesFor(
  em: EntityManager,
  need: { form: AssistanceForm; emergencyType: EmergencyType; areaCode: string },
): Promise<CandidateResource[]> {
  const rows: CandidateRow[] = await em.execute(
    `select ${COLUMNS} from resource
     where status = 'PUBLISHED' and forms @> array[?]::text[] and emergency_types @> array[?]::text[]
       and service_area_codes && ?::text[]
       and (available_from is null or available_from <= now()) and (available_until is null or available_until > now())
       and (capacity_unit is null or capacity_remaining > 0)`,
    [need.form, need.emergencyType, pgTextArray(areaAncestry(need.areaCode))],
  );
  return rows.map(toCandidate);
}

/** One resource as the engine sees it, whatever its status (the engine decides). */
export async function candidateById(em: EntityManager, id: string): Promise<CandidateResource | null> {
  const [row] = await em.execute<CandidateRow[]>(`select ${COLUMNS} from resource where id = ?`, [id]);
  return row ? toCandidate(row) : null;
}
