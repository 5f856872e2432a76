import { Migration } from '@mikro-orm/migrations';

/**
 * search_concept_present(kind, tsquery): the relaxed search's test of whether a concept occurs in
 * the corpus at all, through the GIN index only (see SEARCH_PRESENCE_FUNCTION_DDL in
 * src/search/pg-search-index.ts, which fresh test schemas use; a migration keeps its own text).
 */
export class Migration20261203007000_search_presence extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE OR REPLACE FUNCTION search_concept_present(k text, q tsquery) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off SET enable_indexscan = off
AS $$ SELECT EXISTS (SELECT 1 FROM search_document x WHERE x.tsv @@ q AND x.kind || '' = k) $$;`);
  }
}
