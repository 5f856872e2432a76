import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { actorOf, auditedReadSql, AuditPurpose, runAuditedRead, type AuditActor } from '../audit';
import { caseVisible } from './case-guard';
import type { EmergencyCase } from './emergency-case.entity';

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
const CASE_READ_FROM = 'r join emergency_case c on c.id = r.case_id';
const READ_SQL = `
with r as (
  select * from jsonb_to_recordset(?::jsonb) as r(case_id uuid, fields text[], purpose text)
), ${auditedReadSql({ subjectType: 'EmergencyCase', subjectId: 'c.id', from: CASE_READ_FROM })}
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

/** The detail a key asks for, from its case's disclosed row. */
function contactField(row: Row, key: CaseContactKey): string | null {
  if (key.field === 'address') return row.address;
  if (key.field === 'description') return row.description;
  return key.field === 'reporterName' ? row.reporter_name : row.reporter_phone;
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
      const rows = [...requests].map(([id, r]) => ({ case_id: id, fields: [...r.fields].sort(), purpose: r.purpose }));
      return runAuditedRead(em, READ_SQL, rows, keys, (key) => key.caseId, contactField);
    },
    { cacheKeyFn: (key) => `${key.caseId}|${key.field}` },
  );
}

/** A report's contact detail for staff of its area, read and audited in one statement; null for anyone else. */
export function readCaseContact(
  ctx: HubContext,
  emergencyCase: EmergencyCase,
  field: CaseContactField,
): Promise<string | null> {
  if (!caseVisible(ctx, emergencyCase)) return Promise.resolve(null);
  const purpose = ctx.viewer!.role === Role.AUDITOR ? AuditPurpose.SUPERVISION : AuditPurpose.CASEWORK;
  return ctx.loaders.caseContact.load({
    caseId: emergencyCase.id,
    field,
    purpose,
    actor: actorOf(ctx),
    requestId: ctx.requestId,
  });
}
