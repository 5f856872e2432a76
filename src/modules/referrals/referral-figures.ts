import type { EntityManager } from '@mikro-orm/postgresql';
import { groupKeySql, periodSql, type ReportScope } from '../../core/report-scope';
import { sqlList } from '../../core/sql';
import { ACTIVE_REFERRAL_STATUSES, REFERRAL_LIFECYCLE } from './referral.lifecycle';

/** Supervision figures of referrals sent in a scope, per group (the referrals module's own table). */
export interface ReferralFigures {
  group: string;
  sent: number;
  /** Ever accepted (accepted, started or completed). */
  accepted: number;
  declined: number;
  completed: number;
  /** Still open (sent, accepted, in progress) past their deadline. */
  overdue: number;
  /** Decline reasons as given, with how many. */
  declineReasons: Record<string, number>;
}

/** How one provider handled the referrals sent to it in the scope (绩效评估). */
export interface ProviderFigures {
  group: string;
  organizationId: string;
  sent: number;
  accepted: number;
  declined: number;
  completed: number;
  /** Hours from sending to accepting, and from sending to completing: medians. */
  hoursToAcceptP50: number | null;
  hoursToCompleteP50: number | null;
}

// The states the figures count: where the lifecycle's steps lead.
const ACCEPTED = REFERRAL_LIFECYCLE.to('accept');
const DECLINED = REFERRAL_LIFECYCLE.to('decline');
const COMPLETED = REFERRAL_LIFECYCLE.to('complete');

// A step's time, from the referral's history: the first entry with that status.
const stepAt = (status: string) =>
  `(select min((h->>'at')::timestamptz) from jsonb_array_elements(r.history) h where h->>'status' = '${status}')`;

const SCOPED = (key: string) => `
  select ${key} as grp, r.id, r.to_organization_id, r.status::text as status, r.reason, r.due_at, r.created_at,
         ${stepAt(ACCEPTED)} as accepted_at, ${stepAt(COMPLETED)} as completed_at
  from referral r where r.area_code like ? and ${periodSql('r.created_at')}`;

export async function referralFigures(
  em: EntityManager,
  scope: ReportScope,
): Promise<{ groups: ReferralFigures[]; providers: ProviderFigures[] }> {
  const key = groupKeySql(scope.groupBy, 'r.area_code', 'r.created_at');
  const params = [`${scope.prefix}%`, scope.from, scope.to];
  // Columns named as the figures' fields: the rows are the figures.
  const groups = await em.execute<ReferralFigures[]>(
    `with scoped as (${SCOPED(key)}),
     reasons as (
       select grp, coalesce(nullif(trim(reason), ''), '未说明') as k, count(*)::int as n
       from scoped where status = '${DECLINED}' group by 1, 2
     )
     select s.grp as "group", count(*)::int as sent,
       count(*) filter (where s.accepted_at is not null)::int as accepted,
       count(*) filter (where s.status = '${DECLINED}')::int as declined,
       count(*) filter (where s.status = '${COMPLETED}')::int as completed,
       count(*) filter (where s.status in (${sqlList(ACTIVE_REFERRAL_STATUSES)}) and s.due_at < ?)::int as overdue,
       coalesce((select jsonb_object_agg(k, n) from reasons where reasons.grp = s.grp), '{}') as "declineReasons"
     from scoped s group by s.grp order by s.grp`,
    [...params, scope.now],
  );
  const providers = await em.execute<ProviderFigures[]>(
    `with scoped as (${SCOPED(key)})
     select grp as "group", to_organization_id as "organizationId", count(*)::int as sent,
       count(*) filter (where accepted_at is not null)::int as accepted,
       count(*) filter (where status = '${DECLINED}')::int as declined,
       count(*) filter (where status = '${COMPLETED}')::int as completed,
       round((percentile_cont(0.5) within group (order by extract(epoch from (accepted_at - created_at)) / 3600)
         filter (where accepted_at is not null))::numeric, 2)::float8 as "hoursToAcceptP50",
       round((percentile_cont(0.5) within group (order by extract(epoch from (completed_at - created_at)) / 3600)
         filter (where completed_at is not null))::numeric, 2)::float8 as "hoursToCompleteP50"
     from scoped group by grp, to_organization_id order by grp, to_organization_id`,
    params,
  );
  return { groups, providers };
}
