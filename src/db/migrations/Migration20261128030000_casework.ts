import { Migration } from '@mikro-orm/migrations';

/** Households (personal data) and their audit trail, needs, commitments, referrals and the aid chain. */
export class Migration20261128030000_casework extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "household" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "area_id" uuid not null references "area" ("id") on update cascade,
      "area_code" text not null,
      "address" text not null,
      "category" text not null,
      "registration" text not null,
      "monthly_income_per_capita_fen" integer null check ("monthly_income_per_capita_fen" >= 0),
      "consent_basis" text not null,
      "created_by" text not null);`);
    this.addSql(`create index "household_area_code_index" on "household" ("area_code" text_pattern_ops);`);

    this.addSql(`create table "household_member" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "household_id" uuid not null references "household" ("id") on update cascade on delete cascade,
      "position" integer not null,
      "name" text not null,
      "id_number" text null,
      "birth_date" date null,
      "relation" text not null,
      "disability" boolean null,
      "chronic_illness" boolean null,
      "phone" text null,
      constraint "household_member_position_unique" unique ("household_id", "position"));`);

    // Who read or wrote which personal fields of whom, when and why. Append-only.
    this.addSql(`create table "audit_entry" (
      "id" bigint generated always as identity primary key,
      "at" timestamptz not null default now(),
      "actor_subject" text not null,
      "actor_role" text not null,
      "actor_organization_id" text null,
      "action" text not null,
      "subject_type" text not null,
      "subject_id" uuid not null,
      "fields" text[] not null,
      "purpose" text not null,
      "request_id" text null);`);
    this.addSql(`create index "audit_entry_subject_index" on "audit_entry" ("subject_id", "id");`);
    this.addSql(`create index "audit_entry_actor_index" on "audit_entry" ("actor_subject", "id");`);

    this.addSql(`alter table "emergency_case"
      add column "household_id" uuid null references "household" ("id") on update cascade on delete set null,
      add column "verification_note" text null,
      add column "verified_by" text null,
      add column "expedited_at" timestamptz null,
      add column "assisted_at" timestamptz null,
      add column "closed_at" timestamptz null;`);
    this.addSql(`create index "emergency_case_household_id_index" on "emergency_case" ("household_id");`);

    this.addSql(`create type "urgency" as enum ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');`);
    this.addSql(`create type "need_status" as enum ('OPEN', 'PARTLY_MET', 'MET', 'ESCALATED', 'CANCELLED');`);
    this.addSql(`create table "need" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "case_id" uuid not null references "emergency_case" ("id") on update cascade,
      "area_code" text not null,
      "emergency_type" text not null,
      "form" text not null,
      "description" text not null,
      "amount_fen" integer null check ("amount_fen" > 0),
      "quantity" integer null check ("quantity" > 0),
      "unit" text null,
      "urgency" "urgency" not null,
      "status" "need_status" not null default 'OPEN',
      "delivered" integer not null default 0,
      "escalation_level" text null,
      "escalation_area_code" text null,
      "escalation_note" text null,
      "escalated_at" timestamptz null,
      "cancel_reason" text null,
      "created_by" text not null);`);
    this.addSql(`create index "need_case_id_index" on "need" ("case_id", "created_at", "id");`);
    // Reverse matching reads open needs by form and area.
    this.addSql(
      `create index "need_open_index" on "need" ("form", "area_code" text_pattern_ops) where "status" in ('OPEN', 'PARTLY_MET', 'ESCALATED');`,
    );
    this.addSql(
      `create index "need_escalation_index" on "need" ("escalation_area_code" text_pattern_ops, "escalated_at" desc) where "escalation_level" is not null;`,
    );

    this.addSql(`create type "commitment_status" as enum ('HELD', 'CONFIRMED', 'USED', 'RELEASED');`);
    this.addSql(`create table "commitment" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "need_id" uuid not null references "need" ("id") on update cascade,
      "resource_id" uuid not null references "resource" ("id") on update cascade,
      "amount" integer not null check ("amount" > 0),
      "unit" text null,
      "hold_until" timestamptz not null,
      "status" "commitment_status" not null default 'HELD',
      "released_at" timestamptz null,
      "created_by" text not null);`);
    this.addSql(`create index "commitment_need_id_index" on "commitment" ("need_id");`);
    this.addSql(`create index "commitment_hold_index" on "commitment" ("hold_until") where "status" = 'HELD';`);

    this.addSql(
      `create type "referral_status" as enum ('SENT', 'ACCEPTED', 'DECLINED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED');`,
    );
    this.addSql(`create table "referral" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "commitment_id" uuid not null references "commitment" ("id") on update cascade constraint "referral_commitment_id_unique" unique,
      "need_id" uuid not null references "need" ("id") on update cascade,
      "case_id" uuid not null references "emergency_case" ("id") on update cascade,
      "area_code" text not null,
      "from_organization_id" uuid null references "organization" ("id") on update cascade on delete set null,
      "to_organization_id" uuid not null references "organization" ("id") on update cascade,
      "status" "referral_status" not null default 'SENT',
      "due_at" timestamptz null,
      "reason" text null,
      "history" jsonb not null default '[]');`);
    this.addSql(`create index "referral_to_index" on "referral" ("to_organization_id", "created_at" desc, "id" desc);`);
    this.addSql(
      `create index "referral_area_index" on "referral" ("area_code" text_pattern_ops, "created_at" desc, "id" desc);`,
    );
    this.addSql(`create index "referral_need_id_index" on "referral" ("need_id");`);
    this.addSql(
      `create index "referral_due_index" on "referral" ("due_at") where "status" in ('SENT', 'ACCEPTED', 'IN_PROGRESS');`,
    );

    this.addSql(`create table "assistance_record" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "household_id" uuid null references "household" ("id") on update cascade on delete set null,
      "case_id" uuid not null references "emergency_case" ("id") on update cascade,
      "need_id" uuid not null references "need" ("id") on update cascade,
      "referral_id" uuid null references "referral" ("id") on update cascade constraint "assistance_record_referral_id_unique" unique,
      "provider_id" uuid not null references "organization" ("id") on update cascade,
      "area_code" text not null,
      "cause" text not null,
      "form" text not null,
      "amount_fen" integer null check ("amount_fen" >= 0),
      "fund_source" text null,
      "delivered_on" date not null,
      "note" text null,
      "duplicate_of_id" uuid null references "assistance_record" ("id") on update cascade on delete set null,
      "acknowledged_by" text null,
      "acknowledged_at" timestamptz null,
      "acknowledgement_note" text null,
      "recorded_by" text not null);`);
    this.addSql(
      `create index "assistance_record_household_index" on "assistance_record" ("household_id", "delivered_on" desc);`,
    );
    this.addSql(`create index "assistance_record_case_index" on "assistance_record" ("case_id");`);
    this
      .addSql(`create index "assistance_record_unacknowledged_index" on "assistance_record" ("area_code" text_pattern_ops)
      where "duplicate_of_id" is not null and "acknowledged_at" is null;`);
  }
}
