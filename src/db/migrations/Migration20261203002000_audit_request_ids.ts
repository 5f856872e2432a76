import { Migration } from '@mikro-orm/migrations';

/**
 * Request ids in audit entries are plain tokens (the hub generates one, or keeps a client's x-request-id only
 * when it is 1–64 letters, digits, `_`, `.` or `-`). The database holds new entries to that too; entries
 * written before are left as they are (NOT VALID: the table is append-only).
 */
export class Migration20261203002000_audit_request_ids extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_request_id_token"
      check ("request_id" is null or "request_id" ~ '^[A-Za-z0-9_.-]{1,64}$') not valid;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint "audit_entry_request_id_token";`);
  }
}
