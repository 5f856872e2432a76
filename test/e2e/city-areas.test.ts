import { createLogger } from '../../src/core/logger';
import { prepareDatabase } from '../../src/db/prepare';
import { PgSearchIndex } from '../../src/search/pg-search-index';
import { CITY_AREAS_SEED, seedDatabase } from '../../seeds';
import { STREETS } from '../../seeds/data/areas';
import { AreaSearchDocument, AreasDocument, EmergencyReportDocument } from '../generated/graphql';
import { createSeededDatabase } from '../support/db';
import { startTestHub, type TestHub } from '../support/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ reportRateLimitPerMinute: 10_000 });
});
afterAll(() => t.close());

const DISTRICT_STREET_COUNTS: Record<string, number> = {
  '310101': 10, // 黄浦区
  '310104': 14, // 徐汇区
  '310105': 10, // 长宁区
  '310106': 14, // 静安区
  '310107': 10, // 普陀区
  '310109': 8, // 虹口区
  '310110': 12, // 杨浦区
  '310112': 14, // 闵行区
  '310113': 13, // 宝山区
  '310114': 12, // 嘉定区
  '310115': 42, // 浦东新区
  '310116': 11, // 金山区
  '310117': 20, // 松江区
  '310118': 11, // 青浦区
  '310120': 12, // 奉贤区
  '310151': 21, // 崇明区
};

describe('the whole city’s area tree', () => {
  it('has every street and town of all 16 districts, with 9-digit codes under their district', async () => {
    const districts = (await t.gql(AreasDocument, { parentCode: '310000' })).data!.areas;
    expect(districts.map((d) => d.code)).toEqual(Object.keys(DISTRICT_STREET_COUNTS).sort());
    let total = 0;
    for (const district of districts) {
      const streets = (await t.gql(AreasDocument, { parentCode: district.code })).data!.areas;
      expect([district.code, streets.length]).toEqual([district.code, DISTRICT_STREET_COUNTS[district.code]]);
      for (const s of streets) {
        expect(s.code).toMatch(new RegExp(`^${district.code}\\d{3}$`));
        expect(s.level).toBe('STREET');
      }
      total += streets.length;
    }
    expect(total).toBe(234);
  });

  it('keeps the codes and names that earlier seeds, tests and tokens use', async () => {
    const streets = new Map<string, string>();
    for (const code of ['310101', '310104', '310115']) {
      for (const s of (await t.gql(AreasDocument, { parentCode: code })).data!.areas) streets.set(s.code, s.name);
    }
    expect(streets.get('310101002')).toBe('南京东路街道');
    expect(streets.get('310104003')).toBe('天平路街道');
    expect(streets.get('310115005')).toBe('陆家嘴街道');
    expect(streets.get('310115144')).toBe('老港镇');
  });

  it('lets a resident of every street report an emergency', async () => {
    const failures: string[] = [];
    const queue = [...STREETS];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let street = queue.shift(); street; street = queue.shift()) {
          const { data, errors } = await t.gql(EmergencyReportDocument, {
            input: {
              emergencyType: 'SUDDEN_ILLNESS',
              occurredAt: new Date(Date.now() - 600_000).toISOString(),
              areaCode: street.code,
              description: `${street.name}居民突发疾病`,
              channel: 'HOTLINE',
              idempotencyKey: `city-${street.code}`,
            },
          });
          if (errors || !data?.emergencyReport.emergencyCase || data.emergencyReport.userErrors.length > 0) {
            failures.push(street.code);
          }
        }
      }),
    );
    expect(STREETS).toHaveLength(234);
    expect(failures).toEqual([]);
  }, 120_000);

  it('finds areas for pickers by name or code prefix, under a parent, districts first', async () => {
    const byName = (await t.gql(AreaSearchDocument, { search: '陆家嘴' })).data!.areas;
    expect(byName.map((a) => a.code)).toEqual(['310115005']);
    const byCode = (await t.gql(AreaSearchDocument, { search: '310151', first: 100 })).data!.areas;
    expect(byCode[0]).toMatchObject({ code: '310151', level: 'DISTRICT' });
    expect(byCode).toHaveLength(22);
    const towns = (await t.gql(AreaSearchDocument, { search: '镇', parentCode: '310151', first: 100 })).data!.areas;
    expect(towns.length).toBeGreaterThan(10);
    expect(towns.every((a) => a.code.startsWith('310151') && a.name.includes('镇'))).toBe(true);
    const limited = (await t.gql(AreaSearchDocument, { search: '街道', first: 5 })).data!.areas;
    expect(limited).toHaveLength(5);
    expect((await t.gql(AreaSearchDocument, { search: '%' })).data!.areas).toEqual([]);
    const tooLong = await t.gql(AreaSearchDocument, { search: '区'.repeat(51) });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('adds the missing streets to a database seeded before, keeping every existing area’s id', async () => {
    const { orm, url } = await createSeededDatabase();
    try {
      const conn = orm.em.fork().getConnection();
      const before = await conn.execute<{ id: string; code: string }[]>(`select id, code from area order by code`);
      // What an older database looks like: streets only in 黄浦、徐汇、浦东, no ledger row for the city's areas.
      await conn.execute(
        `delete from area where level = 'STREET' and left(code, 6) not in ('310101', '310104', '310115')`,
      );
      await conn.execute(`delete from seed_run where name = ?`, [CITY_AREAS_SEED]);
      const [{ n }] = await conn.execute<{ n: string }[]>(`select count(*) as n from area`);
      expect(Number(n)).toBe(1 + 16 + 10 + 14 + 42);
      const surviving = new Map(
        (await conn.execute<{ id: string; code: string }[]>(`select id, code from area`)).map((r) => [r.code, r.id]),
      );
      await prepareDatabase(orm, url, {
        log: createLogger({ logLevel: 'silent' }),
        runSeeds: true,
        seed: (o) => seedDatabase(o, new PgSearchIndex()),
      });
      const after = await conn.execute<{ id: string; code: string; parent: string | null }[]>(
        `select a.id, a.code, p.code as parent from area a left join area p on p.id = a.parent_id order by a.code`,
      );
      expect(after.map((r) => r.code)).toEqual(before.map((r) => r.code));
      for (const row of after) {
        if (surviving.has(row.code)) expect([row.code, row.id]).toEqual([row.code, surviving.get(row.code)]);
        if (row.code.length === 9) expect([row.code, row.parent]).toEqual([row.code, row.code.slice(0, 6)]);
      }
      // Run again: nothing to do.
      expect(await seedDatabase(orm, new PgSearchIndex())).toBe(false);
    } finally {
      await orm.close();
    }
  });
});
