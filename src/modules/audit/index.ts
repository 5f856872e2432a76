import { defineModule } from '../manifest';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { StaffResolver } from './staff.resolver';

declare module '../../core/context' {
  interface HubServices {
    audit: AuditService;
  }
}

/** 审计: the append-only log of who read or did what, when and why. */
export const auditModule = defineModule({
  name: 'audit',
  tables: ['audit_entry'],
  resolvers: [AuditResolver, StaffResolver],
  services: () => ({ audit: new AuditService() }),
});

export {
  actorOf,
  auditedReadSql,
  runAuditedRead,
  AuditAction,
  AuditPurpose,
  PUBLIC_ACTOR,
  SYSTEM_ACTOR,
  writeAuditEntries,
  type AuditActor,
  type AuditRecord,
} from './audit';
export { Staff } from './staff.types';
