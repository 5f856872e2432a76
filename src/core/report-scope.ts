/** How a supervision report groups its figures. */
export type ReportGroupBy = 'STREET' | 'DISTRICT' | 'MONTH';

/**
 * What a supervision figure covers: records under an area (its code prefix), in a period of
 * Asia/Shanghai calendar days [from, to] both included, grouped one way, with overdue judged at `now`.
 * Each module that owns records computes its own figures for a scope with SQL on its own tables.
 */
export interface ReportScope {
  /** The area's code prefix (areaPrefix): 31 for the city, 310101 for a district or its street code. */
  readonly prefix: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  readonly from: string;
  readonly to: string;
  readonly groupBy: ReportGroupBy;
  readonly now: Date;
}

/** The months (YYYY-MM) a period touches, first to last. */
export function monthsOf(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = fy * 12 + fm - 1; i <= ty * 12 + tm - 1; i += 1) {
    out.push(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/**
 * The SQL expression of a row's group: its street, its district (the first six digits of the street
 * code) or its month in Shanghai. `area` and `at` are trusted column names, never input. A month is
 * found by `width_bucket` over the period's month starts (a binary search over at most 25 instants):
 * formatting every row's timestamp in a time zone cost four times as much over a period's rows.
 */
export function groupKeySql(scope: Pick<ReportScope, 'groupBy' | 'from' | 'to'>, area: string, at: string): string {
  switch (scope.groupBy) {
    case 'STREET':
      return area;
    case 'DISTRICT':
      return `left(${area}, 6)`;
    case 'MONTH': {
      const months = monthsOf(scope.from, scope.to);
      if (!months.every((m) => /^\d{4}-\d{2}$/.test(m))) throw new RangeError('invalid report period');
      const labels = months.map((m) => `'${m}'`).join(', ');
      // Typed literals are constants when the statement is parsed; a cast of the array would run per row.
      const starts = months.map((m) => `timestamptz '${m}-01 00:00+08'`).join(', ');
      return `(array[${labels}])[width_bucket(${at}, array[${starts}])]`;
    }
  }
}

/**
 * The group key of a row by a calendar date column (`day`, a trusted column name): its street or
 * district by `area`, or the month the date falls in, found like groupKeySql's months by width_bucket
 * over the period's month starts (formatting every row's date cost twice as much).
 */
export function dayGroupKeySql(scope: Pick<ReportScope, 'groupBy' | 'from' | 'to'>, area: string, day: string): string {
  if (scope.groupBy !== 'MONTH') return groupKeySql(scope, area, '');
  const months = monthsOf(scope.from, scope.to);
  if (!months.every((m) => /^\d{4}-\d{2}$/.test(m))) throw new RangeError('invalid report period');
  const labels = months.map((m) => `'${m}'`).join(', ');
  const starts = months.map((m) => `date '${m}-01'`).join(', ');
  return `(array[${labels}])[width_bucket(${day}, array[${starts}])]`;
}

/**
 * The group key of a supervision read-model row (case_fact, referral_fact): those rows carry their
 * street (`area_code`), `district` and Shanghai `month` as columns, so grouping reads a column.
 */
export function factGroupKeySql(scope: Pick<ReportScope, 'groupBy'>, alias: string): string {
  switch (scope.groupBy) {
    case 'STREET':
      return `${alias}.area_code`;
    case 'DISTRICT':
      return `${alias}.district`;
    case 'MONTH':
      return `${alias}.month`;
  }
}

/**
 * A read-model row within the scope's period, by its Shanghai calendar `day` (two bindings: from, to):
 * the same rows as `periodSql` over the instant the day was taken from.
 */
export function factPeriodSql(alias: string): string {
  return `${alias}.day between ?::date and ?::date`;
}

/** `col` within the scope's period, as SQL with two bindings (from, to) in that order. */
export function periodSql(at: string): string {
  return `${at} >= (?::date)::timestamp at time zone 'Asia/Shanghai'
    and ${at} < ((?::date) + 1)::timestamp at time zone 'Asia/Shanghai'`;
}

/**
 * Hours from `start` to `end` as float8 (`date_part`, not `extract`: extract gives numeric, whose
 * arithmetic and sorting cost several times more over a period's rows).
 */
export function hoursSql(start: string, end: string): string {
  return `date_part('epoch', ${end} - ${start}) / 3600`;
}

/** The p50 and p90 of the hours from `start` to `end` where `end` is set: one sort, a float8[2]. */
export function hoursPercentilesSql(start: string, end: string): string {
  return `percentile_cont(array[0.5, 0.9]) within group (order by ${hoursSql(start, end)})`;
}

/** A percentile in hours rounded to two places, as reports give it; null when there was nothing to measure. */
export function roundHours(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value * 100) / 100;
}
