import type { EntityManager } from '@mikro-orm/postgresql';
import { areaPrefix, pgTextArray } from '../../core/areas';
import { sqlList } from '../../core/sql';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';
import { CASE_STATES_TAKING_HELP } from './case.lifecycle';
import type { Need } from './need.entity';
import type { Urgency } from './need.enums';
import { OPEN_NEED_STATUSES } from './need.lifecycle';

/** A need as matching sees it, with what it needs of its case. */
export interface MatchableNeed {
  id: string;
  form: AssistanceForm;
  description: string;
  amountFen: number | null;
  quantity: number | null;
  urgency: Urgency;
  /** The case's street. */
  areaCode: string;
  emergencyType: EmergencyType;
  /** When the emergency occurred: member ages are taken on this day. */
  occurredAt: Date | string;
}

/** The matching view of a need; `occurredAt` is the case's (member ages are taken on that day). */
export function matchableNeed(need: Need, occurredAt: Date): MatchableNeed {
  return {
    id: need.id,
    form: need.form,
    description: need.description,
    amountFen: need.amountFen,
    quantity: need.quantity,
    urgency: need.urgency,
    areaCode: need.areaCode,
    emergencyType: need.emergencyType,
    occurredAt,
  };
}

export interface NeedRow {
  need: MatchableNeed;
  caseId: string;
  householdId: string | null;
}

/** A need's row with what the engine needs of its case (need columns, then the case's). */
interface NeedCaseRow {
  id: string;
  form: AssistanceForm;
  description: string;
  amount_fen: number | null;
  quantity: number | null;
  urgency: Urgency;
  area_code: string;
  emergency_type: EmergencyType;
  occurred_at: Date;
  case_id: string;
  household_id: string | null;
}

const NEED_CASE_COLUMNS = `n.id, n.form, n.description, n.amount_fen, n.quantity, n.urgency, n.area_code, n.emergency_type,
            c.occurred_at, c.id as case_id, c.household_id`;

function toNeedRow(row: NeedCaseRow): NeedRow {
  return {
    need: {
      id: row.id,
      form: row.form,
      description: row.description,
      amountFen: row.amount_fen,
      quantity: row.quantity,
      urgency: row.urgency,
      areaCode: row.area_code,
      emergencyType: row.emergency_type,
      occurredAt: row.occurred_at,
    },
    caseId: row.case_id,
    householdId: row.household_id,
  };
}

/** A need with what the engine needs of its case, in one statement without hydration. */
export async function needForMatching(em: EntityManager, id: string): Promise<NeedRow | null> {
  const [row] = await em.execute<NeedCaseRow[]>(
    `select ${NEED_CASE_COLUMNS}
     from need n join emergency_case c on c.id = n.case_id where n.id = ?`,
    [id],
  );
  return row ? toNeedRow(row) : null;
}

/**
 * The open needs of open cases a resource could serve, oldest first: narrowed by form, emergency type and
 * the resource's service areas (the engine decides the rest).
 */
export async function openNeedsFor(
  em: EntityManager,
  resource: {
    forms: readonly AssistanceForm[];
    emergencyTypes: readonly EmergencyType[];
    serviceAreaCodes: readonly string[];
  },
): Promise<NeedRow[]> {
  const patterns = resource.serviceAreaCodes.map((code) => `${areaPrefix(code)}%`);
  const rows = await em.execute<NeedCaseRow[]>(
    `select ${NEED_CASE_COLUMNS}
     from need n join emergency_case c on c.id = n.case_id
     where n.status in (${sqlList(OPEN_NEED_STATUSES)}) and c.status in (${sqlList(CASE_STATES_TAKING_HELP)})
       and n.form = any(?::text[]) and n.emergency_type = any(?::text[]) and n.area_code like any(?::text[])
     order by n.created_at, n.id`,
    [pgTextArray([...resource.forms]), pgTextArray([...resource.emergencyTypes]), pgTextArray(patterns)],
  );
  return rows.map(toNeedRow);
}

/** The ids of a case's needs (withdrawn ones too): other modules key their rows by need. */
export async function needIdsOfCase(em: EntityManager, caseId: string): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>('select id from need where case_id = ?', [caseId]);
  return rows.map((r) => r.id);
}
