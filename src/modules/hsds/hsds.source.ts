import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock';
import { fromGlobalId, toGlobalId } from '../../core/relay';
import { areasByCodes, areasByIds } from '../areas';
import { organizationsByIds } from '../organizations';
import { publishedPoliciesByIds } from '../policies';
import {
  KIND_TYPE_NAMES,
  publishedResource,
  publishedResourceByHsdsId,
  publishedResourcePage,
  type Resource,
} from '../resources';
import type { HsdsResourceView } from './hsds.types';
import type { HsdsRouterDeps } from './hsds.router';

const RESOURCE_TYPES = new Set(Object.values(KIND_TYPE_NAMES));

/** Published resources as HSDS views, read through the owning modules' doors: a page costs four queries whatever its size. */
async function views(orm: MikroORM, resources: Resource[]): Promise<HsdsResourceView[]> {
  const em = orm.em.fork();
  const [organizations, areas, policies] = await Promise.all([
    organizationsByIds(
      em,
      resources.map((r) => r.provider.id),
    ),
    areasByCodes(em, [...new Set(resources.flatMap((r) => r.serviceAreaCodes))]),
    publishedPoliciesByIds(
      em,
      resources.flatMap((r) => (r.legalBasis ? [r.legalBasis.id] : [])),
    ),
  ]);
  const providerAreas = await areasByIds(
    em,
    organizations.map((o) => o.area.id),
  );
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

/** The HSDS export reads the catalogue through the resources module's door: only published, unexpired resources. */
export function hsdsSource(orm: MikroORM, clock: Clock): HsdsRouterDeps {
  return {
    async listPublished({ offset, limit }) {
      const [items, total] = await publishedResourcePage(orm.em.fork(), clock.now(), { offset, limit });
      return { items: await views(orm, items), total };
    },
    // HSDS clients follow the uuid of a list entry: the catalogue stores it (one index lookup).
    async resolveHsdsId(uuid) {
      const row = await publishedResourceByHsdsId(orm.em.fork(), uuid, clock.now());
      return row ? toGlobalId(KIND_TYPE_NAMES[row.kind], row.id) : null;
    },
    async getPublished(globalId) {
      const parsed = fromGlobalId(globalId);
      if (!parsed || !RESOURCE_TYPES.has(parsed.type)) return null;
      const resource = await publishedResource(orm.em.fork(), parsed.id, clock.now());
      return resource && resource.typeName === parsed.type ? (await views(orm, [resource]))[0]! : null;
    },
  };
}
