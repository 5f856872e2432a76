import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { toGlobalId } from '../../core/relay';
import { Staff } from './staff.types';
import { AuditEntryConnection, AuditEntryFilter, AuditEntryType, type AuditEntryRow } from './audit.types';

const ROLES = new Set<string>(Object.values(Role));

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Authorized(Role.AUDITOR, Role.COORDINATOR)
  @Query(() => AuditEntryConnection, {
    description:
      '审计日志 — who read or wrote personal data of your jurisdiction, newest first; shows field names, never values.',
  })
  auditEntries(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AuditEntryFilter, { nullable: true, description: '筛选 — by record or by user.' })
    filter: AuditEntryFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return entries after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.audit.list(ctx, { filter, first, after });
  }

  @FieldResolver(() => ID, { description: '对象ID — the global ID of the record concerned.' })
  subjectId(@Root() entry: AuditEntryRow): string {
    return toGlobalId(entry.subjectType, entry.subjectId);
  }

  @FieldResolver(() => Staff, {
    nullable: true,
    description: '操作人 — the user who acted; null when the hub itself acted (SYSTEM) or the public.',
  })
  actor(@Root() entry: AuditEntryRow): Staff | null {
    if (!ROLES.has(entry.actorRole)) return null;
    return Object.assign(new Staff(), {
      subject: entry.actorSubject,
      role: entry.actorRole as Role,
      organizationId: entry.actorOrganizationId,
      areaCode: null,
    });
  }
}
