import { Migration } from '@mikro-orm/migrations';
import { SEEDED_RISK_RULES } from '../../modules/screening/risk-rules.seed';

/** A constant as an SQL string literal (the seeded rules are our own data, quoted all the same). */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** 预警发现: screening visits, risk rules as data (with a seeded set), risk flags and their checkpoint. */
export class Migration20261202010000_screening extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "screening_visit" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "household_id" uuid not null references "household" ("id") on update cascade on delete cascade,
      "area_code" text not null,
      "visited_on" date not null,
      "visited_by" text not null,
      "category" text not null,
      "degree" text not null,
      "causes" text[] not null,
      "living" text[] not null,
      "notes" text null,
      "recorded_by" text not null);`);
    this.addSql(
      `create index "screening_visit_household_index" on "screening_visit" ("household_id", "visited_on" desc, "created_at" desc);`,
    );
    this.addSql(
      `create index "screening_visit_area_index" on "screening_visit" ("area_code" text_pattern_ops, "created_at");`,
    );

    this.addSql(`create table "risk_rule" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "code" text not null constraint "risk_rule_code_unique" unique,
      "name" text not null,
      "description" text not null,
      "level" text not null,
      "rule" jsonb not null,
      "active" boolean not null default true,
      "created_by" text not null);`);

    this.addSql(`create table "risk_flag" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null, "updated_at" timestamptz not null,
      "household_id" uuid not null references "household" ("id") on update cascade on delete cascade,
      "area_code" text not null,
      "rule_id" uuid not null references "risk_rule" ("id") on update cascade,
      "level" text not null,
      "facts" jsonb not null,
      "raised_at" timestamptz not null,
      "resolved_at" timestamptz null,
      "resolved_by" text null,
      "resolution_note" text null);`);
    // At most one open flag per household and rule: re-evaluation on every instance raises it once.
    this.addSql(
      `create unique index "risk_flag_open_unique" on "risk_flag" ("household_id", "rule_id") where "resolved_at" is null;`,
    );
    this.addSql(`create index "risk_flag_area_index" on "risk_flag" ("area_code" text_pattern_ops, "raised_at");`);
    this.addSql(`create index "risk_flag_household_index" on "risk_flag" ("household_id", "raised_at" desc);`);

    // How far the re-assessment job has read the event history.
    this.addSql(`create table "screening_checkpoint" ("name" text primary key, "event_id" bigint not null);`);
    this.addSql(`insert into "screening_checkpoint" ("name", "event_id") values ('reassess', 0);`);

    for (const rule of SEEDED_RISK_RULES) {
      const values = [rule.code, rule.name, rule.description, rule.level, JSON.stringify(rule.rule)].map(literal);
      this.addSql(
        `insert into "risk_rule" ("id", "created_at", "updated_at", "code", "name", "description", "level", "rule", "active", "created_by")
         values (gen_random_uuid(), now(), now(), ${values.slice(0, 4).join(', ')}, ${values[4]}::jsonb, true, 'seed');`,
      );
    }
  }
}
