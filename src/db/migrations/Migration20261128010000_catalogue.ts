import { Migration } from '@mikro-orm/migrations';

/** The resource catalogue, the event outbox and event-consumer checkpoints. */
export class Migration20261128010000_catalogue extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "resource_kind" as enum ('GOVERNMENT_PROGRAMME', 'CHARITY_PROJECT', 'DONATION', 'VOLUNTEER_OFFER');`,
    );
    this.addSql(
      `create type "resource_status" as enum ('DRAFT', 'PUBLISHED', 'PAUSED', 'EXHAUSTED', 'EXPIRED', 'WITHDRAWN');`,
    );
    this.addSql(`create table "resource" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "kind" "resource_kind" not null,
      "title" text not null,
      "description" text not null,
      "provider_id" uuid not null references "organization" ("id") on update cascade,
      "forms" text[] not null,
      "emergency_types" text[] not null,
      "service_area_codes" text[] not null,
      "coverage_codes" text[] not null,
      "eligibility_rules" jsonb null,
      "eligibility_description" text null,
      "capacity_unit" text null,
      "capacity_total" integer null,
      "capacity_remaining" integer null,
      "available_from" timestamptz null,
      "available_until" timestamptz null,
      "status" "resource_status" not null default 'DRAFT',
      "legal_basis_id" uuid null references "policy" ("id") on update cascade on delete set null,
      "contact" text null,
      "published_at" timestamptz null,
      "created_by" text null,
      "fund_source" text null,
      "benefit_cap_fen" integer null,
      "budget_fen" integer null,
      "items" jsonb null,
      "cash_fen" integer null,
      "skills" text[] null,
      "hours_per_week" integer null,
      constraint "resource_capacity_check" check (
        ("capacity_unit" is null and "capacity_total" is null and "capacity_remaining" is null)
        or ("capacity_unit" is not null and "capacity_total" >= 0 and "capacity_remaining" between 0 and "capacity_total")));`);
    this.addSql(`create index "resource_provider_id_index" on "resource" ("provider_id");`);
    this.addSql(`create index "resource_status_index" on "resource" ("status", "created_at" desc, "id" desc);`);
    this.addSql(`create index "resource_forms_index" on "resource" using gin ("forms");`);
    this.addSql(`create index "resource_emergency_types_index" on "resource" using gin ("emergency_types");`);
    this.addSql(`create index "resource_service_area_codes_index" on "resource" using gin ("service_area_codes");`);
    this.addSql(`create index "resource_coverage_codes_index" on "resource" using gin ("coverage_codes");`);
    this.addSql(
      `create index "resource_available_until_index" on "resource" ("available_until") where "status" = 'PUBLISHED';`,
    );

    this.addSql(`create table "domain_event" (
      "id" bigint generated always as identity primary key,
      "type" text not null,
      "aggregate_type" text not null,
      "aggregate_id" uuid not null,
      "payload" jsonb not null,
      "actor" text null,
      "occurred_at" timestamptz not null default now());`);
    this.addSql(`create index "domain_event_type_index" on "domain_event" ("type", "id");`);

    this.addSql(`create table "event_checkpoint" (
      "name" text not null primary key,
      "last_id" bigint not null,
      "updated_at" timestamptz not null default now());`);
  }
}
