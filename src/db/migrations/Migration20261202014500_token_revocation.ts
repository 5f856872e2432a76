import { Migration } from '@mikro-orm/migrations';

/** The deny list of bearer tokens revoked before their expiry, shared by every instance. */
export class Migration20261202014500_token_revocation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "revoked_token" (
      "id" uuid not null primary key,
      "token_id" text not null constraint "revoked_token_token_id_unique" unique,
      "revoked_at" timestamptz not null,
      "revoked_by" text not null,
      "reason" text not null,
      "forget_after" timestamptz not null);`);
    this.addSql(`create index "revoked_token_forget_after_index" on "revoked_token" ("forget_after");`);
  }
}
