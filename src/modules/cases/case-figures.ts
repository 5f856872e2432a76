import type { EntityManager } from '@mikro-orm/postgresql';
import { groupKeySql, hoursPercentileSql, periodSql, type ReportScope } from '../../core/report-scope';
import { sqlList } from '../../core/sql';
import { CASE_LIFECYCLE } from './case.lifecycle';
import { NEED_LIFECYCLE } from './need.lifecycle';

/** Supervision figures of cases reported in a scope, per group (the cases module's own tables only). */
export interface CaseFigures {
  group: string;
  casesReported: number;
  byChannel: Record<string, number>;
  byType: Record<string, number>;
  /** Hours from report to accept (首问), to verify and to first assistance: p50 / p90 and how many. */
  toAccept: { n: number; p50: number | null; p90: number | null };
  toVerify: { n: number; p50: number | null; p90: number | null };
  toFirstAssistance: { n: number; p50: number | null; p90: number | null };
  /** Verified after the deadline, or still unverified past it. */
  verifyOverdue: number;
  /** First help after the deadline, or none yet past it while the case is open. */
  respondOverdue: number;
  expedited: number;
  /** Expedited cases whose paperwork (事后补办核实) came late or is still missing past its deadline. */
  paperworkOverdue: number;
  /** Needs escalated in the period and still not met. */
  needsEscalatedUnmet: number;
}

/** Cases still waiting for their help (not yet assisted, not ended). */
const OPEN = `(${CASE_LIFECYCLE.sql('assist')})`;
const ENDED = `(${sqlList(CASE_LIFECYCLE.final)})`;

/** Case figures per group for a scope: one statement over emergency_case, one over need. */
export async function caseFigures(em: EntityManager, scope: ReportScope): Promise<CaseFigures[]> {
  const key = groupKeySql(scope.groupBy, 'c.area_code', 'c.created_at');
  const rows = await em.execute<
    {
      grp: string;
      reported: number;
      channels: Record<string, number>;
      types: Record<string, number>;
      accept_n: number;
      accept_p50: number | null;
      accept_p90: number | null;
      verify_n: number;
      verify_p50: number | null;
      verify_p90: number | null;
      assist_n: number;
      assist_p50: number | null;
      assist_p90: number | null;
      verify_overdue: number;
      respond_overdue: number;
      expedited: number;
      paperwork_overdue: number;
    }[]
  >(
    `with scoped as (
       select ${key} as grp, c.* from emergency_case c
       where c.area_code like ? and ${periodSql('c.created_at')}
     ), counted as (
       select grp, channel::text as k, count(*)::int as n from scoped group by grp, channel
     ), typed as (
       select grp, emergency_type as k, count(*)::int as n from scoped group by grp, emergency_type
     )
     select s.grp, count(*)::int as reported,
       coalesce((select jsonb_object_agg(k, n) from counted where counted.grp = s.grp), '{}') as channels,
       coalesce((select jsonb_object_agg(k, n) from typed where typed.grp = s.grp), '{}') as types,
       count(s.accepted_at)::int as accept_n,
       ${hoursPercentileSql(0.5, 's.created_at', 's.accepted_at')} as accept_p50,
       ${hoursPercentileSql(0.9, 's.created_at', 's.accepted_at')} as accept_p90,
       count(s.verified_at)::int as verify_n,
       ${hoursPercentileSql(0.5, 's.created_at', 's.verified_at')} as verify_p50,
       ${hoursPercentileSql(0.9, 's.created_at', 's.verified_at')} as verify_p90,
       count(s.first_assisted_at)::int as assist_n,
       ${hoursPercentileSql(0.5, 's.created_at', 's.first_assisted_at')} as assist_p50,
       ${hoursPercentileSql(0.9, 's.created_at', 's.first_assisted_at')} as assist_p90,
       count(*) filter (where s.verified_at > s.verify_due_at
         or (s.verified_at is null and s.status in ${OPEN} and s.verify_due_at < ?))::int as verify_overdue,
       count(*) filter (where s.first_assisted_at > s.respond_due_at
         or (s.first_assisted_at is null and s.status in ${OPEN} and s.respond_due_at < ?))::int as respond_overdue,
       count(*) filter (where s.expedited)::int as expedited,
       count(*) filter (where s.expedited and (s.verified_at > s.verify_due_at
         or (s.verified_at is null and s.status not in ${ENDED} and s.verify_due_at < ?)))::int as paperwork_overdue
     from scoped s group by s.grp order by s.grp`,
    [`${scope.prefix}%`, scope.from, scope.to, scope.now, scope.now, scope.now],
  );
  const needKey = groupKeySql(scope.groupBy, 'n.area_code', 'n.escalated_at');
  const needs = await em.execute<{ grp: string; n: number }[]>(
    `select ${needKey} as grp, count(*)::int as n from need n
     where n.escalation_level is not null and n.status in (${NEED_LIFECYCLE.sql('commit')})
       and n.area_code like ? and ${periodSql('n.escalated_at')}
     group by 1`,
    [`${scope.prefix}%`, scope.from, scope.to],
  );
  const escalated = new Map(needs.map((r) => [r.grp, r.n]));
  const out = rows.map((r): CaseFigures => ({
    group: r.grp,
    casesReported: r.reported,
    byChannel: r.channels,
    byType: r.types,
    toAccept: { n: r.accept_n, p50: r.accept_p50, p90: r.accept_p90 },
    toVerify: { n: r.verify_n, p50: r.verify_p50, p90: r.verify_p90 },
    toFirstAssistance: { n: r.assist_n, p50: r.assist_p50, p90: r.assist_p90 },
    verifyOverdue: r.verify_overdue,
    respondOverdue: r.respond_overdue,
    expedited: r.expedited,
    paperworkOverdue: r.paperwork_overdue,
    needsEscalatedUnmet: escalated.get(r.grp) ?? 0,
  }));
  for (const [grp, n] of escalated) {
    if (!out.some((f) => f.group === grp)) out.push({ ...emptyCaseFigures(grp), needsEscalatedUnmet: n });
  }
  return out;
}

export function emptyCaseFigures(group: string): CaseFigures {
  const none = { n: 0, p50: null, p90: null };
  return {
    group,
    casesReported: 0,
    byChannel: {},
    byType: {},
    toAccept: none,
    toVerify: none,
    toFirstAssistance: none,
    verifyOverdue: 0,
    respondOverdue: 0,
    expedited: 0,
    paperworkOverdue: 0,
    needsEscalatedUnmet: 0,
  };
}
