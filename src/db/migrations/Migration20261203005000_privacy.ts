import { Migration } from '@mikro-orm/migrations';

/**
 * PIPL rights and retention: a household records when its personal data was anonymised and a withdrawal of
 * consent (who, when, why); each module marks the rows it has anonymised, so the retention job never picks a
 * household twice.
 */
export class Migration20261203005000_privacy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "household"
      add column if not exists "anonymised_at" timestamptz null,
      add column if not exists "consent_withdrawn_at" timestamptz null,
      add column if not exists "consent_withdrawn_by" text null,
      add column if not exists "consent_withdrawal_reason" text null;`);
    this.addSql(`alter table "emergency_case" add column if not exists "anonymised_at" timestamptz null;`);
    // The retention job looks for closed cases not yet anonymised.
    this.addSql(
      `create index if not exists "emergency_case_retention_index" on "emergency_case" ("household_id") where "anonymised_at" is null and "household_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "emergency_case_retention_index";`);
    this.addSql(`alter table "emergency_case" drop column if exists "anonymised_at";`);
    this.addSql(`alter table "household"
      drop column if exists "anonymised_at",
      drop column if exists "consent_withdrawn_at",
      drop column if exists "consent_withdrawn_by",
      drop column if exists "consent_withdrawal_reason";`);
  }
}
