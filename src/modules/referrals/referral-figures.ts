import type { EntityManager } from '@mikro-orm/postgresql';
import { factGroupKeySql, factPeriodSql, roundHours, type ReportScope } from '../../core/report-scope';
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

// The states the figures count: where the lifecycle's steps lead, and the ones still under way.
const DECLINED = REFERRAL_LIFECYCLE.to('decline');
const COMPLETED = REFERRAL_LIFECYCLE.to('complete');
const ACTIVE = `(${sqlList(ACTIVE_REFERRAL_STATUSES)})`;

interface ProviderRow {
  grp: string;
  organization_id: string;
  sent: number;
  accepted: number;
  declined: number;
  completed: number;
  overdue: number;
  accept_p50: number | null;
  complete_p50: number | null;
}

/**
 * Referral figures per group and provider in one pass over the referrals' read model (referral_fact:
 * one narrow row per referral with its Shanghai day and month, district and street, provider, state,
 * deadline and hours to accept and to complete, written with the referral — see the read-model
 * migration); the decline reasons are `referralDeclineReasons`, a pass of its own. The step hours come
 * from the referral's accepted_at / completed_at columns, which `stepTo` keeps beside the history. The
 * pass hashes the rows by (group, provider) and gathers each pair's hours into an array, whose median is
 * then taken over that small array: a percentile_cont grouped directly sorts every referral of the period by
 * (group, provider) first, which cost about as much again (EXPLAIN ANALYZE over 300,000 referrals).
 * A group's counts are the sums over its providers (every referral has exactly one).
 */
export async function referralFigures(
  em: EntityManager,
  scope: ReportScope,
): Promise<{ groups: ReferralFigures[]; providers: ProviderFigures[] }> {
  const key = factGroupKeySql(scope, 'f');
  const where = `f.area_code like ? and ${factPeriodSql('f')}`;
  const params = [`${scope.prefix}%`, scope.from, scope.to];
  const median = (values: string) => `(select percentile_cont(0.5) within group (order by x) from unnest(${values}) x)`;
  const rows = await em.execute<ProviderRow[]>(
    `select grp, organization_id, sent, accepted, declined, completed, overdue,
       ${median('accept_hours')} as accept_p50, ${median('complete_hours')} as complete_p50
     from (
       select ${key} as grp, f.organization_id, count(*)::int as sent,
         count(f.accept_hours)::int as accepted,
         count(*) filter (where f.status = '${DECLINED}')::int as declined,
         count(*) filter (where f.status = '${COMPLETED}')::int as completed,
         count(*) filter (where f.status in ${ACTIVE} and f.due_at < ?)::int as overdue,
         array_agg(f.accept_hours) filter (where f.accept_hours is not null) as accept_hours,
         array_agg(f.complete_hours) filter (where f.complete_hours is not null) as complete_hours
       from referral_fact f where ${where}
       group by 1, 2
     ) p order by grp, organization_id`,
    [scope.now, ...params],
  );
  const groups = new Map<string, ReferralFigures>();
  const providers: ProviderFigures[] = [];
  for (const row of rows) {
    let g = groups.get(row.grp);
    if (!g) {
      g = { group: row.grp, sent: 0, accepted: 0, declined: 0, completed: 0, overdue: 0 };
      groups.set(row.grp, g);
    }
    g.sent += row.sent;
    g.accepted += row.accepted;
    g.declined += row.declined;
    g.completed += row.completed;
    g.overdue += row.overdue;
    providers.push({
      group: row.grp,
      organizationId: row.organization_id,
      sent: row.sent,
      accepted: row.accepted,
      declined: row.declined,
      completed: row.completed,
      hoursToAcceptP50: roundHours(row.accept_p50),
      hoursToCompleteP50: roundHours(row.complete_p50),
    });
  }
  return { groups: [...groups.values()], providers };
}

/**
 * The decline reasons of the referrals declined in a scope, per group, as given (blank as 未说明), with how
 * many: a pass of its own over the declined ones, so that the report can run it beside `referralFigures`
 * in a second transaction rather than after it in the same one.
 */
export async function referralDeclineReasons(
  em: EntityManager,
  scope: ReportScope,
): Promise<Map<string, Record<string, number>>> {
  const rows = await em.execute<{ grp: string; reason: string; n: number }[]>(
    `select ${factGroupKeySql(scope, 'f')} as grp, coalesce(nullif(trim(f.reason), ''), '未说明') as reason,
       count(*)::int as n
     from referral_fact f where f.status = '${DECLINED}' and f.area_code like ? and ${factPeriodSql('f')}
     group by 1, 2`,
    [`${scope.prefix}%`, scope.from, scope.to],
  );
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const reasons = out.get(r.grp) ?? {};
    reasons[r.reason] = r.n;
    out.set(r.grp, reasons);
  }
  return out;
}
