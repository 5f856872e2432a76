import type { FilterQuery } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock';
import { fromGlobalId, toGlobalId } from '../../core/relay';
import { Area } from '../areas';
import { Organization } from '../organizations';
import { Policy, PolicyStatus } from '../policies';
import { KIND_TYPE_NAMES, Resource, ResourceStatus } from '../resources';
import type { HsdsResourceView } from './hsds.types';
import type { HsdsRouterDeps } from './hsds.router';

const RESOURCE_TYPES = new Set(Object.values(KIND_TYPE_NAMES));

function publishedWhere(now: Date): FilterQuery<Resource> {
  return { status: ResourceStatus.PUBLISHED, $or: [{ availableUntil: null }, { availableUntil: { $gt: now } }] };
}

/** Published resources as HSDS views: a page costs four queries whatever its size. */
async function views(orm: MikroORM, resources: Resource[]): Promise<HsdsResourceView[]> {
  const em = orm.em.fork();
  const [organizations, areas, policies] = await Promise.all([
    em.find(Organization, { id: { $in: resources.map((r) => r.provider.id) } }),
    em.find(Area, { code: { $in: [...new Set(resources.flatMap((r) => r.serviceAreaCodes))] } }),
    em.find(Policy, {
      id: { $in: resources.flatMap((r) => (r.legalBasis ? [r.legalBasis.id] : [])) },
      status: PolicyStatus.PUBLISHED,
    }),
  ]);
  const providerAreas = await em.find(Area, { id: { $in: organizations.map((o) => o.area.id) } });
  const orgById = new Map(organizations.map((o) => [o.id, o]));
  const areaByCode = new Map(areas.map((a) => [a.code, a]));
  const areaById = new Map(providerAreas.map((a) => [a.id, a]));
  const policyById = new Map(policies.map((p) => [p.id, p]));
  return resources.map((r) => {
    const provider = orgById.get(r.provider.id)!;
    const providerArea = areaById.get(provider.area.id)!;
    const policy = r.legalBasis ? policyById.get(r.legalBasis.id) : undefined;
    return {
      id: r.globalId,
      kind: r.kind,
      title: r.title,
      description: r.description,
      status: r.status,
      provider: {
        id: provider.globalId,
        name: provider.name,
        kind: provider.kind,
        verified: provider.verified,
        areaName: providerArea.name,
        areaCode: providerArea.code,
      },
      serviceAreas: r.serviceAreaCodes.flatMap((code) => {
        const area = areaByCode.get(code);
        return area ? [{ id: area.globalId, code: area.code, name: area.name, level: area.level }] : [];
      }),
      forms: r.forms,
      emergencyTypes: r.emergencyTypes,
      capacity:
        r.capacityUnit !== null && r.capacityTotal !== null
          ? { unit: r.capacityUnit, total: r.capacityTotal, remaining: r.capacityRemaining ?? 0 }
          : null,
      eligibilityDescription: r.eligibilityDescription,
      availableFrom: r.availableFrom,
      availableUntil: r.availableUntil,
      contact: r.contact,
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
      legalBasis: policy ? { id: policy.globalId, title: policy.title, docNumber: policy.docNumber } : null,
      fundSource: r.fundSource,
    };
  });
}

/** The HSDS export reads the catalogue directly: only published, unexpired resources. */
export function hsdsSource(orm: MikroORM, clock: Clock): HsdsRouterDeps {
  return {
    async listPublished({ offset, limit }) {
      const em = orm.em.fork();
      const [items, total] = await em.findAndCount(Resource, publishedWhere(clock.now()), {
        orderBy: { publishedAt: 'desc', id: 'asc' },
        offset,
        limit,
      });
      return { items: await views(orm, items), total };
    },
    // HSDS clients follow the uuid of a list entry: the catalogue stores it (one index lookup).
    async resolveHsdsId(uuid) {
      const [row] = await orm.em
        .fork()
        .find(Resource, { $and: [{ hsdsId: uuid.toLowerCase() }, publishedWhere(clock.now())] }, {
          fields: ['id', 'kind'],
          limit: 1,
        });
      return row ? toGlobalId(KIND_TYPE_NAMES[row.kind], row.id) : null;
    },
    async getPublished(globalId) {
      const parsed = fromGlobalId(globalId);
      if (!parsed || !RESOURCE_TYPES.has(parsed.type)) return null;
      const resource = await orm.em
        .fork()
        .findOne(Resource, { $and: [{ id: parsed.id }, publishedWhere(clock.now())] });
      return resource && resource.typeName === parsed.type ? (await views(orm, [resource]))[0]! : null;
    },
  };
}
