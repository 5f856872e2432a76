import type { HubContext } from '../../core/context';
import { areaPrefix, Role } from '../../core/auth';
import { connectionOf, pageSize } from '../../core/connection';
import { BadInputError, ForbiddenError } from '../../core/errors';
import { fromGlobalId } from '../../core/relay';
import type { AuditEntryFilter, AuditEntryRow } from './audit.types';
import { toDate } from '../../core/clock';
import { actorOf, AuditAction, purposeOf, writeAuditEntries, type AuditRecord } from './audit';

/**
 * Where the street of each audited subject type lives: an entry is in a jurisdiction when its
 * subject is. Types not listed here are visible to nobody through the log.
 */
const SUBJECT_TABLES: Readonly<Record<string, string>> = {
  Household: 'household',
  EmergencyCase: 'emergency_case',
  Need: 'need',
  Referral: 'referral',
  AssistanceRecord: 'assistance_record',
};

const READERS = new Set<string>([Role.AUDITOR, Role.COORDINATOR]);

function encodeCursor(id: string): string {
  return Buffer.from(`a:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const match = /^a:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadInputError('无效的游标 (malformed cursor)', 'after');
  return match[1]!;
}

interface RawRow {
  id: string;
  at: Date | string;
  actor_subject: string;
  actor_role: string;
  actor_organization_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  fields: string[];
  purpose: string;
  request_id: string | null;
}

function rowOf(raw: RawRow): AuditEntryRow {
  return {
    id: raw.id,
    at: toDate(raw.at),
    actorSubject: raw.actor_subject,
    actorRole: raw.actor_role,
    actorOrganizationId: raw.actor_organization_id,
    action: raw.action,
    subjectType: raw.subject_type,
    subjectId: raw.subject_id,
    fields: raw.fields,
    purpose: raw.purpose,
    requestId: raw.request_id,
  };
}

export class AuditService {
  /**
   * The audit log of the viewer's jurisdiction, newest first (3 statements: page, count, and the
   * audit entry of this read).
   */
  async list(
    ctx: HubContext,
    args: { filter?: AuditEntryFilter | null; first?: number | null; after?: string | null },
  ) {
    const viewer = ctx.viewer;
    if (!viewer || !READERS.has(viewer.role)) throw new ForbiddenError();
    if (!viewer.areaCode) throw new ForbiddenError('令牌未指定管辖区划 (token names no area)');
    const first = pageSize(args.first);
    const after = decodeCursor(args.after);
    const prefix = `${areaPrefix(viewer.areaCode)}%`;

    const scopes = Object.entries(SUBJECT_TABLES).map(
      ([type, table]) =>
        `(e.subject_type = '${type}' and exists (select 1 from ${table} s where s.id = e.subject_id and s.area_code like ?))`,
    );
    const where = [`(${scopes.join(' or ')})`];
    const params: unknown[] = scopes.map(() => prefix);
    const filter = args.filter ?? {};
    if (filter.subjectId) {
      const subject = fromGlobalId(filter.subjectId);
      if (!subject) throw new BadInputError('无效的ID (malformed id)', 'filter');
      where.push('e.subject_type = ? and e.subject_id = ?');
      params.push(subject.type, subject.id);
    }
    if (filter.actorSubject) {
      where.push('e.actor_subject = ?');
      params.push(filter.actorSubject);
    }
    const condition = where.join(' and ');
    const pageCondition = after ? `${condition} and e.id < ?` : condition;
    const rows = await ctx.em.execute<RawRow[]>(
      `select e.id::text as id, e.at, e.actor_subject, e.actor_role, e.actor_organization_id, e.action,
              e.subject_type, e.subject_id, e.fields, e.purpose, e.request_id
       from audit_entry e where ${pageCondition} order by e.id desc limit ?`,
      [...params, ...(after ? [after] : []), first + 1],
    );
    const [count] = await ctx.em.execute<{ n: number }[]>(
      `select count(*)::int as n from audit_entry e where ${condition}`,
      params,
    );
    const edges = rows.slice(0, first).map((raw) => ({ cursor: encodeCursor(raw.id), node: rowOf(raw) }));
    // Reading the log is itself audited: one entry per subject whose entries are shown, written
    // before they are (a failed insert shows nothing).
    const shown = new Map<string, AuditRecord>();
    for (const { node } of edges)
      shown.set(`${node.subjectType}|${node.subjectId}`, {
        action: AuditAction.READ,
        subjectType: node.subjectType,
        subjectId: node.subjectId,
        fields: ['auditEntries'],
        purpose: purposeOf(ctx),
      });
    await writeAuditEntries(ctx.em, actorOf(ctx), [...shown.values()], ctx.requestId);
    return connectionOf(edges, count?.n ?? 0, rows.length > first, after !== null);
  }
}
