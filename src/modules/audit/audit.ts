import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../core/auth';
import type { HubContext } from '../../core/context';

/** Who acted: a viewer as its token names it, or the hub itself (background work). */
export interface AuditActor {
  readonly subject: string;
  /** A Role, or SYSTEM / PUBLIC. */
  readonly role: string;
  /** The organisation's global ID, when the token names one. */
  readonly organizationId: string | null;
}

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ subject: 'system', role: 'SYSTEM', organizationId: null });
export const PUBLIC_ACTOR: AuditActor = Object.freeze({ subject: 'public', role: 'PUBLIC', organizationId: null });

/** What was done to the subject's personal data. */
export const AuditAction = {
  CREATE: 'CREATE',
  READ: 'READ',
  UPDATE: 'UPDATE',
  DELETE: 'DELETE',
  /** A copy of everything held on the subject, for the subject (PIPL 第四十五条). */
  EXPORT: 'EXPORT',
  /** Personal fields replaced for good when their retention ran out (PIPL 第十九条). */
  ANONYMISE: 'ANONYMISE',
  /** The subject's consent withdrawn (PIPL 第十五条). */
  WITHDRAW_CONSENT: 'WITHDRAW_CONSENT',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/** Why (PIPL: a purpose for every processing). */
export const AuditPurpose = {
  /** Caseworkers and coordinators handling the household's emergencies. */
  CASEWORK: 'CASEWORK',
  /** Auditors supervising. */
  SUPERVISION: 'SUPERVISION',
  /** A provider answering a referral sent to it. */
  REFERRAL: 'REFERRAL',
  /** The matching engine testing eligibility rules. */
  MATCHING: 'MATCHING',
  /** The data subject exercising a right: a copy of their data, a withdrawal of consent. */
  DATA_SUBJECT_REQUEST: 'DATA_SUBJECT_REQUEST',
  /** The retention period ran out (RETENTION_MONTHS after the last case closed). */
  RETENTION: 'RETENTION',
} as const;
export type AuditPurpose = (typeof AuditPurpose)[keyof typeof AuditPurpose];

export interface AuditRecord {
  action: AuditAction | string;
  /** The GraphQL type name of the subject, e.g. Household. */
  subjectType: string;
  /** The subject's local id (a UUID). */
  subjectId: string;
  /** The fields read or written, e.g. ['address', 'members.name']; never their values. */
  fields: readonly string[];
  purpose: AuditPurpose | string;
}

export function actorOf(ctx: Pick<HubContext, 'viewer'>): AuditActor {
  const viewer = ctx.viewer;
  return viewer ? { subject: viewer.subject, role: viewer.role, organizationId: viewer.organizationId } : PUBLIC_ACTOR;
}

/**
 * Why this viewer reads casework data: staff for casework, auditors for supervision, anyone else
 * (the provider a referral was sent to) to answer the referral.
 */
export function purposeOf(ctx: Pick<HubContext, 'viewer'>): AuditPurpose {
  const role = ctx.viewer?.role;
  if (role === Role.AUDITOR) return AuditPurpose.SUPERVISION;
  if (role === Role.CASEWORKER || role === Role.COORDINATOR) return AuditPurpose.CASEWORK;
  return AuditPurpose.REFERRAL;
}

/** The columns an audit insert fills, in order; the actor's three come first. */
export const AUDIT_COLUMNS =
  'actor_subject, actor_role, actor_organization_id, action, subject_type, subject_id, fields, purpose, request_id';

/**
 * The CTE `audited` of a read that is audited in the same statement: it appends one READ entry per row of
 * `from` and returns their `subject_id`s, so the statement's select can disclose a row only through the
 * entry written for it (a failed insert fails the statement). The audit module owns its table's SQL; a
 * reader composes it. Its parameters, in order: the actor's subject, role and organisation, those in
 * `fields` and `purpose`, the request id, then those in `from`.
 */
export function auditedReadSql(read: {
  /** The audited aggregate, e.g. `Household`. */
  subjectType: string;
  /** SQL expressions over `from`: the subject's id, the fields read (text[], default `r.fields`) and the purpose (default `r.purpose`). */
  subjectId: string;
  fields?: string;
  purpose?: string;
  /** The rows read: `r join household h on h.id = r.household_id [where …]`. */
  from: string;
}): string {
  if (!/^[A-Z][A-Za-z]*$/.test(read.subjectType)) throw new RangeError(`not a subject type: ${read.subjectType}`);
  return `audited as (
  insert into audit_entry (${AUDIT_COLUMNS})
  select ?::text, ?::text, ?::text, 'READ', '${read.subjectType}', ${read.subjectId}, ${read.fields ?? 'r.fields'}, ${read.purpose ?? 'r.purpose'}, ?::text
  from ${read.from}
  returning subject_id
)`;
}

/**
 * Runs a DataLoader batch's audited read: one statement that takes the requested rows as one jsonb array,
 * then the actor and the request id (a `with r as (… jsonb_to_recordset(?) …)` statement that composes
 * `auditedReadSql`), as the batch's actor (its keys are one request's). Each key is answered from the row
 * disclosed for its subject (`subjectOf`), null where none was.
 */
export async function runAuditedRead<
  Row extends { id: string },
  Key extends { actor: AuditActor; requestId: string | null },
  V,
>(
  em: EntityManager,
  sql: string,
  rows: readonly object[],
  keys: readonly Key[],
  subjectOf: (key: Key) => string,
  answer: (row: Row, key: Key) => V,
): Promise<(V | null)[]> {
  const { actor, requestId } = keys[0]!;
  const result = await em.execute<Row[]>(sql, [
    JSON.stringify(rows),
    actor.subject,
    actor.role,
    actor.organizationId,
    requestId,
  ]);
  const byId = new Map(result.map((row) => [row.id, row]));
  return keys.map((key) => {
    const row = byId.get(subjectOf(key));
    return row ? answer(row, key) : null;
  });
}

/**
 * Appends audit entries through `em` — pass the transaction's EntityManager so the entries
 * commit or roll back with the write they record. One statement whatever the count.
 */
/** Audits one step of the viewer's, in the transaction (or fork) `em` that makes or reads it. */
export function auditStep(
  em: EntityManager,
  ctx: Pick<HubContext, 'viewer' | 'requestId'>,
  record: AuditRecord,
): Promise<void> {
  return writeAuditEntries(em, actorOf(ctx), [record], ctx.requestId);
}

export async function writeAuditEntries(
  em: EntityManager,
  actor: AuditActor,
  records: readonly AuditRecord[],
  requestId: string | null = null,
): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => ({
    action: r.action,
    subject_type: r.subjectType,
    subject_id: r.subjectId,
    fields: [...r.fields],
    purpose: r.purpose,
  }));
  await em.execute(
    `insert into audit_entry (${AUDIT_COLUMNS})
     select ?::text, ?::text, ?::text, r.action, r.subject_type, r.subject_id, r.fields, r.purpose, ?::text
     from jsonb_to_recordset(?::jsonb) as r(action text, subject_type text, subject_id uuid, fields text[], purpose text)`,
    [actor.subject, actor.role, actor.organizationId, requestId, JSON.stringify(rows)],
  );
}
