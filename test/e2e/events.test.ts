import { print } from 'graphql';
import { appendEvents } from '../../src/events/outbox';
import { Resource } from '../../src/modules/resources/resource.entity';
import {
  CharityProjectCreateDocument,
  OrganizationsDocument,
  ResourcePublishDocument,
  ResourcePublishedDocument,
} from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { mainToken, startMain } from '../support/spawn';
import { subscribe } from '../support/ws';

async function publishOn(url: string, providerId: string, title: string): Promise<string> {
  // The second instance runs in production: it trusts the identity provider's tokens only.
  const token = await mainToken('COORDINATOR', { area: '310000' });
  const call = async (query: unknown, variables: object) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(query as never), variables }),
    });
    return (await response.json()) as { data: Record<string, { resource: { id: string } }> };
  };
  const input = {
    providerId,
    title,
    description: '跨实例测试项目。',
    forms: ['CASH'],
    emergencyTypes: ['FIRE'],
    serviceAreaCodes: ['310104'],
  };
  const created = await call(CharityProjectCreateDocument, { input });
  const id = created.data.charityProjectCreate!.resource.id;
  await call(ResourcePublishDocument, { input: { id } });
  return id;
}

async function providerOf(t: TestHub): Promise<string> {
  return (await t.gql(OrganizationsDocument, { search: '上海市慈善基金会' })).data!.organizations.nodes[0]!.id;
}

describe('events across instances', () => {
  it('delivers what the second process publishes to a subscriber on the first (LISTEN/NOTIFY)', async () => {
    const t = await startTestHub();
    const second = await startMain({ DATABASE_URL: t.databaseUrl });
    const sub = await subscribe(t.url, ResourcePublishedDocument, { filter: { areaCode: '310104' } });
    try {
      const id = await publishOn(second.url, await providerOf(t), '跨实例发布(PG)');
      const [event] = await sub.waitFor(1);
      expect(event!.resourcePublished.resource).toMatchObject({ id, title: '跨实例发布(PG)' });
    } finally {
      await sub.close();
      await second.stop();
      await t.close();
    }
  });

  (process.env.REDIS_URL ? it : it.skip)('does the same through Redis when REDIS_URL is set', async () => {
    const redisUrl = process.env.REDIS_URL!;
    const t = await startTestHub({ redisUrl });
    const second = await startMain({ DATABASE_URL: t.databaseUrl, REDIS_URL: redisUrl });
    const sub = await subscribe(t.url, ResourcePublishedDocument, { filter: { areaCode: '310104' } });
    try {
      const id = await publishOn(second.url, await providerOf(t), '跨实例发布(Redis)');
      const [event] = await sub.waitFor(1);
      expect(event!.resourcePublished.resource).toMatchObject({ id, title: '跨实例发布(Redis)' });
    } finally {
      await sub.close();
      await second.stop();
      await t.close();
    }
  });
});

describe('the outbox', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('emits nothing for a rolled-back write', async () => {
    const sub = await subscribe(t.url, ResourcePublishedDocument, {});
    try {
      const em = t.orm.em.fork();
      const resource = (await em.find(Resource, {}, { limit: 1 }))[0]!;
      const count = async () =>
        Number((await em.execute<{ n: string }[]>('select count(*) as n from domain_event'))[0]!.n);
      const before = await count();
      const event = {
        type: 'ResourcePublished',
        aggregateType: 'Resource',
        aggregateId: resource.id,
        payload: {
          resourceId: resource.id,
          kind: resource.kind,
          providerId: resource.provider.id,
          status: 'PUBLISHED',
          forms: resource.forms,
          emergencyTypes: resource.emergencyTypes,
          serviceAreaCodes: resource.serviceAreaCodes,
          coverageCodes: resource.coverageCodes,
        },
      };
      await expect(
        em.transactional(async (tx) => {
          await appendEvents(tx, [event]);
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      expect(await count()).toBe(before);
      // A committed event after it arrives, and is the only one.
      await em.transactional((tx) => appendEvents(tx, [event]));
      const received = await sub.waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(1);
      expect(await count()).toBe(before + 1);
    } finally {
      await sub.close();
    }
  });

  it('refuses to append outside a transaction', async () => {
    await expect(
      appendEvents(t.orm.em.fork(), [
        { type: 'X', aggregateType: 'Y', aggregateId: '00000000-0000-0000-0000-000000000000', payload: {} },
      ]),
    ).rejects.toThrow(/transaction/);
  });
});
