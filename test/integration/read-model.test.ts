import { ReferenceKind, wrap } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { viewOf } from '../../src/core/read-model';
import { Resource } from '../../src/modules/resources/resource.entity';
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

  it('are not managed: the entity manager knows nothing of them', async () => {
    const em = orm.em.fork();
    const [row] = await em.execute<Record<string, unknown>[]>('select * from resource limit 1');
    const view = viewOf<Resource>(em, 'Resource', row!);
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    expect(Object.prototype.hasOwnProperty.call(view, '__helper')).toBe(false);
  });
});
