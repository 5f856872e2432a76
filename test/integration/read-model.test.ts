import { randomUUID } from 'node:crypto';
import { ReferenceKind, wrap, type EntityManager } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { viewOf } from '../../src/core/read-model';
import { Area } from '../../src/modules/areas';
import { Organization } from '../../src/modules/organizations';
import { Policy } from '../../src/modules/policies';
import { Resource } from '../../src/modules/resources/resource.entity';
import {
  decodeListCursor,
  encodeListCursor,
  listResourceViews,
  resourceViewsByIds,
} from '../../src/modules/resources/resource-list';
import { createSeededDatabase } from '../support/db';

let orm: MikroORM;
beforeAll(async () => {
  ({ orm } = await createSeededDatabase());
});
afterAll(() => orm.close());

describe('the list’s count, carried by the page’s statement', () => {
  // Statements the forked EntityManager's connection runs while `run` does (no background work here).
  async function counted<T>(run: () => Promise<T>): Promise<{ value: T; statements: number }> {
    const knex = orm.em.getKnex();
    let statements = 0;
    const onQuery = () => statements++;
    knex.on('query', onQuery);
    try {
      return { value: await run(), statements };
    } finally {
      knex.off('query', onQuery);
    }
  }

  it('equals count(*) of the filter, on every page, in one statement a page', async () => {
    const em = orm.em.fork();
    const where = [{ kind: 'CHARITY_PROJECT' }] as never[];
    const [{ n }] = await em.execute<{ n: number }[]>(
      `select count(*)::int as n from resource where kind = 'CHARITY_PROJECT'`,
    );
    expect(n).toBeGreaterThan(3);
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const { value, statements } = await counted(async () => {
        const got = await listResourceViews(em.fork(), where, 3, after, undefined, { withCount: true });
        return { got, total: await got.count() };
      });
      expect({ page, total: value.total, statements }).toEqual({ page, total: n, statements: 1 });
      if (!value.got.hasNextPage) break;
      after = encodeListCursor(value.got.rows.at(-1)!);
    }
  });

  it('counts in a statement of its own after the last page, and counts an empty list as 0 without one', async () => {
    const em = orm.em.fork();
    const all = await listResourceViews(em.fork(), [{}], 1000, undefined, undefined, { withCount: true });
    const past = encodeListCursor(all.rows.at(-1)!);
    const beyond = await counted(async () => {
      const got = await listResourceViews(em.fork(), [{}], 5, past, undefined, { withCount: true });
      return { rows: got.rows.length, total: await got.count() };
    });
    expect(beyond).toEqual({ value: { rows: 0, total: all.rows.length }, statements: 2 });
    const none = await counted(async () => {
      const got = await listResourceViews(em.fork(), [{ id: randomUUID() }], 5, undefined, undefined, {
        withCount: true,
      });
      return { rows: got.rows.length, total: await got.count() };
    });
    expect(none).toEqual({ value: { rows: 0, total: 0 }, statements: 1 });
  });

  it('without withCount, the page carries no count and count() asks PostgreSQL', async () => {
    const em = orm.em.fork();
    const got = await counted(async () => {
      const page = await listResourceViews(em.fork(), [{}], 2, undefined);
      return { page, total: await page.count() };
    });
    const [{ n }] = await em.execute<{ n: number }[]>('select count(*)::int as n from resource');
    expect({ total: got.value.total, statements: got.statements }).toEqual({ total: n, statements: 2 });
  });
});

