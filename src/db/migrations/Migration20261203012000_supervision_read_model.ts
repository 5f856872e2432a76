import { Migration } from '@mikro-orm/migrations';

/*
 * The supervision report's read model: one narrow row per case (case_fact, owned by cases) and per
 * referral (referral_fact, owned by referrals) with what the report groups and measures — the
 * Shanghai day and month of the report or referral, the district and street, the states and deadlines,
 * the hours to each step — and nothing else (no description, history, contacts or ids of people).
 *
 * The rows are written by statement-level triggers on the owning table, inside the statement that
 * changes a case or a referral: whatever writes the source row (the services, a migration, a script,
 * a backfill), its fact row changes in the same transaction, so the two can never differ. They copy and
 * derive, never count: every figure is still computed when the report is asked for.
 *
 * The selects below are the one definition of a fact row from its source row; the migration backfills
 * with the same text.
 */

const SHANGHAI = `'Asia/Shanghai'`;
const hours = (from: string, to: string) => `date_part('epoch', ${to} - ${from}) / 3600`;

const CASE_COLUMNS = [
  'case_id',
  'verify_due_at',
  'respond_due_at',
  'day',
  'status',
  'channel',
  'expedited',
  'month',
  'district',
  'area_code',
  'emergency_type',
  'accept_hours',
  'verify_hours',
  'assist_hours',
  'verified_at',
  'first_assisted_at',
];

const caseFacts = (source: string) => `select c.id, c.verify_due_at, c.respond_due_at,
    (c.created_at at time zone ${SHANGHAI})::date, c.status, c.channel, c.expedited,
    to_char(c.created_at at time zone ${SHANGHAI}, 'YYYY-MM'), left(c.area_code, 6), c.area_code, c.emergency_type,
    ${hours('c.created_at', 'c.accepted_at')}, ${hours('c.created_at', 'c.verified_at')},
    ${hours('c.created_at', 'c.first_assisted_at')}, c.verified_at, c.first_assisted_at
  from ${source} c`;

const REFERRAL_COLUMNS = [
  'referral_id',
  'organization_id',
  'day',
  'status',
  'month',
  'district',
  'area_code',
  'due_at',
  'accept_hours',
  'complete_hours',
  'reason',
];

const referralFacts = (source: string) => `select r.id, r.to_organization_id,
    (r.created_at at time zone ${SHANGHAI})::date, r.status,
    to_char(r.created_at at time zone ${SHANGHAI}, 'YYYY-MM'), left(r.area_code, 6), r.area_code, r.due_at,
    ${hours('r.created_at', 'r.accepted_at')}, ${hours('r.created_at', 'r.completed_at')}, r.reason
  from ${source} r`;

const upsert = (table: string, key: string, columns: string[], select: string) =>
  `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
  ${select}
  on conflict ("${key}") do update set ${columns
    .filter((c) => c !== key)
    .map((c) => `"${c}" = excluded."${c}"`)
    .join(', ')}`;

export class Migration20261203012000_supervision_read_model extends Migration {
  override async up(): Promise<void> {
    // Fixed-width columns first (read without walking the row), group keys in the C collation.
    this.addSql(`create table "case_fact" (
      "case_id" uuid not null primary key references "emergency_case" ("id") on update cascade on delete cascade,
      "verify_due_at" timestamptz not null,
      "respond_due_at" timestamptz not null,
      "day" date not null,
      "status" "emergency_case_status" not null,
      "channel" "intake_channel" not null,
      "expedited" boolean not null,
      "month" text collate "C" not null,
      "district" text collate "C" not null,
      "area_code" text collate "C" not null,
      "emergency_type" text collate "C" not null,
      "accept_hours" float8 null,
      "verify_hours" float8 null,
      "assist_hours" float8 null,
      "verified_at" timestamptz null,
      "first_assisted_at" timestamptz null);`);
    this.addSql(`create index "case_fact_area_index" on "case_fact" ("area_code", "day");`);
    this.addSql(`create index "case_fact_day_index" on "case_fact" ("day");`);

    this.addSql(`create table "referral_fact" (
      "referral_id" uuid not null primary key references "referral" ("id") on update cascade on delete cascade,
      "organization_id" uuid not null,
      "day" date not null,
      "status" "referral_status" not null,
      "month" text collate "C" not null,
      "district" text collate "C" not null,
      "area_code" text collate "C" not null,
      "due_at" timestamptz null,
      "accept_hours" float8 null,
      "complete_hours" float8 null,
      "reason" text null);`);
    this.addSql(`create index "referral_fact_area_index" on "referral_fact" ("area_code", "day");`);
    this.addSql(`create index "referral_fact_day_index" on "referral_fact" ("day");`);

    // One function per table; an insert trigger and an update trigger (a trigger with transition
    // tables has one event) both name their new rows "changed".
    for (const [table, fact, key, columns, select] of [
      ['emergency_case', 'case_fact', 'case_id', CASE_COLUMNS, caseFacts],
      ['referral', 'referral_fact', 'referral_id', REFERRAL_COLUMNS, referralFacts],
    ] as const) {
      this.addSql(`create or replace function "${fact}_write"() returns trigger language plpgsql as $$
begin
  ${upsert(fact, key, [...columns], select('changed'))};
  return null;
end $$;`);
      for (const event of ['insert', 'update']) {
        this.addSql(`create trigger "${fact}_${event}" after ${event} on "${table}"
          referencing new table as "changed" for each statement execute function "${fact}_write"();`);
      }
      this.addSql(`${upsert(fact, key, [...columns], select(`"${table}"`))};`);
      this.addSql(`analyze "${fact}";`);
    }

    // Needs escalated in a period (the report's unmet escalations) by the period, not the whole table.
    this.addSql(`create index "need_escalated_at_index" on "need" ("escalated_at") include ("area_code", "status")
      where "escalation_level" is not null;`);
  }
}
