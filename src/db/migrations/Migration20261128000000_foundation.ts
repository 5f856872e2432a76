import { Migration } from '@mikro-orm/migrations';

/** Areas, organisations, policies, the search index and the seed ledger. */
export class Migration20261128000000_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create type "area_level" as enum ('CITY', 'DISTRICT', 'STREET');`);
    this.addSql(
      `create type "organization_kind" as enum ('GOVERNMENT_DEPARTMENT', 'MASS_ORGANIZATION', 'RED_CROSS', 'FOUNDATION', 'SOCIAL_ORGANIZATION', 'ENTERPRISE');`,
    );
    this.addSql(`create type "policy_status" as enum ('DRAFT', 'PUBLISHED', 'REPEALED');`);

    this.addSql(`create table "area" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "code" text not null constraint "area_code_unique" unique,
      "name" text not null,
      "level" "area_level" not null,
      "parent_id" uuid null references "area" ("id") on update cascade on delete set null);`);
    this.addSql(`create index "area_parent_id_index" on "area" ("parent_id", "code");`);

    this.addSql(`create table "organization" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "name" text not null constraint "organization_name_unique" unique,
      "kind" "organization_kind" not null,
      "area_id" uuid not null references "area" ("id") on update cascade,
      "verified" boolean not null default false);`);
    this.addSql(`create index "organization_area_id_index" on "organization" ("area_id");`);
    this.addSql(`create index "organization_name_trgm_index" on "organization" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "policy" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "title" text not null,
      "doc_number" text null constraint "policy_doc_number_unique" unique,
      "issuers" text[] not null,
      "issued_on" date null,
      "is_trial" boolean not null default false,
      "status" "policy_status" not null default 'DRAFT',
      "body" text not null,
      "sections" jsonb not null,
      "citations" jsonb not null,
      "published_at" timestamptz null,
      "repealed_at" timestamptz null,
      "repeal_reason" text null,
      "supersedes_id" uuid null references "policy" ("id") on update cascade on delete set null,
      "created_by" text null);`);
    this.addSql(`create index "policy_status_index" on "policy" ("status");`);
    this.addSql(`create index "policy_listing_index" on "policy" ("issued_on" desc nulls last, "id");`);

    this.addSql(`create table "seed_run" ("name" text not null primary key, "applied_at" timestamptz not null);`);

    // The PostgreSQL search adapter's store: jieba tokens in weighted tsvectors (src/search).
    this.addSql(`create table "search_document" (
      "kind" text not null,
      "entity_id" uuid not null,
      "title" text not null,
      "body" text not null,
      "tags" text[] not null default '{}',
      "sort_key" timestamptz not null,
      "date_key" date,
      "title_tsv" tsvector not null,
      "tsv" tsvector not null,
      primary key ("kind", "entity_id"));`);
    this.addSql(`create index "search_document_tsv_idx" on "search_document" using gin ("tsv");`);
    this.addSql(`create index "search_document_title_tsv_idx" on "search_document" using gin ("title_tsv");`);
    this.addSql(`create index "search_document_tags_idx" on "search_document" using gin ("tags");`);
    this.addSql(
      `create index "search_document_recent_idx" on "search_document" ("kind", "sort_key" desc, "entity_id");`,
    );
  }
}
