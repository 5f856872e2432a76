import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { actorOf, AuditAction, writeAuditEntries, type AuditActor, type AuditRecord } from './audit';

/**
 * One field of one record that a viewer is about to be shown: casework text and the aid chain
 * (a need's description, an aid record's amount, fund and note, the audit log's entries about a
 * subject). The value is already loaded; it is returned to the viewer only once the entry is written.
 */
export interface AuditedReadKey {
  subjectType: string;
  subjectId: string;
  field: string;
  purpose: string;
  actor: AuditActor;
  requestId: string | null;
}

/**
 * A request's (or one subscription event's) audit writer for reads, batched per tick: one statement
 * and one entry per subject and purpose listing the fields read. A field read twice in one request
 * is audited once. A failed insert fails every read of the batch: nothing is shown unaudited.
 */
export function auditedReadLoader(em: EntityManager): DataLoader<AuditedReadKey, true, string> {
  return new DataLoader<AuditedReadKey, true, string>(
    async (keys) => {
      const records = new Map<string, AuditRecord & { fields: string[] }>();
      for (const key of keys) {
        const id = `${key.subjectType}|${key.subjectId}|${key.purpose}`;
        const record = records.get(id) ?? {
          action: AuditAction.READ,
          subjectType: key.subjectType,
          subjectId: key.subjectId,
          fields: [],
          purpose: key.purpose,
        };
        if (!record.fields.includes(key.field)) record.fields.push(key.field);
        records.set(id, record);
      }
      const { actor, requestId } = keys[0]!;
      await writeAuditEntries(
        em,
        actor,
        [...records.values()].map((r) => ({ ...r, fields: r.fields.sort() })),
        requestId,
      );
      return keys.map(() => true as const);
    },
    { cacheKeyFn: (key) => `${key.subjectType}|${key.subjectId}|${key.field}|${key.purpose}` },
  );
}

/** Audits that the viewer reads `field` of the subject; resolves once the entry is written. */
export async function auditRead(
  ctx: HubContext,
  subject: { type: string; id: string },
  field: string,
  purpose: string,
): Promise<void> {
  await ctx.loaders.auditedRead.load({
    subjectType: subject.type,
    subjectId: subject.id,
    field,
    purpose,
    actor: actorOf(ctx),
    requestId: ctx.requestId,
  });
}

/** Returns `value` once its read is audited (null values are not reads: nothing is shown). */
export async function audited<T>(
  ctx: HubContext,
  subject: { type: string; id: string },
  field: string,
  purpose: string,
  value: T,
): Promise<T> {
  if (value === null || value === undefined) return value;
  await auditRead(ctx, subject, field, purpose);
  return value;
}
