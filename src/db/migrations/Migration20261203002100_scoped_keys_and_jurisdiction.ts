import { Migration } from '@mikro-orm/migrations';
import { hsdsIdFor } from '../../core/hsds-id';
import { toGlobalId } from '../../core/relay';

// The GraphQL type names of the resource kinds, as global ids carry them (resources/resource.entity.ts).
const TYPE_NAMES: Record<string, string> = {
  GOVERNMENT_PROGRAMME: 'GovernmentProgramme',
  CHARITY_PROJECT: 'CharityProject',
  DONATION: 'Donation',
  VOLUNTEER_OFFER: 'VolunteerOffer',
};

/**
 * Issue 13, item 10. A report's idempotency key is scoped by its channel and caller (reports already recorded
 * get the scope `legacy`, which any caller's key still finds; so does a row inserted without one, e.g. by a script). A policy names the jurisdiction whose
 * coordinators publish and repeal it (existing ones: the city). A resource stores its HSDS id, so
 * `GET /hsds/services/<uuid>` is one index lookup instead of a pass over every published id.
 */
export class Migration20261203002100_scoped_keys_and_jurisdiction extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "emergency_case" add column "idempotency_scope" text not null default 'legacy';`);
    this.addSql(`alter table "emergency_case" drop constraint "emergency_case_idempotency_key_unique";`);
    this.addSql(
      `alter table "emergency_case" add constraint "emergency_case_idempotency_unique" unique ("idempotency_scope", "idempotency_key");`,
    );

    this.addSql(`alter table "policy" add column "area_code" text not null default '310000';`);

    this.addSql(`alter table "resource" add column "hsds_id" uuid null;`);
    const resources = await this.execute('select id, kind from "resource"');
    for (let i = 0; i < resources.length; i += 1000) {
      const rows = resources
        .slice(i, i + 1000)
        .map((r) => ({ id: String(r.id), hsds_id: hsdsIdFor(toGlobalId(TYPE_NAMES[String(r.kind)]!, String(r.id))) }));
      this.addSql(
        `update "resource" set "hsds_id" = r.hsds_id from jsonb_to_recordset('${JSON.stringify(rows)}'::jsonb)
         as r(id uuid, hsds_id uuid) where "resource"."id" = r.id;`,
      );
    }
    this.addSql(`alter table "resource" add constraint "resource_hsds_id_unique" unique ("hsds_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "resource" drop constraint "resource_hsds_id_unique";`);
    this.addSql(`alter table "resource" drop column "hsds_id";`);
    this.addSql(`alter table "policy" drop column "area_code";`);
    this.addSql(`alter table "emergency_case" drop constraint "emergency_case_idempotency_unique";`);
    this.addSql(`alter table "emergency_case" drop column "idempotency_scope";`);
    this.addSql(
      `alter table "emergency_case" add constraint "emergency_case_idempotency_key_unique" unique ("idempotency_key");`,
    );
  }
}
