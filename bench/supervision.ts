import os from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TestClock, toDate } from '../src/core/clock';
import { Role, type Viewer } from '../src/core/auth';
import { openOrm } from '../src/db/orm';
import { SupervisionService, type Names } from '../src/modules/supervision/supervision.service';
import { keyedLoader } from '../src/core/loader';
import { percentiles, round, sequential } from './measure';
import { loadResources } from './resources';
import { benchDatabase } from './support';

const GOAL_P99_MS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CITY_AUDITOR: Viewer = {
  subject: 'bench-auditor',
  role: Role.AUDITOR,
  organizationId: null,
  areaCode: '310000',
  tokenId: 'bench',
  expiresAt: toDate('2099-01-01T00:00:00Z'),
};

/**
 * `cases` cases across every street over the first half of 2026, one need each, `referrals`
 * referrals spread over them (each with its commitment), aid for two cases in three — all in SQL
 * with generate_series, so loading takes seconds, not minutes.
 */
async function loadCasework(em: EntityManager, cases: number, referrals: number): Promise<void> {
  const [{ resource_id: resourceId }] = await em.execute<{ resource_id: string }[]>(
    'select id as resource_id from resource limit 1',
  );
  await em.execute(`create temporary table bench_street as
    select row_number() over (order by code) - 1 as n, id, code from area where code ~ '^[0-9]{9}$'`);
  await em.execute(`create temporary table bench_org as
    select row_number() over (order by id) - 1 as n, id from organization`);
  await em.execute(
    `insert into emergency_case (id, created_at, updated_at, reference, emergency_type, occurred_at, area_id, area_code,
       description, channel, idempotency_key, request_hash, status, expedited, accepted_at, verify_due_at,
       respond_due_at, verified_at, first_assisted_at)
     select gen_random_uuid(), t.at, t.at, 'B-' || g, (array['FIRE','SUDDEN_ILLNESS','TRAFFIC_ACCIDENT','ACCIDENT'])[1 + g % 4],
       t.at, s.id, s.code, '基准事件',
       ((array['HOTLINE','WALK_IN','COMMITTEE','SOCIAL_WORKER','SELF','PUBLIC_REPORT'])[1 + g % 6])::intake_channel,
       'bench-' || g, 'x',
       (case when g % 10 < 6 then 'ASSISTED' when g % 10 < 8 then 'VERIFIED' else 'REPORTED' end)::emergency_case_status,
       g % 13 = 0, t.at + (1 + g % 5) * interval '1 hour', t.at + interval '24 hours', t.at + interval '72 hours',
       case when g % 10 < 8 then t.at + (2 + g % 37) * interval '1 hour' end,
       case when g % 10 < 6 then t.at + (20 + g % 80) * interval '1 hour' end
     from generate_series(0, ? - 1) g
     cross join lateral (select timestamptz '2026-01-01 00:00+08' + (g * (181 * 86400.0 / ?)) * interval '1 second' as at) t
     join bench_street s on s.n = g % (select count(*) from bench_street)`,
    [cases, cases],
  );
  await em.execute(
    `insert into need (id, created_at, updated_at, case_id, area_code, emergency_type, form, description, urgency, status,
       escalation_level, escalated_at, created_by)
     select gen_random_uuid(), c.created_at, c.created_at, c.id, c.area_code, c.emergency_type, 'CASH', '基准需求', 'HIGH',
       (case when c.status = 'ASSISTED' then 'MET' when right(c.reference, 1) = '7' then 'ESCALATED' else 'OPEN' end)::need_status,
       case when right(c.reference, 1) = '7' then 'DISTRICT' end,
       case when right(c.reference, 1) = '7' then c.created_at + interval '6 hours' end, 'bench'
     from emergency_case c where c.reference like 'B-%'`,
  );
  await em.execute(`create temporary table bench_need as
    select row_number() over (order by n.id) - 1 as n, n.id, n.case_id, n.area_code, n.created_at from need n`);
  await em.execute(
    `insert into commitment (id, created_at, updated_at, need_id, resource_id, amount, unit, hold_until, status, created_by)
     select gen_random_uuid(), n.created_at, n.created_at, n.id, ?, 100, 'fen', n.created_at + interval '48 hours',
       'CONFIRMED', 'bench'
     from generate_series(0, ? - 1) g join bench_need n on n.n = g % (select count(*) from bench_need)`,
    [resourceId, referrals],
  );
  await em.execute(
    `insert into referral (id, created_at, updated_at, commitment_id, need_id, case_id, area_code, to_organization_id,
       status, due_at, reason, history, accepted_at, declined_at, completed_at)
     select gen_random_uuid(), m.created_at, m.created_at, m.id, n.id, n.case_id, n.area_code, o.id,
       (array['SENT','ACCEPTED','DECLINED','IN_PROGRESS','COMPLETED','COMPLETED'])[1 + x.k % 6]::referral_status,
       m.created_at + interval '72 hours',
       case when x.k % 6 = 2 then (array['超出服务能力','家庭不在服务范围','资源已用尽'])[1 + x.k % 3] end,
       jsonb_build_array(jsonb_build_object('status', 'SENT', 'at', m.created_at))
         || case when x.k % 6 in (1, 3, 4, 5) then jsonb_build_array(jsonb_build_object('status', 'ACCEPTED',
              'at', m.created_at + (1 + x.k % 9) * interval '1 hour')) else '[]'::jsonb end
         || case when x.k % 6 in (4, 5) then jsonb_build_array(jsonb_build_object('status', 'COMPLETED',
              'at', m.created_at + (30 + x.k % 50) * interval '1 hour')) else '[]'::jsonb end
         || case when x.k % 6 = 2 then jsonb_build_array(jsonb_build_object('status', 'DECLINED',
              'at', m.created_at + interval '2 hours')) else '[]'::jsonb end,
       -- the step columns the referrals module keeps beside the history (stepTo)
       case when x.k % 6 in (1, 3, 4, 5) then m.created_at + (1 + x.k % 9) * interval '1 hour' end,
       case when x.k % 6 = 2 then m.created_at + interval '2 hours' end,
       case when x.k % 6 in (4, 5) then m.created_at + (30 + x.k % 50) * interval '1 hour' end
     from (select row_number() over (order by id) as k, id, need_id, created_at from commitment) m
     cross join lateral (select m.k as k) x
     join need n on n.id = m.need_id
     join bench_org o on o.n = m.k % (select count(*) from bench_org)`,
  );
  await em.execute(
    `insert into assistance_record (id, created_at, updated_at, case_id, need_id, provider_id, area_code, cause, form,
       amount_fen, fund_source, delivered_on, recorded_by)
     select gen_random_uuid(), c.first_assisted_at, c.first_assisted_at, c.id, n.id, o.id, c.area_code, c.emergency_type,
       case when b.n % 3 = 0 then 'IN_KIND' else 'CASH' end, case when b.n % 3 = 0 then null else 50000 + b.n % 100 * 1000 end,
       case when b.n % 3 = 0 then null else '临时救助资金' end, (c.first_assisted_at at time zone 'Asia/Shanghai')::date, 'bench'
     from bench_need b join emergency_case c on c.id = b.case_id join need n on n.id = b.id
     join bench_org o on o.n = b.n % (select count(*) from bench_org)
     where c.first_assisted_at is not null`,
  );
  // case_fact and referral_fact: the report's read model, written by triggers with the rows above.
  const tables = [
    'emergency_case',
    'need',
    'commitment',
    'referral',
    'assistance_record',
    'case_fact',
    'referral_fact',
  ];
  for (const table of tables) {
    await em.execute(`vacuum analyze ${table}`);
  }
}

