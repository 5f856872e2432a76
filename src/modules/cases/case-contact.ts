import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AUDIT_COLUMNS, type AuditActor } from '../audit';

/** The personal fields of a report: where the household is, who reported it, and what was reported. */
export type CaseContactField = 'address' | 'reporterName' | 'reporterPhone' | 'description';

export interface CaseContactKey {
  caseId: string;
  field: CaseContactField;
  purpose: string;
  actor: AuditActor;
  requestId: string | null;
}

// As for households: one statement appends the audit row and returns the fields only if it was written.
const READ_SQL = `
with r as (
  select * from jsonb_to_recordset(?::jsonb) as r(case_id uuid, fields text[], purpose text)
), audited as (
  insert into audit_entry (${AUDIT_COLUMNS})
  select ?::text, ?::text, ?::text, 'READ', 'EmergencyCase', c.id, r.fields, r.purpose, ?::text
  from r join emergency_case c on c.id = r.case_id
  returning subject_id
)
select c.id,
  case when 'address' = any(r.fields) then c.address end as address,
  case when 'reporterName' = any(r.fields) then c.reporter_name end as reporter_name,
  case when 'reporterPhone' = any(r.fields) then c.reporter_phone end as reporter_phone,
  case when 'description' = any(r.fields) then c.description end as description
from r join emergency_case c on c.id = r.case_id
where c.id in (select subject_id from audited)`;

interface Row {
  id: string;
  address: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  description: string | null;
}

/** A request's audited reader of report contact details, batched per tick: one statement, one audit row per case. */
export function caseContactLoader(em: EntityManager): DataLoader<CaseContactKey, string | null, string> {
  return new DataLoader<CaseContactKey, string | null, string>(
    async (keys) => {
      const requests = new Map<string, { fields: Set<string>; purpose: string }>();
      for (const key of keys) {
        const request = requests.get(key.caseId) ?? { fields: new Set<string>(), purpose: key.purpose };
        request.fields.add(key.field);
        requests.set(key.caseId, request);
      }
      const { actor, requestId } = keys[0]!;
      const rows = [...requests].map(([id, r]) => ({ case_id: id, fields: [...r.fields].sort(), purpose: r.purpose }));
      const result = await em.execute<Row[]>(READ_SQL, [
        JSON.stringify(rows),
        actor.subject,
        actor.role,
        actor.organizationId,
        requestId,
      ]);
      const byId = new Map(result.map((row) => [row.id, row]));
      return keys.map((key) => {
        const row = byId.get(key.caseId);
        if (!row) return null;
        if (key.field === 'address') return row.address;
        if (key.field === 'description') return row.description;
        return key.field === 'reporterName' ? row.reporter_name : row.reporter_phone;
      });
    },
    { cacheKeyFn: (key) => `${key.caseId}|${key.field}` },
  );
}
