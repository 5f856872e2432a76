import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_foundation } from './Migration20261128000000_foundation';
import { Migration20261128010000_catalogue } from './Migration20261128010000_catalogue';
import { Migration20261128020000_intake } from './Migration20261128020000_intake';
import { Migration20261128030000_casework } from './Migration20261128030000_casework';
import { Migration20261202000000_tracking } from './Migration20261202000000_tracking';
import { Migration20261202010000_screening } from './Migration20261202010000_screening';
import { Migration20261202014500_token_revocation } from './Migration20261202014500_token_revocation';
import { Migration20261202020000_thesaurus } from './Migration20261202020000_thesaurus';
import { Migration20261202030000_integrity } from './Migration20261202030000_integrity';
import { Migration20261202040000_audit_append_only } from './Migration20261202040000_audit_append_only';
import { Migration20261203002000_audit_request_ids } from './Migration20261203002000_audit_request_ids';
import { Migration20261203002100_scoped_keys_and_jurisdiction } from './Migration20261203002100_scoped_keys_and_jurisdiction';
import { Migration20261203003000_case_supervision } from './Migration20261203003000_case_supervision';
import { Migration20261203005000_privacy } from './Migration20261203005000_privacy';
import { Migration20261203007000_search_presence } from './Migration20261203007000_search_presence';
import { Migration20261203012000_supervision_read_model } from './Migration20261203012000_supervision_read_model';
import { Migration20261205020000_match_candidates_index } from './Migration20261205020000_match_candidates_index';

/** Migrations in order; listed explicitly so compiled and transpiled code find the same set. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000_foundation', class: Migration20261128000000_foundation },
  { name: 'Migration20261128010000_catalogue', class: Migration20261128010000_catalogue },
  { name: 'Migration20261128020000_intake', class: Migration20261128020000_intake },
  { name: 'Migration20261128030000_casework', class: Migration20261128030000_casework },
  { name: 'Migration20261202000000_tracking', class: Migration20261202000000_tracking },
  { name: 'Migration20261202010000_screening', class: Migration20261202010000_screening },
  { name: 'Migration20261202014500_token_revocation', class: Migration20261202014500_token_revocation },
  { name: 'Migration20261202020000_thesaurus', class: Migration20261202020000_thesaurus },
  { name: 'Migration20261202030000_integrity', class: Migration20261202030000_integrity },
  { name: 'Migration20261202040000_audit_append_only', class: Migration20261202040000_audit_append_only },
  { name: 'Migration20261203002000_audit_request_ids', class: Migration20261203002000_audit_request_ids },
  {
    name: 'Migration20261203002100_scoped_keys_and_jurisdiction',
    class: Migration20261203002100_scoped_keys_and_jurisdiction,
  },
  { name: 'Migration20261203003000_case_supervision', class: Migration20261203003000_case_supervision },
  { name: 'Migration20261203005000_privacy', class: Migration20261203005000_privacy },
  { name: 'Migration20261203007000_search_presence', class: Migration20261203007000_search_presence },
  { name: 'Migration20261203012000_supervision_read_model', class: Migration20261203012000_supervision_read_model },
  { name: 'Migration20261205020000_match_candidates_index', class: Migration20261205020000_match_candidates_index },
];
