import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { localId, toGlobalId } from '../../src/core/relay';
import { SUPERVISION_COLUMNS } from '../../src/modules/supervision';
import { SupervisionReportDocument, type SupervisionReportQuery } from '../generated/graphql';
import { castOf, project, publishedProject, type Cast } from '../support/casework';
import { startTestHub, type TestHub } from '../support/hub';

/*
 * A scripted month of casework (November 2026) in three streets of 黄浦区, written as raw rows with
 * chosen timestamps: some cases late, some expedited, referrals declined and completed, aid, a
 * duplicate, escalated needs, screening. Every figure of the report is then computed again here
 * from the raw rows, independently of the hub's SQL.
 */

let t: TestHub;
let cast: Cast;
let streets: string[];
const HOUR = 3600_000;
const FROM = '2026-11-01';
const TO = '2026-11-30';
// Shanghai midnight of 1 November, as an instant.
const MONTH_START = Date.parse('2026-11-01T00:00:00+08:00');

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return t.orm.em.getConnection().execute(query, params);
}

const at = (day: number, hour: number) => new Date(MONTH_START + ((day - 1) * 24 + hour) * HOUR);

interface CaseRow {
  id: string;
  area_code: string;
  channel: string;
  emergency_type: string;
  created_at: Date;
  accepted_at: Date | null;
  verified_at: Date | null;
  first_assisted_at: Date | null;
  verify_due_at: Date;
  respond_due_at: Date;
  status: string;
  expedited: boolean;
}

