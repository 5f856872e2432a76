import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Area, AreaLevel } from '../src/modules/areas/area.entity';
import { Organization } from '../src/modules/organizations/organization.entity';
import { Policy, PolicyStatus } from '../src/modules/policies/policy.entity';
import { policySearchDocument } from '../src/modules/policies/policy.service';
import { parsePolicyText, policyBodyFromCorpus, JIUJINAN_2017_TITLE } from '../src/modules/policies/policy-text';
import { SeedRun } from '../src/db/seed-run.entity';
import type { SearchIndex } from '../src/search/search-index';
import { AREAS } from './data/areas';
import { THESAURUS } from './data/thesaurus';
import { SearchSynonymSet } from '../src/modules/thesaurus';
import { CITY_ORGANIZATIONS } from './data/organizations';
import { seedCatalogue } from './catalogue';

export const BASE_SEED = 'base-2026-11';
export const CATALOGUE_SEED = 'catalogue-2026-11';
export const THESAURUS_SEED = 'thesaurus-2026-12';
/** The whole city's streets, added to databases seeded when only three districts had them. */
export const CITY_AREAS_SEED = 'areas-city-2026-12';

// The data files sit beside the compiled seeders' sources; both layouts find them.
export function seedDataPath(file: string): string {
  const candidates = [path.join(__dirname, 'data', file), path.join(__dirname, '..', '..', 'seeds', 'data', file)];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!;
}

function levelOf(code: string): AreaLevel {
  if (code.endsWith('0000')) return AreaLevel.CITY;
  return code.length === 6 ? AreaLevel.DISTRICT : AreaLevel.STREET;
}

async function seedAreas(em: EntityManager): Promise<Map<string, Area>> {
  const byCode = new Map<string, Area>();
  for (const area of await em.find(Area, {})) byCode.set(area.code, area);
  // Areas already there keep their ids, codes and names: cases, households and tokens refer to them.
  for (const seed of AREAS) {
    if (byCode.has(seed.code)) continue;
    const area = Object.assign(new Area(), { code: seed.code, name: seed.name, level: levelOf(seed.code) });
    if (seed.parent) area.parent = em.getReference(Area, byCode.get(seed.parent)!.id, { wrapped: true });
    byCode.set(seed.code, area);
    em.persist(area);
  }
  return byCode;
}

function seedOrganizations(em: EntityManager, areas: Map<string, Area>): void {
  for (const seed of CITY_ORGANIZATIONS) {
    const area = em.getReference(Area, areas.get(seed.areaCode)!.id, { wrapped: true });
    em.persist(Object.assign(new Organization(), { name: seed.name, kind: seed.kind, area, verified: true }));
  }
}

function jiujinanPolicy(): Policy {
  const body = policyBodyFromCorpus(fs.readFileSync(seedDataPath('jiujinan-2017.txt'), 'utf8'));
  const { sections, citations } = parsePolicyText(body);
  const publishedAt = new Date('2017-05-15T00:00:00+08:00');
  return Object.assign(new Policy(), {
    title: JIUJINAN_2017_TITLE,
    docNumber: null,
    issuers: ['上海市民政局', '上海市财政局'],
    issuedOn: '2017-05-15',
    isTrial: true,
    status: PolicyStatus.PUBLISHED,
    body,
    sections,
    citations,
    publishedAt,
    createdAt: publishedAt,
    createdBy: 'seed',
  });
}

/** Applies each seed set once (a ledger row per set); returns false when there was nothing to do. */
export async function seedDatabase(orm: MikroORM, search: SearchIndex): Promise<boolean> {
  return orm.em.fork().transactional(async (em) => {
    const applied = new Set((await em.find(SeedRun, {})).map((r) => r.name));
    if (
      applied.has(BASE_SEED) &&
      applied.has(CATALOGUE_SEED) &&
      applied.has(CITY_AREAS_SEED) &&
      applied.has(THESAURUS_SEED)
    )
      return false;
    if (!applied.has(BASE_SEED)) {
      const areas = await seedAreas(em);
      seedOrganizations(em, areas);
      const policy = jiujinanPolicy();
      em.persist(policy);
      em.persist(Object.assign(new SeedRun(), { name: BASE_SEED }));
      await em.flush();
      await search.upsert(em, [policySearchDocument(policy)]);
    }
    if (!applied.has(CITY_AREAS_SEED)) {
      // Idempotent: inserts only the areas whose code is missing (all of them on a fresh database).
      if (applied.has(BASE_SEED)) await seedAreas(em);
      em.persist(Object.assign(new SeedRun(), { name: CITY_AREAS_SEED }));
      await em.flush();
    }
    if (!applied.has(CATALOGUE_SEED)) {
      const policy = await em.findOneOrFail(Policy, { title: JIUJINAN_2017_TITLE, createdBy: 'seed' });
      await seedCatalogue(em, search, policy);
      em.persist(Object.assign(new SeedRun(), { name: CATALOGUE_SEED }));
      await em.flush();
    }
    if (!applied.has(THESAURUS_SEED)) {
      // The shipped thesaurus; coordinators edit it over GraphQL afterwards (searchSynonymSetUpsert).
      const base = Date.parse('2026-12-01T00:00:00Z');
      THESAURUS.forEach((entry, i) => {
        const at = new Date(base + i * 1000);
        em.persist(
          Object.assign(new SearchSynonymSet(), {
            terms: entry.terms,
            targets: entry.targets ?? [],
            updatedBy: 'seed',
            createdAt: at,
            updatedAt: at,
          }),
        );
      });
      em.persist(Object.assign(new SeedRun(), { name: THESAURUS_SEED }));
      await em.flush();
    }
    return true;
  });
}
