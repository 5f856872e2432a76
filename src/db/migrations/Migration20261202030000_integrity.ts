import { Migration } from '@mikro-orm/migrations';

/**
 * Integrity rules the database holds: a person's ID number belongs to one household in the city, and a
 * household registration can be retried with an idempotency key of its caller.
 */
export class Migration20261202030000_integrity extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unique index "household_member_id_number_unique" on "household_member" ("id_number") where "id_number" is not null;`,
    );
    this.addSql(`alter table "household" add column "idempotency_key" text null;`);
    this.addSql(
      `create unique index "household_idempotency_unique" on "household" ("created_by", "idempotency_key") where "idempotency_key" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "household_idempotency_unique";`);
    this.addSql(`alter table "household" drop column "idempotency_key";`);
    this.addSql(`drop index "household_member_id_number_unique";`);
  }
}
