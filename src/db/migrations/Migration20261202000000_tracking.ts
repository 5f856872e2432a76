import { Migration } from '@mikro-orm/migrations';

/** A keyed hash of each report's tracking code: the code itself is given to the reporter and never stored. */
export class Migration20261202000000_tracking extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "emergency_case" add column "tracking_hash" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "emergency_case" drop column "tracking_hash";`);
  }
}