/** The same rows read by the plainest scans: a count per district over cases and referrals. */
async function baseline(em: EntityManager): Promise<void> {
  await em.execute(`select left(area_code, 6), count(*) from emergency_case
    where created_at >= '2026-01-01 00:00+08' and created_at < '2026-07-01 00:00+08' group by 1`);
  await em.execute(`select left(area_code, 6), count(*) from referral
    where created_at >= '2026-01-01 00:00+08' and created_at < '2026-07-01 00:00+08' group by 1`);
}

export async function benchSupervision(args: { cases: number; referrals: number }) {
  const db = await benchDatabase();
  try {
    const loadStarted = Date.now();
    await loadResources(db.url, 10, { profile: 'matching' });
    const orm = await openOrm(db.url, { pool: { min: 0, max: 8 } });
    try {
      const em = orm.em.fork();
      await loadCasework(em, args.cases, args.referrals);
      const loadSeconds = round((Date.now() - loadStarted) / 1000);
      const [counts] = await em.execute<{ cases: number; referrals: number }[]>(
        'select (select count(*) from emergency_case)::int as cases, (select count(*) from referral)::int as referrals',
      );
      const service = new SupervisionService(new TestClock('2026-07-15T00:00:00+08:00'));
      // Names in one batch per report, as the hub's loaders give them (supervision-names.ts), not one
      // round trip per street.
      const names = (): Names => {
        const loader = (table: 'area' | 'organization', column: 'code' | 'id') =>
          keyedLoader<string, { key: string; name: string }>(
            (keys) =>
              em.execute(
                `select ${column}::text as key, name from ${table}
                 where ${column}::text in (select jsonb_array_elements_text(?::jsonb))`,
                [JSON.stringify(keys)],
              ),
            (row) => row.key,
          );
        const areas = loader('area', 'code');
        const organizations = loader('organization', 'id');
        return {
          areaName: async (code) => (await areas.load(code))?.name ?? null,
          organizationName: async (id) => (await organizations.load(id))?.name ?? null,
        };
      };
      const run = (groupBy: 'DISTRICT' | 'STREET' | 'MONTH') => () =>
        service.report(
          orm.em.fork(),
          CITY_AUDITOR,
          { areaCode: '310000', from: '2026-01-01', to: '2026-06-30', groupBy },
          names(),
        );
      await run('DISTRICT')(); // warm-up
      const results: Record<string, unknown> = {};
      for (const groupBy of ['DISTRICT', 'STREET', 'MONTH'] as const) {
        const summary = await sequential(run(groupBy), RUNS);
        results[groupBy] = {
          runs: summary.requests,
          errors: summary.errors,
          ...percentiles([]),
          p50: summary.p50,
          p95: summary.p95,
          p99: summary.p99,
          max: summary.max,
        };
      }
      const base = await sequential(() => baseline(orm.em.fork()), RUNS);
      const p99 = Math.max(...Object.values(results).map((r) => (r as { p99: number }).p99));
      return {
        benchmark: 'supervision',
        data: { ...counts, loadSeconds },
        report: results,
        baseline: { what: 'count per district over cases and referrals of the period', p50: base.p50, p99: base.p99 },
        goal: { p99Ms: GOAL_P99_MS, met: p99 <= GOAL_P99_MS },
        loadAverage: os.loadavg().map(round),
      };
    } finally {
      await orm.close();
    }
  } finally {
    await db.close();
  }
}
