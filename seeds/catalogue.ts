import type { EntityManager } from '@mikro-orm/postgresql';
import { areaAncestry } from '../src/core/areas';
import { Area } from '../src/modules/areas/area.entity';
import { Organization } from '../src/modules/organizations/organization.entity';
import { type Policy } from '../src/modules/policies/policy.entity';
import { describeRules, validateRules } from '../src/rules';
import { resourceSearchDocument } from '../src/modules/resources/resource-documents';
import { RESOURCE_CLASSES, type Resource } from '../src/modules/resources/resource.entity';
import { ResourceStatus } from '../src/modules/resources/resource.enums';
import type { SearchIndex } from '../src/search/search-index';
import { LOCAL_ORGANIZATIONS, RESOURCES, type ResourceSeed } from './data/resources';

const DAY = 24 * 3600 * 1000;

function resourceFrom(seed: ResourceSeed, provider: Organization, policy: Policy | null, now: Date): Resource {
  const checked = seed.eligibilityRules === null ? null : validateRules(seed.eligibilityRules);
  if (checked && !checked.ok) throw new Error(`seed ${seed.key}: invalid rules ${JSON.stringify(checked.errors)}`);
  const rules = checked?.ok ? checked.rules : null;
  const availableUntil =
    seed.availableUntilDays === undefined ? null : new Date(now.getTime() + seed.availableUntilDays * DAY);
  const expired = availableUntil !== null && availableUntil <= now;
  return Object.assign(new RESOURCE_CLASSES[seed.kind](), {
    kind: seed.kind,
    title: seed.title,
    description: seed.description,
    provider,
    forms: seed.forms,
    emergencyTypes: seed.emergencyTypes,
    serviceAreaCodes: seed.serviceAreaCodes,
    coverageCodes: [...new Set(seed.serviceAreaCodes.flatMap(areaAncestry))],
    eligibilityRules: rules,
    eligibilityDescription: seed.eligibilityDescription ?? (rules ? describeRules(rules) : null),
    capacityUnit: seed.capacity?.unit ?? null,
    capacityTotal: seed.capacity?.total ?? null,
    capacityRemaining: seed.capacity ? (seed.capacity.remaining ?? seed.capacity.total) : null,
    availableFrom: seed.availableFromDays === undefined ? null : new Date(now.getTime() + seed.availableFromDays * DAY),
    availableUntil,
    status: expired ? ResourceStatus.EXPIRED : ResourceStatus.PUBLISHED,
    publishedAt: now,
    legalBasis: seed.legalBasis ? policy : null,
    contact: seed.contact ?? null,
    fundSource: seed.fundSource ?? null,
    benefitCapFen: seed.benefitCapFen ?? null,
    budgetFen: seed.budgetFen ?? null,
    items: seed.items ?? null,
    cashFen: seed.cashFen ?? null,
    skills: seed.skills ?? null,
    hoursPerWeek: seed.hoursPerWeek ?? null,
    createdBy: 'seed',
  });
}

/** District charities and the published catalogue, in the caller's transaction. */
export async function seedCatalogue(em: EntityManager, search: SearchIndex, jiujinan: Policy): Promise<void> {
  const areas = new Map((await em.find(Area, {})).map((a) => [a.code, a]));
  for (const seed of LOCAL_ORGANIZATIONS) {
    em.persist(
      Object.assign(new Organization(), {
        name: seed.name,
        kind: seed.kind,
        area: areas.get(seed.areaCode)!,
        verified: true,
      }),
    );
  }
  await em.flush();
  const organizations = new Map((await em.find(Organization, {})).map((o) => [o.name, o]));
  const now = new Date();
  const resources = RESOURCES.map((seed) => {
    const provider = organizations.get(seed.provider);
    if (!provider) throw new Error(`seed ${seed.key}: unknown provider ${seed.provider}`);
    return resourceFrom(seed, provider, jiujinan, now);
  });
  em.persist(resources);
  await em.flush();
  await search.upsert(em, resources.map(resourceSearchDocument));
}
