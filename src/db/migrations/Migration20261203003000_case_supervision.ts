import { Migration } from '@mikro-orm/migrations';

/**
 * Single-case tracking (跟踪督查) and the supervision report's read path:
 * - referral.accepted_at / declined_at / completed_at: the first time a referral reached each step, kept by the
 *   referrals module beside its history (backfilled from the history here), so the report reads columns
 *   instead of unnesting every referral's history;
 * - case_tracking (supervision): which cases an auditor tracks, why, by whom, until when;
 * - case_deadline_notice (cases): which passed deadlines `caseOverdue` has announced, once each.
 */
export class Migration20261203003000_case_supervision extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "referral" add column "accepted_at" timestamptz null,
      add column "declined_at" timestamptz null, add column "completed_at" timestamptz null;`);
    for (const [column, status] of [
      ['accepted_at', 'ACCEPTED'],
      ['declined_at', 'DECLINED'],
      ['completed_at', 'COMPLETED'],
    ] as const) {
      this.addSql(`update "referral" r set "${column}" = (select min((h->>'at')::timestamptz)
        from jsonb_array_elements(r.history) h where h->>'status' = '${status}')
        where r.history @> '[{"status": "${status}"}]'::jsonb;`);
    }
    // The report scans a period of one area: the period first (a city-wide report reads it in order).
    this.addSql(`create index "referral_created_at_index" on "referral" ("created_at");`);
    this.addSql(`create index "emergency_case_created_at_index" on "emergency_case" ("created_at");`);
    // Open cases by their deadlines, for the overdue sweep and the tracked-and-overdue list.
    this.addSql(`create index "emergency_case_verify_due_index" on "emergency_case" ("verify_due_at")
      where "verified_at" is null and "status" in ('REPORTED', 'VERIFIED', 'RESPONDING', 'ASSISTED');`);
    this.addSql(`create index "emergency_case_respond_due_index" on "emergency_case" ("respond_due_at")
      where "first_assisted_at" is null and "status" in ('REPORTED', 'VERIFIED', 'RESPONDING');`);

    // A case's timeline reads the events of the case and its needs.
    this.addSql(`create index "domain_event_aggregate_index" on "domain_event" ("aggregate_id", "id");`);
    this.addSql(`create table "case_tracking" (
      "id" uuid not null default gen_random_uuid(),
      "case_id" uuid not null references "emergency_case" ("id"),
      "area_code" text not null,
      "reason" text not null,
      "tracked_at" timestamptz not null,
      "tracked_by_subject" text not null,
      "tracked_by_role" text not null,
      "tracked_by_organization_id" text null,
      "ended_at" timestamptz null,
      "ended_by_subject" text null,
      "ended_by_role" text null,
      "end_note" text null,
      constraint "case_tracking_pkey" primary key ("id"));`);
    this.addSql(
      `create unique index "case_tracking_active_unique" on "case_tracking" ("case_id") where "ended_at" is null;`,
    );
    this.addSql(`create index "case_tracking_case_index" on "case_tracking" ("case_id", "tracked_at");`);

    this.addSql(`create table "case_deadline_notice" (
      "case_id" uuid not null references "emergency_case" ("id"),
      "deadline" text not null,
      "due_at" timestamptz not null,
      "noticed_at" timestamptz not null,
      constraint "case_deadline_notice_pkey" primary key ("case_id", "deadline", "due_at"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_deadline_notice";`);
    this.addSql(`drop table if exists "case_tracking";`);
    this.addSql(`drop index if exists "domain_event_aggregate_index";`);
    this.addSql(`drop index if exists "emergency_case_respond_due_index";`);
    this.addSql(`drop index if exists "emergency_case_verify_due_index";`);
    this.addSql(`drop index if exists "emergency_case_created_at_index";`);
    this.addSql(`drop index if exists "referral_created_at_index";`);
    this.addSql(
      `alter table "referral" drop column "accepted_at", drop column "declined_at", drop column "completed_at";`,
    );
  }
}
