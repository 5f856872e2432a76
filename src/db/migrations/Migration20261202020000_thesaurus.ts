import { Migration } from '@mikro-orm/migrations';

/** The search thesaurus, and a trigram index on titles for the zero-result suggestions. */
export class Migration20261202020000_thesaurus extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "search_synonym_set" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "terms" text[] not null,
      "targets" text[] not null default '{}',
      "updated_by" text null
    );`);
    this.addSql(
      `create index if not exists "search_document_title_trgm_idx" on "search_document" using gin ("title" gin_trgm_ops);`,
    );
  }
}
