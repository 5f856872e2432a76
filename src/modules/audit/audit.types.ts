import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../../core/connection';

/** One row of audit_entry, as read for the log (never a personal value: only field names). */
export interface AuditEntryRow {
  id: string;
  at: Date;
  actorSubject: string;
  actorRole: string;
  actorOrganizationId: string | null;
  action: string;
  subjectType: string;
  /** The subject's local id. */
  subjectId: string;
  fields: string[];
  purpose: string;
  requestId: string | null;
}

@ObjectType('AuditEntry', {
  description: '审计记录 — who read or wrote which personal fields of whom, when and why (append-only).',
})
export class AuditEntryType {
  @Field(() => Date, { description: '时间 — when it happened.' })
  at!: Date;

  @Field({ description: '操作人标识 — the token subject of who acted; `system` for background work.' })
  actorSubject!: string;

  @Field({ description: '操作人角色 — a Role, or SYSTEM (background work) or PUBLIC.' })
  actorRole!: string;

  @Field({ description: '操作 — CREATE, READ, UPDATE or DELETE.' })
  action!: string;

  @Field({ description: '对象类型 — the type of the record concerned, e.g. Household.' })
  subjectType!: string;

  @Field({
    description: '目的 — why: CASEWORK (个案办理), SUPERVISION (督查), REFERRAL (转介服务), MATCHING (资源匹配).',
  })
  purpose!: string;

  @Field(() => [String], {
    description: '字段 — the fields read or written, e.g. address, members.idNumber; never their values.',
  })
  fields!: string[];

  @Field(() => String, { nullable: true, description: '请求ID — the request it happened in, to correlate entries.' })
  requestId!: string | null;
}

@InputType({ description: '审计记录筛选 — narrows the audit log.' })
export class AuditEntryFilter {
  @Field(() => ID, { nullable: true, description: '对象 — entries about this record (its global ID).' })
  subjectId?: string | null;

  @Field(() => String, { nullable: true, description: '操作人 — entries by this user (token subject).' })
  actorSubject?: string | null;
}

@ObjectType('AuditEntryEdge', { description: '审计记录边 — one entry in a list, with its cursor.' })
export class AuditEntryEdge extends EdgeType<AuditEntryRow>(() => AuditEntryType, '审计记录') {}

@ObjectType('AuditEntryConnection', { description: '审计记录列表 — a page of the audit log (Relay connection).' })
export class AuditEntryConnection extends ConnectionType<AuditEntryRow>(
  () => AuditEntryType,
  () => AuditEntryEdge,
) {}
