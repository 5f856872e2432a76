import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail is append-only by the database, not by convention: a trigger refuses UPDATE, DELETE and
 * TRUNCATE on audit_entry for everyone, and the hub's role gives up those privileges where it owns the table.
 * Reports' unkeyed SHA-256 fingerprints (they hold the reporter's phone) are erased: they cannot be re-keyed
 * without the key, and serve only to tell a quick replay from another report under the same key.
 */
export class Migration20261202040000_audit_append_only extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "audit_entry_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_entry is append-only (%)', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger "audit_entry_no_change" before update or delete on "audit_entry"
      for each row execute function "audit_entry_append_only"();`);
    this.addSql(`create trigger "audit_entry_no_truncate" before truncate on "audit_entry"
      for each statement execute function "audit_entry_append_only"();`);
    this.addSql(`update "emergency_case" set "request_hash" = 'erased:unkeyed' where "request_hash" not like 'h1:%';`);
    this.addSql(`do $$ begin
      if (select tableowner from pg_tables where tablename = 'audit_entry' and schemaname = current_schema()) = current_user then
        revoke update, delete, truncate on "audit_entry" from current_user;
      end if;
    end $$;`);
  }
}
