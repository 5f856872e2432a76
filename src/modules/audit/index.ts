import { defineModule } from '../manifest';
import { auditedReadLoader } from './audited-read';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { StaffResolver } from './staff.resolver';

declare module '../../core/context' {
  interface HubServices {
    audit: AuditService;
  }
  interface HubLoaders {
    auditedRead: ReturnType<typeof auditedReadLoader>;
  }
}

/** 审计: the append-only log of who read or did what, when and why. */
export const auditModule = defineModule({
  name: 'audit',
  tables: ['audit_entry'],
  resolvers: [AuditResolver, StaffResolver],
  loaders: (em) => ({ auditedRead: auditedReadLoader(em) }),
  services: () => ({ audit: new AuditService() }),
});

export {
  actorOf,
  auditedReadSql,
  runAuditedRead,
  AuditAction,
  AuditPurpose,
  PUBLIC_ACTOR,
  purposeOf,
  SYSTEM_ACTOR,
  auditStep,
  writeAuditEntries,
  type AuditActor,
  type AuditRecord,
} from './audit';
export { audited, auditRead } from './audited-read';
export { Staff } from './staff.types';
