import type { EntityManager } from '@mikro-orm/postgresql';
import { groupKeySql, periodSql, type ReportScope } from '../../core/report-scope';

/** Screening in a scope, per group: households visited, flags raised and flags resolved. */
export interface ScreeningFigures {
  group: string;
  householdsScreened: number;
  flagsRaised: number;
  flagsResolved: number;
}

export async function screeningFigures(em: EntityManager, scope: ReportScope): Promise<ScreeningFigures[]> {
  const prefix = `${scope.prefix}%`;
  const visitKey =
    scope.groupBy === 'MONTH' ? `to_char(v.visited_on, 'YYYY-MM')` : groupKeySql(scope, 'v.area_code', '');
  const screened = await em.execute<{ grp: string; n: number }[]>(
    `select ${visitKey} as grp, count(distinct v.household_id)::int as n from screening_visit v
     where v.area_code like ? and v.visited_on between ?::date and ?::date group by 1`,
    [prefix, scope.from, scope.to],
  );
  const raised = await em.execute<{ grp: string; n: number }[]>(
    `select ${groupKeySql(scope, 'f.area_code', 'f.raised_at')} as grp, count(*)::int as n from risk_flag f
     where f.area_code like ? and ${periodSql('f.raised_at')} group by 1`,
    [prefix, scope.from, scope.to],
  );
  const resolved = await em.execute<{ grp: string; n: number }[]>(
    `select ${groupKeySql(scope, 'f.area_code', 'f.resolved_at')} as grp, count(*)::int as n from risk_flag f
     where f.area_code like ? and f.resolved_at is not null and ${periodSql('f.resolved_at')} group by 1`,
    [prefix, scope.from, scope.to],
  );
  const groups = new Map<string, ScreeningFigures>();
  const at = (grp: string) => {
    let g = groups.get(grp);
    if (!g) groups.set(grp, (g = { group: grp, householdsScreened: 0, flagsRaised: 0, flagsResolved: 0 }));
    return g;
  };
  for (const r of screened) at(r.grp).householdsScreened = r.n;
  for (const r of raised) at(r.grp).flagsRaised = r.n;
  for (const r of resolved) at(r.grp).flagsResolved = r.n;
  return [...groups.values()];
}
