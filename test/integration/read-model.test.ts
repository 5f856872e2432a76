import { ReferenceKind, wrap } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { viewOf } from '../../src/core/read-model';
import { Resource } from '../../src/modules/resources/resource.entity';
import { decodeListCursor, encodeListCursor, listResourceViews } from '../../src/modules/resources/resource-list';
import { createSeededDatabase } from '../support/db';

let orm: MikroORM;
beforeAll(async () => {
  ({ orm } = await createSeededDatabase());
});
afterAll(() => orm.close());

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
      views.push(...got.views);
      if (!got.hasNextPage) break;
      after = encodeListCursor(got.views.at(-1)!);
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

  it('takes list cursors only as written: anything else is BAD_USER_INPUT, never SQL', () => {
    const forge = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const bad of [forge('["x","y"]'), forge('k:["x","y"]'), forge('k:[1,2]'), forge('k:{"a":1}'), 'not base64!'])
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
});