async function script(): Promise<void> {
  const [area] = await sql<{ id: string }>('select id from area where code = ?', [streets[0]]);
  const areaIds = new Map<string, string>();
  for (const code of streets) {
    const [row] = await sql<{ id: string }>('select id from area where code = ?', [code]);
    areaIds.set(code, row!.id);
  }
  void area;
  const resourceId = localId(await publishedProject(t, cast.charity, project(cast.charityOrgId)), 'CharityProject')!;
  const orgs = [localId(cast.charityOrgId, 'Organization')!, localId(cast.otherOrgId, 'Organization')!];
  const channels = ['HOTLINE', 'WALK_IN', 'COMMITTEE', 'PUBLIC_REPORT'];
  const types = ['FIRE', 'SUDDEN_ILLNESS', 'TRAFFIC_ACCIDENT'];
  // 30 cases, plus two outside the month and one outside the district that must not count.
  for (let i = 0; i < 33; i += 1) {
    const street = i < 30 ? streets[i % 3]! : '310104008';
    const day = i < 30 ? 1 + (i % 28) : i === 30 ? 0 : 31; // day 0 = 31 Oct, day 31 = 1 Dec
    const created = at(day, 8 + (i % 5));
    const accepted = i % 7 === 6 ? null : new Date(created.getTime() + (1 + (i % 4)) * HOUR);
    const late = i % 5 === 0;
    const verifyDue = new Date(created.getTime() + 24 * HOUR);
    const verified = accepted && i % 6 !== 5 ? new Date(created.getTime() + (late ? 30 : 2 + (i % 9)) * HOUR) : null;
    const assisted = verified && i % 4 !== 3 ? new Date(verified.getTime() + (10 + (i % 6) * 11) * HOUR) : null;
    const expedited = i % 8 === 2;
    const status = assisted ? 'ASSISTED' : verified ? 'VERIFIED' : 'REPORTED';
    const id = randomUUID();
    await sql(
      `insert into emergency_case (id, created_at, updated_at, reference, emergency_type, occurred_at, area_id, area_code,
         description, channel, idempotency_key, request_hash, status, expedited, accepted_at, verify_due_at,
         respond_due_at, verified_at, first_assisted_at, expedited_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, '脚本事件', ?::intake_channel, ?, 'x', ?::emergency_case_status, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        created,
        created,
        `SCRIPT-${id}`,
        types[i % 3],
        created,
        areaIds.get(street) ?? areaIds.get(streets[0]!)!,
        street,
        channels[i % 4],
        `script-${id}`,
        status,
        expedited,
        accepted,
        expedited ? new Date(created.getTime() + 120 * HOUR) : verifyDue,
        new Date(created.getTime() + 72 * HOUR),
        verified,
        assisted,
        expedited ? created : null,
      ],
    );
    // Each case has one need; every third is escalated and still unmet.
    const needId = randomUUID();
    const escalated = i % 3 === 1;
    await sql(
      `insert into need (id, created_at, updated_at, case_id, area_code, emergency_type, form, description, urgency,
         status, escalation_level, escalation_area_code, escalated_at, created_by)
       values (?, ?, ?, ?, ?, ?, 'CASH', '脚本需求', 'HIGH', ?::need_status, ?, ?, ?, 'script')`,
      [
        needId,
        created,
        created,
        id,
        street,
        types[i % 3],
        escalated ? 'ESCALATED' : 'OPEN',
        escalated ? 'DISTRICT' : null,
        escalated ? street.slice(0, 6) : null,
        escalated ? new Date(created.getTime() + 5 * HOUR) : null,
      ],
    );
    // Two referrals per case: one declined or completed, one still open (overdue for some).
    for (let k = 0; k < 2; k += 1) {
      const commitmentId = randomUUID();
      const sent = new Date(created.getTime() + (3 + k) * HOUR);
      await sql(
        `insert into commitment (id, created_at, updated_at, need_id, resource_id, amount, unit, hold_until, status, created_by)
         values (?, ?, ?, ?, ?, 100, 'fen', ?, 'CONFIRMED', 'script')`,
        [commitmentId, sent, sent, needId, resourceId, new Date(sent.getTime() + 48 * HOUR)],
      );
      const mode = k === 0 ? (i % 3 === 0 ? 'DECLINED' : 'COMPLETED') : i % 2 === 0 ? 'SENT' : 'ACCEPTED';
      const history: { status: string; at: string }[] = [{ status: 'SENT', at: sent.toISOString() }];
      const acceptedAt = new Date(sent.getTime() + (2 + (i % 3)) * HOUR);
      if (mode === 'COMPLETED' || mode === 'ACCEPTED')
        history.push({ status: 'ACCEPTED', at: acceptedAt.toISOString() });
      if (mode === 'COMPLETED') {
        history.push({ status: 'COMPLETED', at: new Date(acceptedAt.getTime() + (20 + i) * HOUR).toISOString() });
      }
      if (mode === 'DECLINED') history.push({ status: 'DECLINED', at: acceptedAt.toISOString() });
      await sql(
        `insert into referral (id, created_at, updated_at, commitment_id, need_id, case_id, area_code, to_organization_id,
           status, due_at, reason, history, accepted_at, declined_at, completed_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?::referral_status, ?, ?, ?::jsonb, ?, ?, ?)`,
        [
          randomUUID(),
          sent,
          sent,
          commitmentId,
          needId,
          id,
          street,
          orgs[(i + k) % 2],
          mode,
          // Open referrals of even cases are long overdue; the rest are due far ahead.
          i % 2 === 0 ? new Date(sent.getTime() + 48 * HOUR) : new Date('2099-01-01T00:00:00Z'),
          mode === 'DECLINED' ? (i % 2 === 0 ? '超出服务能力' : '家庭不在服务范围') : null,
          JSON.stringify(history),
          // The step columns the referrals module keeps beside the history (stepTo): the first time of each.
          ...['ACCEPTED', 'DECLINED', 'COMPLETED'].map((step) => history.find((h) => h.status === step)?.at ?? null),
        ],
      );
    }
    // Aid for assisted cases; every fourth assisted one is flagged as a duplicate of the previous record.
    if (assisted) {
      const [prev] = await sql<{ id: string }>('select id from assistance_record order by created_at desc limit 1');
      await sql(
        `insert into assistance_record (id, created_at, updated_at, case_id, need_id, provider_id, area_code, cause, form,
           amount_fen, fund_source, delivered_on, recorded_by, duplicate_of_id)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (? at time zone 'Asia/Shanghai')::date, 'script', ?)`,
        [
          randomUUID(),
          assisted,
          assisted,
          id,
          needId,
          orgs[i % 2],
          street,
          types[i % 3],
          i % 2 === 0 ? 'CASH' : 'IN_KIND',
          i % 2 === 0 ? 50_000 + i * 1_000 : null,
          i % 2 === 0 ? '临时救助资金' : null,
          assisted,
          i % 4 === 1 && prev ? prev.id : null,
        ],
      );
    }
  }
  // Screening: visits and flags of households in the streets.
  const [rule] = await sql<{ id: string }>(`select id from risk_rule where code = 'CRITICAL_HARDSHIP'`);
  for (let j = 0; j < 6; j += 1) {
    const street = streets[j % 3]!;
    const householdId = randomUUID();
    await sql(
      `insert into household (id, created_at, updated_at, area_id, area_code, address, category, registration,
         consent_basis, created_by) values (?, now(), now(), ?, ?, '脚本地址', 'NONE', 'SHANGHAI_HUKOU', '书面同意', 'script')`,
      [householdId, areaIds.get(street), street],
    );
    for (let v = 0; v <= j % 2; v += 1) {
      await sql(
        `insert into screening_visit (id, created_at, updated_at, household_id, area_code, visited_on, visited_by, category,
           degree, causes, living, recorded_by)
         values (gen_random_uuid(), now(), now(), ?, ?, ?::date, '网格员', 'NONE', 'CRITICAL', '{ILLNESS}', '{}', 'script')`,
        [householdId, street, `2026-11-${String(3 + j + v).padStart(2, '0')}`],
      );
    }
    const raised = at(4 + j, 10);
    await sql(
      `insert into risk_flag (id, created_at, updated_at, household_id, area_code, rule_id, level, facts, raised_at,
         resolved_at, resolved_by, resolution_note)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, 'HIGH', '[]', ?, ?, ?, ?)`,
      [
        raised,
        raised,
        householdId,
        street,
        rule!.id,
        raised,
        j % 2 === 0 ? new Date(raised.getTime() + 48 * HOUR) : null,
        j % 2 === 0 ? 'script' : null,
        j % 2 === 0 ? '已走访落实' : null,
      ],
    );
  }
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const v = sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  return Math.round(v * 100) / 100;
}

const inMonth = (d: Date | string | null) => {
  if (d === null) return false;
  const ms = new Date(d).getTime();
  return ms >= MONTH_START && ms < Date.parse('2026-12-01T00:00:00+08:00');
};
// The driver may hand timestamps over as strings: compare instants, never the values.
const ms = (d: Date | string | null): number => (d === null ? NaN : new Date(d).getTime());
const hours = (a: Date, b: Date) => (new Date(b).getTime() - new Date(a).getTime()) / HOUR;

type Group = SupervisionReportQuery['supervisionReport']['groups'][number];

/** The figures of one street, computed from the raw rows. */
async function expected(street: string, now: Date): Promise<Partial<Group>> {
  const cases = (await sql<CaseRow>('select * from emergency_case where area_code = ?', [street])).filter((c) =>
    inMonth(c.created_at),
  );
  const open = (s: string) => ['REPORTED', 'VERIFIED', 'RESPONDING'].includes(s);
  // A verification is owed until the case is closed or rejected (an expedited case may be helped first).
  const owesVerification = (s: string) => open(s) || s === 'ASSISTED';
  const tally = (keys: string[]) =>
    Object.entries(keys.reduce<Record<string, number>>((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {}))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, count]) => ({ key, count }));
  const stat = (end: keyof CaseRow) => {
    const values = cases.filter((c) => c[end] !== null).map((c) => hours(c.created_at, c[end] as Date));
    return { count: values.length, p50Hours: percentile(values, 0.5), p90Hours: percentile(values, 0.9) };
  };
  const referrals = (
    await sql<{
      status: string;
      due_at: Date | null;
      created_at: Date;
      reason: string | null;
      to_organization_id: string;
      history: { status: string; at: string }[];
    }>(
      'select status::text, due_at, created_at, reason, to_organization_id, history from referral where area_code = ?',
      [street],
    )
  ).filter((r) => inMonth(r.created_at));
  const needs = (
    await sql<{ escalated_at: Date | null; status: string; escalation_level: string | null }>(
      'select escalated_at, status::text, escalation_level from need where area_code = ?',
      [street],
    )
  ).filter(
    (n) => n.escalation_level !== null && inMonth(n.escalated_at) && n.status !== 'MET' && n.status !== 'CANCELLED',
  );
  const aid = (
    await sql<{
      delivered_on: string;
      form: string;
      amount_fen: number | null;
      fund_source: string | null;
      duplicate_of_id: string | null;
    }>(
      `select to_char(delivered_on, 'YYYY-MM-DD') as delivered_on, form, amount_fen, fund_source, duplicate_of_id
       from assistance_record where area_code = ?`,
      [street],
    )
  ).filter((a) => a.delivered_on >= FROM && a.delivered_on <= TO);
  const aidGroups = new Map<string, { form: string; fundSource: string; records: number; amountFen: number }>();
  for (const a of aid) {
    const k = `${a.form}|${a.fund_source ?? ''}`;
    const g = aidGroups.get(k) ?? { form: a.form, fundSource: a.fund_source ?? '', records: 0, amountFen: 0 };
    g.records += 1;
    g.amountFen += a.amount_fen ?? 0;
    aidGroups.set(k, g);
  }
  const visits = await sql<{ household_id: string; visited_on: string }>(
    `select household_id, to_char(visited_on, 'YYYY-MM-DD') as visited_on from screening_visit where area_code = ?`,
    [street],
  );
  const flags = await sql<{ raised_at: Date; resolved_at: Date | null }>(
    'select raised_at, resolved_at from risk_flag where area_code = ?',
    [street],
  );
  // Each provider's handling (绩效评估), from the referrals' histories.
  const stepHours = (r: (typeof referrals)[number], step: string) => {
    const at = r.history.find((h) => h.status === step)?.at;
    return at === undefined ? null : hours(r.created_at, new Date(at));
  };
  const providers = [...new Set(referrals.map((r) => r.to_organization_id))].sort().map((org) => {
    const mine = referrals.filter((r) => r.to_organization_id === org);
    const measured = (step: string) => mine.map((r) => stepHours(r, step)).filter((h): h is number => h !== null);
    return {
      organizationId: toGlobalId('Organization', org),
      sent: mine.length,
      accepted: mine.filter((r) => r.history.some((h) => h.status === 'ACCEPTED')).length,
      declined: mine.filter((r) => r.status === 'DECLINED').length,
      completed: mine.filter((r) => r.status === 'COMPLETED').length,
      hoursToAcceptP50: percentile(measured('ACCEPTED'), 0.5),
      hoursToCompleteP50: percentile(measured('COMPLETED'), 0.5),
    };
  });
  return {
    key: street,
    casesReported: cases.length,
    byChannel: tally(cases.map((c) => c.channel)).map((x) => expect.objectContaining(x)) as never,
    byType: tally(cases.map((c) => c.emergency_type)).map((x) => expect.objectContaining(x)) as never,
    reportToAccept: stat('accepted_at'),
    reportToVerify: stat('verified_at'),
    reportToFirstAssistance: stat('first_assisted_at'),
    casesVerifyOverdue: cases.filter(
      (c) =>
        (c.verified_at && ms(c.verified_at) > ms(c.verify_due_at)) ||
        (!c.verified_at && owesVerification(c.status) && ms(c.verify_due_at) < now.getTime()),
    ).length,
    casesRespondOverdue: cases.filter(
      (c) =>
        (c.first_assisted_at && ms(c.first_assisted_at) > ms(c.respond_due_at)) ||
        (!c.first_assisted_at && open(c.status) && ms(c.respond_due_at) < now.getTime()),
    ).length,
    expeditedCases: cases.filter((c) => c.expedited).length,
    expeditedPaperworkOverdue: cases.filter(
      (c) =>
        c.expedited &&
        ((c.verified_at && ms(c.verified_at) > ms(c.verify_due_at)) ||
          (!c.verified_at && !['CLOSED', 'REJECTED'].includes(c.status) && ms(c.verify_due_at) < now.getTime())),
    ).length,
    referralsSent: referrals.length,
    referralsAccepted: referrals.filter((r) => r.history.some((h) => h.status === 'ACCEPTED')).length,
    referralsDeclined: referrals.filter((r) => r.status === 'DECLINED').length,
    referralsCompleted: referrals.filter((r) => r.status === 'COMPLETED').length,
    referralsOverdue: referrals.filter(
      (r) => ['SENT', 'ACCEPTED', 'IN_PROGRESS'].includes(r.status) && ms(r.due_at) < now.getTime(),
    ).length,
    declineReasons: tally(referrals.filter((r) => r.status === 'DECLINED').map((r) => r.reason ?? '未说明')).map(
      (x) => ({ ...x, label: x.key }),
    ),
    providers: providers.map((p) => expect.objectContaining(p)) as never,
    needsEscalatedUnmet: needs.length,
    aid: [...aidGroups.values()].sort((a, b) => (`${a.form}|${a.fundSource}` < `${b.form}|${b.fundSource}` ? -1 : 1)),
    duplicateAidFlags: aid.filter((a) => a.duplicate_of_id !== null).length,
    householdsScreened: new Set(
      visits.filter((v) => v.visited_on >= FROM && v.visited_on <= TO).map((v) => v.household_id),
    ).size,
    flagsRaised: flags.filter((f) => inMonth(f.raised_at)).length,
    flagsResolved: flags.filter((f) => inMonth(f.resolved_at)).length,
  };
}

beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 1000 });
  cast = await castOf(t);
  streets = (
    await sql<{ code: string }>(`select code from area where code like '310101___' order by code limit 3`)
  ).map((r) => r.code);
  await script();
}, 60_000);

afterAll(async () => {
  await t.close();
});

async function report(groupBy: 'STREET' | 'DISTRICT' | 'MONTH', token = cast.auditor, areaCode = '310101') {
  return t.gql(SupervisionReportDocument, { areaCode, from: FROM, to: TO, groupBy }, { token });
}

describe('supervisionReport', () => {
  it('gives, per street, every figure as computed independently from the raw rows', async () => {
    const res = await report('STREET');
    expect(res.errors).toBeUndefined();
    const r = res.data!.supervisionReport;
    expect(r.groups.map((g) => g.key)).toEqual(streets);
    const now = new Date(r.generatedAt);
    for (const street of streets) {
      const group = r.groups.find((g) => g.key === street)!;
      expect(group).toMatchObject(await expected(street, now));
      expect(group.casesReported).toBe(10);
    }
    // The scripted month has late cases, expedited ones, declines and completions.
    const sum = (f: (g: Group) => number) => r.groups.reduce((n, g) => n + f(g), 0);
    expect(sum((g) => g.casesVerifyOverdue)).toBeGreaterThan(0);
    expect(sum((g) => g.expeditedCases)).toBeGreaterThan(0);
    expect(sum((g) => g.referralsDeclined)).toBeGreaterThan(0);
    expect(sum((g) => g.referralsCompleted)).toBeGreaterThan(0);
    expect(sum((g) => g.duplicateAidFlags)).toBeGreaterThan(0);
  });

  it('adds up to the district and splits by month the same', async () => {
    const streetsRes = (await report('STREET')).data!.supervisionReport;
    const district = (await report('DISTRICT')).data!.supervisionReport;
    const month = (await report('MONTH')).data!.supervisionReport;
    expect(district.groups.map((g) => g.key)).toEqual(['310101']);
    expect(month.groups.map((g) => g.key)).toEqual(['2026-11']);
    for (const field of [
      'casesReported',
      'referralsSent',
      'referralsDeclined',
      'casesVerifyOverdue',
      'flagsRaised',
    ] as const) {
      const total = streetsRes.groups.reduce((n, g) => n + g[field], 0);
      expect(district.groups[0]![field]).toBe(total);
      expect(month.groups[0]![field]).toBe(total);
    }
    const providers = district.groups[0]!.providers;
    expect(providers.map((p) => p.sent).reduce((a, b) => a + b, 0)).toBe(district.groups[0]!.referralsSent);
    expect(providers.every((p) => p.name !== '')).toBe(true);
  });

  it('gives the public, charities and caseworkers nothing, and auditors only their jurisdiction', async () => {
    const anonymous = await t.gql(SupervisionReportDocument, {
      areaCode: '310101',
      from: FROM,
      to: TO,
      groupBy: 'STREET',
    });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await report('STREET', cast.charity)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await report('STREET', cast.caseworker)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await report('STREET', cast.auditor, '310000')).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await report('STREET', cast.auditor, '310104')).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const streetAuditor = await t.token('AUDITOR', { area: streets[1]!, sub: 'street-auditor' });
    const own = (await report('STREET', streetAuditor, streets[1]!)).data!.supervisionReport;
    expect(own.groups.map((g) => g.key)).toEqual([streets[1]]);
    expect((await report('STREET', cast.coordinator, '310000')).errors).toBeUndefined();
  });

  it('refuses a bad period with a clear error', async () => {
    const res = await t.gql(
      SupervisionReportDocument,
      { areaCode: '310101', from: '2026-11-30', to: '2026-11-01', groupBy: 'STREET' },
      { token: cast.auditor },
    );
    expect(res.status).toBeLessThan(500);
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('export', () => {
  const url = (format: string, query = `areaCode=310101&from=${FROM}&to=${TO}&groupBy=STREET`) =>
    `${t.url.replace(/\/graphql$/, '')}/reports/supervision.${format}?${query}`;
  const get = (format: string, token?: string, query?: string) =>
    fetch(url(format, query), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('carries the same figures in CSV and XLSX, with Chinese headers', async () => {
    const r = (await report('STREET')).data!.supervisionReport;
    const rows = r.groups.map((g) => SUPERVISION_COLUMNS.map((c) => String(c.value(g as never))));

    const csv = await get('csv', cast.auditor);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(lines[0]).toEqual(SUPERVISION_COLUMNS.map((c) => c.header));
    expect(lines[0]).toContain('报告事件数');
    expect(lines.slice(1)).toEqual(rows);

    const xlsx = await get('xlsx', cast.auditor);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('督查报告')!;
    const values: string[][] = [];
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(values[0]).toEqual(SUPERVISION_COLUMNS.map((c) => c.header));
    expect(values.slice(1)).toEqual(rows);
    expect(workbook.getWorksheet('社会组织绩效')!.rowCount).toBeGreaterThan(1);
  });

  it('follows the same bearer-token rules', async () => {
    expect((await get('csv')).status).toBe(401);
    expect((await get('csv', cast.charity)).status).toBe(403);
    expect((await get('xlsx', cast.caseworker)).status).toBe(403);
    expect((await get('csv', cast.auditor, `areaCode=310104&from=${FROM}&to=${TO}&groupBy=STREET`)).status).toBe(403);
    expect((await get('csv', 'not-a-token')).status).toBe(401);
    const bad = await get('csv', cast.auditor, `areaCode=310101&from=x&to=${TO}&groupBy=STREET`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

/*
 * The report reads case_fact and referral_fact, the read model the cases and referrals modules keep
 * with every case and referral (triggers on the source tables). The scripted rows above were written
 * as raw SQL, so the figures matching the raw rows already shows the model followed them; here each
 * fact row is derived again from its source row in TypeScript, before and after the rows change.
 */
describe('read model', () => {
  const shanghaiDay = (d: Date | string) => new Date(ms(d) + 8 * HOUR).toISOString().slice(0, 10);
  const hoursOrNull = (from: Date | string, to: Date | string | null) =>
    to === null ? null : (ms(to) - ms(from)) / HOUR;
  const instant = (d: Date | string | null) => (d === null ? null : ms(d));

  async function caseFactsMatch(): Promise<number> {
    const cases = await sql<CaseRow>('select * from emergency_case');
    const facts = await sql<Record<string, unknown>>(
      `select case_id, to_char(day, 'YYYY-MM-DD') as day, month, district, area_code, channel::text as channel,
         emergency_type, status::text as status, expedited, accept_hours, verify_hours, assist_hours,
         verified_at, verify_due_at, first_assisted_at, respond_due_at from case_fact`,
    );
    expect(facts).toHaveLength(cases.length);
    const byId = new Map(facts.map((f) => [f.case_id as string, f]));
    for (const c of cases) {
      const f = byId.get(c.id)!;
      const day = shanghaiDay(c.created_at);
      expect({
        ...f,
        verified_at: instant(f.verified_at as Date | null),
        verify_due_at: instant(f.verify_due_at as Date),
        first_assisted_at: instant(f.first_assisted_at as Date | null),
        respond_due_at: instant(f.respond_due_at as Date),
      }).toEqual({
        case_id: c.id,
        day,
        month: day.slice(0, 7),
        district: c.area_code.slice(0, 6),
        area_code: c.area_code,
        channel: c.channel,
        emergency_type: c.emergency_type,
        status: c.status,
        expedited: c.expedited,
        accept_hours: hoursOrNull(c.created_at, c.accepted_at),
        verify_hours: hoursOrNull(c.created_at, c.verified_at),
        assist_hours: hoursOrNull(c.created_at, c.first_assisted_at),
        verified_at: instant(c.verified_at),
        verify_due_at: instant(c.verify_due_at),
        first_assisted_at: instant(c.first_assisted_at),
        respond_due_at: instant(c.respond_due_at),
      });
    }
    return cases.length;
  }

  async function referralFactsMatch(): Promise<number> {
    const referrals = await sql<{
      id: string;
      created_at: Date;
      area_code: string;
      to_organization_id: string;
      status: string;
      due_at: Date | null;
      reason: string | null;
      accepted_at: Date | null;
      completed_at: Date | null;
    }>(
      `select id, created_at, area_code, to_organization_id, status::text as status, due_at, reason, accepted_at,
         completed_at from referral`,
    );
    const facts = await sql<Record<string, unknown>>(
      `select referral_id, organization_id, to_char(day, 'YYYY-MM-DD') as day, month, district, area_code,
         status::text as status, due_at, accept_hours, complete_hours, reason from referral_fact`,
    );
    expect(facts).toHaveLength(referrals.length);
    const byId = new Map(facts.map((f) => [f.referral_id as string, f]));
    for (const r of referrals) {
      const f = byId.get(r.id)!;
      const day = shanghaiDay(r.created_at);
      expect({ ...f, due_at: instant(f.due_at as Date | null) }).toEqual({
        referral_id: r.id,
        organization_id: r.to_organization_id,
        day,
        month: day.slice(0, 7),
        district: r.area_code.slice(0, 6),
        area_code: r.area_code,
        status: r.status,
        due_at: instant(r.due_at),
        accept_hours: hoursOrNull(r.created_at, r.accepted_at),
        complete_hours: hoursOrNull(r.created_at, r.completed_at),
        reason: r.reason,
      });
    }
    return referrals.length;
  }

  it('holds one row per case and per referral, each derived from its source row', async () => {
    expect(await caseFactsMatch()).toBeGreaterThanOrEqual(33);
    expect(await referralFactsMatch()).toBeGreaterThanOrEqual(66);
  });

  it('follows the source rows when they change, in the same statement', async () => {
    const before = (await report('STREET')).data!.supervisionReport;
    const [c] = await sql<CaseRow>(
      `select * from emergency_case where area_code = ? and verified_at is null and reference like 'SCRIPT-%'
       order by created_at limit 1`,
      [streets[0]],
    );
    const [r] = await sql<{ id: string; history: unknown; accepted_at: Date }>(
      `select id, history, accepted_at from referral
       where area_code = ? and status = 'ACCEPTED'::referral_status order by created_at limit 1`,
      [streets[0]],
    );
    const verified = new Date(ms(c!.created_at) + 7 * HOUR);
    const completed = new Date(ms(r!.accepted_at) + 30 * HOUR);
    // A move to another street and a late verification; the referral completes.
    await sql(
      `update emergency_case set verified_at = ?, area_code = ?, status = 'VERIFIED'::emergency_case_status
      where id = ?`,
      [verified, streets[1], c!.id],
    );
    await sql(
      `update referral set status = 'COMPLETED'::referral_status, completed_at = ?,
         history = history || jsonb_build_array(jsonb_build_object('status', 'COMPLETED', 'at', ?::text))
       where id = ?`,
      [completed, completed.toISOString(), r!.id],
    );
    try {
      await caseFactsMatch();
      await referralFactsMatch();
      const after = (await report('STREET')).data!.supervisionReport;
      const of = (g: typeof after, k: string) => g.groups.find((x) => x.key === k)!;
      expect(of(after, streets[0]!).casesReported).toBe(of(before, streets[0]!).casesReported - 1);
      expect(of(after, streets[1]!).casesReported).toBe(of(before, streets[1]!).casesReported + 1);
      expect(of(after, streets[0]!).referralsCompleted).toBe(of(before, streets[0]!).referralsCompleted + 1);
      const now = new Date(after.generatedAt);
      for (const street of streets) expect(of(after, street)).toMatchObject(await expected(street, now));
    } finally {
      await sql(
        `update emergency_case set verified_at = ?, area_code = ?, status = ?::emergency_case_status where id = ?`,
        [c!.verified_at, c!.area_code, c!.status, c!.id],
      );
      await sql(
        `update referral set status = 'ACCEPTED'::referral_status, completed_at = null, history = ?::jsonb
         where id = ?`,
        [JSON.stringify(r!.history), r!.id],
      );
    }
    await caseFactsMatch();
    await referralFactsMatch();
  });
});
