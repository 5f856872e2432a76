import { Migration } from '@mikro-orm/migrations';

/** Emergency cases: intake, first responder and deadlines. */
export class Migration20261128020000_intake extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "intake_channel" as enum ('HOTLINE', 'WALK_IN', 'COMMITTEE', 'SOCIAL_WORKER', 'SELF', 'PUBLIC_REPORT');`,
    );
    this.addSql(
      `create type "emergency_case_status" as enum ('REPORTED', 'VERIFIED', 'RESPONDING', 'ASSISTED', 'CLOSED', 'REJECTED');`,
    );
    this.addSql(`create table "emergency_case" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "reference" text not null constraint "emergency_case_reference_unique" unique,
      "emergency_type" text not null,
      "occurred_at" timestamptz not null,
      "area_id" uuid not null references "area" ("id") on update cascade,
      "area_code" text not null,
      "description" text not null,
      "channel" "intake_channel" not null,
      "address" text null,
      "reporter_name" text null,
      "reporter_phone" text null,
      "idempotency_key" text not null constraint "emergency_case_idempotency_key_unique" unique,
      "request_hash" text not null,
      "status" "emergency_case_status" not null default 'REPORTED',
      "expedited" boolean not null default false,
      "owner_subject" text null,
      "owner_role" text null,
      "owner_organization_id" text null,
      "owner_area_code" text null,
      "accepted_at" timestamptz null,
      "verify_due_at" timestamptz not null,
      "respond_due_at" timestamptz not null,
      "verified_at" timestamptz null,
      "first_assisted_at" timestamptz null);`);
    this.addSql(
      `create index "emergency_case_area_code_index" on "emergency_case" ("area_code", "created_at" desc, "id" desc);`,
    );
    this.addSql(`create index "emergency_case_status_index" on "emergency_case" ("status");`);
  }
}