describe('read-only views', () => {
  it('hold exactly what the managed entity holds, for every seeded resource of every kind', async () => {
    const em = orm.em.fork();
    const entities = await em.find(Resource, {});
    const rows = await em.execute<Record<string, unknown>[]>('select * from resource');
    expect(rows).toHaveLength(entities.length);
    expect(new Set(entities.map((e) => e.kind)).size).toBe(4);
    for (const entity of entities) {
      const view = viewOf<Resource>(
        em,
        'Resource',
        rows.find((r) => r.id === entity.id)!,
      );
      const meta = wrap(entity, true).__meta;
      expect(Object.getPrototypeOf(view)).toBe(Object.getPrototypeOf(entity));
      expect(view).toBeInstanceOf(Resource);
      expect([view.typeName, view.globalId]).toEqual([entity.typeName, entity.globalId]);
      for (const prop of meta.props) {
        const mine = (view as unknown as Record<string, unknown>)[prop.name];
        const theirs = (entity as unknown as Record<string, unknown>)[prop.name];
        if (prop.kind === ReferenceKind.MANY_TO_ONE) {
          expect({ prop: prop.name, id: (mine as { id: string } | null)?.id ?? null }).toEqual({
            prop: prop.name,
            id: (theirs as { id: string } | null)?.id ?? null,
          });
        } else {
          expect({ prop: prop.name, value: mine }).toEqual({ prop: prop.name, value: theirs });
        }
      }
    }
  });

  it('the resources list builds views equal to the managed entities, every seeded resource once, newest first', async () => {
    const em = orm.em.fork();
    const entities = await em.find(Resource, {}, { orderBy: { createdAt: 'desc', id: 'desc' } });
    const views: Resource[] = [];
    let after: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const got = await listResourceViews(em.fork(), [{}], 7, after);
      views.push(...got.rows.map((r) => r.view));
      if (!got.hasNextPage) break;
      after = encodeListCursor(got.rows.at(-1)!);
    }
    expect(views.map((v) => v.id)).toEqual(entities.map((e) => e.id));
    expect(await (await listResourceViews(em.fork(), [{}], 1, undefined)).count()).toBe(entities.length);
    entities.forEach((entity, i) => {
      const view = views[i]!;
      expect(view).toBeInstanceOf(Object.getPrototypeOf(entity).constructor as typeof Resource);
      expect(Object.prototype.hasOwnProperty.call(view, '__helper')).toBe(false);
      for (const prop of wrap(entity, true).__meta.props) {
        if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
        const mine = (view as unknown as Record<string, unknown>)[prop.name];
        const theirs = (entity as unknown as Record<string, unknown>)[prop.name];
        const value = (v: unknown) =>
          prop.kind === ReferenceKind.MANY_TO_ONE ? ((v as { id: string } | null)?.id ?? null) : v;
        expect({ id: entity.id, prop: prop.name, value: value(mine) }).toEqual({
          id: entity.id,
          prop: prop.name,
          value: value(theirs),
        });
      }
    });
  });

  it('carry provider, service areas and legal basis, built by PostgreSQL as JSON, equal to the managed entities', async () => {
    const em = orm.em.fork();
    const all = { provider: true, serviceAreas: true, legalBasis: true };
    const { rows } = await listResourceViews(em.fork(), [{}], 100, undefined, all);
    const entities = await em.find(Resource, {});
    expect(rows).toHaveLength(entities.length);
    expect(rows.some((r) => r.legalBasis)).toBe(true);
    // The same view of each, whichever way the views came: by page or by id (the search path).
    const byIds = await resourceViewsByIds(
      em.fork(),
      rows.map((r) => r.view.id),
      all,
    );
    const sameAs = async (view: object | null | undefined, entity: object | null) => {
      expect(view === null || view === undefined).toBe(entity === null);
      if (!view || !entity) return;
      expect(Object.getPrototypeOf(view)).toBe(Object.getPrototypeOf(entity));
      for (const prop of wrap(entity, true).__meta.props) {
        if (prop.lazy || (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE)) continue;
        const value = (v: unknown) =>
          prop.kind === ReferenceKind.MANY_TO_ONE ? ((v as { id: string } | null)?.id ?? null) : v;
        const mine = value((view as Record<string, unknown>)[prop.name]);
        const theirs = value((entity as Record<string, unknown>)[prop.name]);
        expect({ prop: prop.name, value: mine }).toEqual({ prop: prop.name, value: theirs });
      }
    };
    const fresh = (): EntityManager => orm.em.fork() as unknown as EntityManager;
    for (const row of rows) {
      for (const shown of [row, byIds.get(row.view.id)!]) {
        await sameAs(shown.provider, await fresh().findOne(Organization, row.view.provider.id));
        const areas = await fresh().find(Area, { code: { $in: row.view.serviceAreaCodes } });
        expect(shown.serviceAreas!.map((a) => a.code).sort()).toEqual(areas.map((a) => a.code).sort());
        for (const area of shown.serviceAreas!)
          await sameAs(
            area,
            areas.find((a) => a.code === area.code)!,
          );
        await sameAs(
          shown.legalBasis,
          row.view.legalBasis ? await fresh().findOne(Policy, row.view.legalBasis.id) : null,
        );
      }
    }
  });

  it('takes list cursors only as written: anything else is BAD_USER_INPUT, never SQL', () => {
    const forge = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    const id = randomUUID();
    for (const bad of [
      forge('["x","y"]'),
      forge('k:["x","y"]'),
      forge('k:[1,2]'),
      forge('k:{"a":1}'),
      forge(`u:["2026-12-03 08:00:00'; drop table resource;--","${id}"]`),
      forge(`u:["2026-12-03T08:00:00.1234567Z","${id}"]`),
      'not base64!',
    ])
      expect(() => decodeListCursor(bad)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
  });

  it('are not managed: the entity manager knows nothing of them', async () => {
    const em = orm.em.fork();
    const [row] = await em.execute<Record<string, unknown>[]>('select * from resource limit 1');
    const view = viewOf<Resource>(em, 'Resource', row!);
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    expect(Object.prototype.hasOwnProperty.call(view, '__helper')).toBe(false);
  });

  it('page at PostgreSQL’s microsecond precision: rows sharing a millisecond are each seen exactly once', async () => {
    const em = orm.em.fork();
    // Five rows in one millisecond, their ids descending against their times: a millisecond cursor
    // (a JS Date) would skip the rest of that millisecond after the first row, or repeat it.
    const ids = Array.from({ length: 5 }, () => randomUUID()).sort();
    for (const [i, id] of ids.entries()) {
      await em.execute(
        `insert into resource (id, created_at, updated_at, kind, title, description, provider_id, forms, emergency_types,
           service_area_codes, coverage_codes, status)
         select ?, ?::timestamptz, now(), kind, title, description, provider_id, forms, emergency_types,
           service_area_codes, coverage_codes, status from resource where hsds_id is not null limit 1`,
        [id, `2031-01-01T00:00:00.12300${5 - i}Z`],
      );
    }
    try {
      for (const first of [1, 2, 3]) {
        const seen: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 20; page++) {
          const got = await listResourceViews(em.fork(), [{ id: { $in: ids } }], first, after);
          seen.push(...got.rows.map((r) => r.view.id));
          if (!got.hasNextPage) break;
          after = encodeListCursor(got.rows.at(-1)!);
        }
        // Newest first: the latest microsecond first (here the smallest id).
        expect({ first, seen }).toEqual({ first, seen: ids });
      }
      // A millisecond cursor from before still works (rows strictly before that instant).
      const old = Buffer.from(`k:${JSON.stringify(['2031-01-01T00:00:00.124Z', ids[0]])}`).toString('base64url');
      expect((await listResourceViews(em.fork(), [{ id: { $in: ids } }], 10, old)).rows).toHaveLength(5);
    } finally {
      await em.execute('delete from resource where id = any(?::uuid[])', [`{${ids.join(',')}}`]);
    }
  });
});
