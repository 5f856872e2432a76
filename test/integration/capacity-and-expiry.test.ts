import type { MikroORM } from '@mikro-orm/postgresql';
import { Organization } from '../../src/modules/organizations/organization.entity';
import { releaseCapacity, reserveCapacity } from '../../src/modules/resources/resource-capacity';
import { expireDueResources } from '../../src/modules/resources/resource-expiry';
import { CharityProject, Resource } from '../../src/modules/resources/resource.entity';
import { ResourceKind, ResourceStatus } from '../../src/modules/resources/resource.enums';
import { PgSearchIndex } from '../../src/search/pg-search-index';
import { createSeededDatabase } from '../support/db';

let orm: MikroORM;
beforeAll(async () => {
  ({ orm } = await createSeededDatabase());
});
afterAll(() => orm.close());

async function resource(values: Partial<Resource>): Promise<Resource> {
  const em = orm.em.fork();
  const provider = (await em.findOne(Organization, { name: '上海市慈善基金会' }))!;
  const r = Object.assign(new CharityProject(), {
    kind: ResourceKind.CHARITY_PROJECT,
    title: '容量测试',
    description: '测试',
    provider,
    forms: ['CASH'],
    emergencyTypes: ['FIRE'],
    serviceAreaCodes: ['310000'],
    coverageCodes: ['310000'],
    status: ResourceStatus.PUBLISHED,
    publishedAt: new Date(),
    ...values,
  });
  await em.persistAndFlush(r);
  return r;
}

const remaining = async (id: string) => (await orm.em.fork().findOneOrFail(Resource, { id })).capacityRemaining;

describe('capacity', () => {
  it('gives exactly 5 of 12 concurrent reservations of 1 against a capacity of 5', async () => {
    const r = await resource({ capacityUnit: '份', capacityTotal: 5, capacityRemaining: 5 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => orm.em.fork().transactional((tx) => reserveCapacity(tx, r.id, 1))),
    );
    expect(results.filter((x) => x.ok)).toHaveLength(5);
    expect(results.filter((x) => !x.ok && x.reason === 'INSUFFICIENT_CAPACITY')).toHaveLength(7);
    expect(await remaining(r.id)).toBe(0);
    expect((await orm.em.fork().findOneOrFail(Resource, { id: r.id })).status).toBe(ResourceStatus.EXHAUSTED);
  });

  it('reopens an exhausted resource when capacity is released, never above the total', async () => {
    const r = await resource({ capacityUnit: 'fen', capacityTotal: 1000, capacityRemaining: 1000 });
    expect(await orm.em.fork().transactional((tx) => reserveCapacity(tx, r.id, 1000))).toEqual({
      ok: true,
      remaining: 0,
    });
    expect(await releaseCapacity(orm.em.fork(), r.id, 300)).toBe(300);
    expect((await orm.em.fork().findOneOrFail(Resource, { id: r.id })).status).toBe(ResourceStatus.PUBLISHED);
    expect(await releaseCapacity(orm.em.fork(), r.id, 5000)).toBe(1000);
  });

  it('refuses unpublished or expired resources, and always fits unlimited ones', async () => {
    const draft = await resource({
      status: ResourceStatus.DRAFT,
      capacityUnit: '份',
      capacityTotal: 5,
      capacityRemaining: 5,
    });
    expect(await reserveCapacity(orm.em.fork(), draft.id, 1)).toMatchObject({ ok: false, reason: 'NOT_AVAILABLE' });
    const past = await resource({
      availableUntil: new Date(Date.now() - 1000),
      capacityUnit: '份',
      capacityTotal: 5,
      capacityRemaining: 5,
    });
    expect(await reserveCapacity(orm.em.fork(), past.id, 1)).toMatchObject({ ok: false, reason: 'NOT_AVAILABLE' });
    const unlimited = await resource({});
    expect(await reserveCapacity(orm.em.fork(), unlimited.id, 1000)).toEqual({ ok: true, remaining: null });
    await expect(reserveCapacity(orm.em.fork(), unlimited.id, 0)).rejects.toThrow(RangeError);
  });
});

describe('expiry', () => {
  it('expires published resources past availableUntil by itself, once, with an event', async () => {
    const r = await resource({ availableUntil: new Date(Date.now() - 1000) });
    const before = Number(
      (
        await orm.em
          .fork()
          .execute<{ n: string }[]>(`select count(*) as n from domain_event where type = 'ResourceExpired'`)
      )[0]!.n,
    );
    const [a, b] = await Promise.all([
      expireDueResources(orm, new PgSearchIndex()),
      expireDueResources(orm, new PgSearchIndex()),
    ]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect((await orm.em.fork().findOneOrFail(Resource, { id: r.id })).status).toBe(ResourceStatus.EXPIRED);
    const events = await orm.em
      .fork()
      .execute<{ n: string }[]>(
        `select count(*) as n from domain_event where type = 'ResourceExpired' and aggregate_id = ?`,
        [r.id],
      );
    expect(Number(events[0]!.n)).toBe(1);
    expect(
      Number(
        (
          await orm.em
            .fork()
            .execute<{ n: string }[]>(`select count(*) as n from domain_event where type = 'ResourceExpired'`)
        )[0]!.n,
      ),
    ).toBe(before + a + b);
    expect(await expireDueResources(orm, new PgSearchIndex())).toBe(0);
  });
});
