import type { EntityManager } from '@mikro-orm/postgresql';
import { dayGroupKeySql, type ReportScope } from '../../core/report-scope';

/** Aid given in a scope, per group, form and fund source (the assistance module's own table). */
export interface AidFigures {
  group: string;
  form: string;
  /** The fund source as recorded; '' when none was recorded. */
  fundSource: string;
  records: number;
  amountFen: number;
}

export async function assistanceFigures(
  em: EntityManager,
  scope: ReportScope,
): Promise<{ aid: AidFigures[]; duplicates: Map<string, number> }> {
  // delivered_on is a Shanghai calendar date already; MONTH groups by it.
  const key = dayGroupKeySql(scope, 'a.area_code', 'a.delivered_on');
  const where = `a.area_code like ? and a.delivered_on between ?::date and ?::date`;
  const params = [`${scope.prefix}%`, scope.from, scope.to];
  // One pass: the records by form and fund source, with how many of them are flagged duplicates.
  const aid = await em.execute<
    { grp: string; form: string; fund: string; records: number; amount: string; duplicates: number }[]
  >(
    `select ${key} as grp, a.form, coalesce(a.fund_source, '') as fund, count(*)::int as records,
       coalesce(sum(a.amount_fen), 0)::text as amount,
       count(*) filter (where a.duplicate_of_id is not null)::int as duplicates
     from assistance_record a where ${where} group by 1, 2, 3 order by 1, 2, 3`,
    params,
  );
  const duplicates = new Map<string, number>();
  for (const r of aid) if (r.duplicates > 0) duplicates.set(r.grp, (duplicates.get(r.grp) ?? 0) + r.duplicates);
  return {
    aid: aid.map((r) => ({
      group: r.grp,
      form: r.form,
      fundSource: r.fund,
      records: r.records,
      amountFen: Number(r.amount),
    })),
    duplicates,
  };
}
