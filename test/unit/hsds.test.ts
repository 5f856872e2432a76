import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
// ajv-formats is present through @mikro-orm/migrations; with it the uuid, date-time, uri and email formats are checked too.
import addFormats from 'ajv-formats';
import express from 'express';
import { toGlobalId } from '../../src/core/relay';
import { AssistanceForm, EmergencyType } from '../../src/core/vocabulary';
import { createHsdsRouter, type HsdsRouterDeps } from '../../src/modules/hsds/hsds.router';
import {
  HSDS_NAMESPACE,
  JIUJINAN_TAXONOMY,
  hsdsApiInfo,
  hsdsIdFor,
  hsdsServiceList,
  toHsdsService,
  uuidV5,
} from '../../src/modules/hsds/hsds.mapper';
import type { HsdsAttribute, HsdsResourceView } from '../../src/modules/hsds/hsds.types';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity';
import { ResourceKind, ResourceStatus } from '../../src/modules/resources/resource.enums';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'hsds-3.1');
const load = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
const serviceSchema = load('service_with_definitions.json');
// Despite its README, service_list.json is the schema of one `/services` list entry (one-to-one fields only).
const serviceListItemSchema = load('service_list.json');
// The envelope: `Page` of HSDS' schema/openapi.json (CC BY-SA 4.0, Open Referral) with `contents` as the
// /services response declares it; stricter than the original in requiring every header field and nothing else.
const envelopeSchema = {
  type: 'object',
  properties: {
    total_items: { type: 'integer', minimum: 0 },
    total_pages: { type: 'integer', minimum: 0 },
    page_number: { type: 'integer', minimum: 1 },
    size: { type: 'integer', minimum: 0 },
    first_page: { type: 'boolean' },
    last_page: { type: 'boolean' },
    empty: { type: 'boolean' },
    contents: { type: 'array', items: serviceListItemSchema },
  },
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  additionalProperties: false,
};

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateService = ajv.compile(serviceSchema);
const validateListItem = ajv.compile(serviceListItemSchema);
const validateEnvelope = ajv.compile(envelopeSchema);
function expectValid(validate: ValidateFunction, data: unknown): void {
  const ok = validate(data);
  expect(ajv.errorsText(validate.errors)).toBe('No errors');
  expect(ok).toBe(true);
}

const BASE_URL = 'https://jiujinan.example.org';
const gid = (type: string, n: number) => toGlobalId(type, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
const at = (iso: string) => new Date(iso);
const HUANGPU = { id: gid('Area', 2), code: '310101', name: '黄浦区', level: 'DISTRICT' as const };
const civilAffairs = {
  id: gid('Organization', 1),
  name: '黄浦区民政局',
  kind: OrganizationKind.GOVERNMENT_DEPARTMENT,
  verified: true,
  areaName: '黄浦区',
  areaCode: '310101',
};

const programme: HsdsResourceView = {
  id: gid('GovernmentProgramme', 1),
  kind: ResourceKind.GOVERNMENT_PROGRAMME,
  status: ResourceStatus.PUBLISHED,
  title: '黄浦区急难型临时救助',
  description: '对因火灾、交通事故、突发重大疾病等导致基本生活陷入困境的家庭，先行给予临时救助金。',
  provider: civilAffairs,
  serviceAreas: [HUANGPU],
  forms: [AssistanceForm.CASH],
  emergencyTypes: [EmergencyType.FIRE, EmergencyType.TRAFFIC_ACCIDENT, EmergencyType.SUDDEN_ILLNESS],
  capacity: { unit: 'fen', total: 50_000_000, remaining: 12_345_678 },
  eligibilityDescription: '本区户籍或持本市居住证的家庭，遭遇急难事件后基本生活出现严重困难。',
  availableFrom: at('2024-12-31T16:00:00Z'),
  availableUntil: at('2025-12-31T15:59:59Z'),
  contact: '021-63211234',
  publishedAt: at('2025-01-02T01:30:00Z'),
  updatedAt: at('2025-03-04T05:06:07.890Z'),
  legalBasis: { id: gid('Policy', 1), title: '国务院关于全面建立临时救助制度的通知', docNumber: '国发〔2014〕47号' },
  fundSource: '区级财政临时救助资金',
};
const project: HsdsResourceView = {
  id: gid('CharityProject', 2),
  kind: ResourceKind.CHARITY_PROJECT,
  status: ResourceStatus.PAUSED,
  title: '“暖心守护”困境家庭医疗救助',
  description: '为突发重病的困境家庭提供医疗费用补助和送医陪护。',
  provider: {
    id: gid('Organization', 2),
    name: '上海市慈善基金会',
    kind: OrganizationKind.FOUNDATION,
    verified: true,
    areaName: '上海市',
    areaCode: '310000',
  },
  serviceAreas: [{ id: gid('Area', 1), code: '310000', name: '上海市', level: 'CITY' }],
  forms: [AssistanceForm.MEDICAL_CARE, AssistanceForm.CASH],
  emergencyTypes: [EmergencyType.SUDDEN_ILLNESS, EmergencyType.ACCIDENT],
  capacity: { unit: 'fen', total: 100_000_000, remaining: 99_999_999 },
  eligibilityDescription: '低保、低收入或支出型贫困家庭。',
  availableFrom: null,
  availableUntil: null,
  contact: 'help@charity.example.org.cn',
  publishedAt: at('2025-02-01T02:00:00Z'),
  updatedAt: at('2025-02-10T08:00:00Z'),
  legalBasis: null,
  fundSource: null,
};
const donation: HsdsResourceView = {
  id: gid('Donation', 3),
  kind: ResourceKind.DONATION,
  status: ResourceStatus.EXHAUSTED,
  title: '冬季棉被捐赠',
  description: '爱心企业捐赠的加厚棉被，用于火灾、自然灾害受灾家庭过冬。',
  provider: {
    id: gid('Organization', 3),
    name: '上海某某纺织有限公司',
    kind: OrganizationKind.ENTERPRISE,
    verified: false,
    areaName: '南京东路街道',
    areaCode: '310101002',
  },
  serviceAreas: [
    HUANGPU,
    { id: gid('Area', 3), code: '310101002', name: '南京东路街道', level: 'STREET' },
    { id: gid('Area', 4), code: '310101013', name: '外滩街道', level: 'STREET' },
  ],
  forms: [AssistanceForm.IN_KIND],
  emergencyTypes: [EmergencyType.FIRE, EmergencyType.NATURAL_DISASTER],
  capacity: { unit: '床', total: 200, remaining: 0 },
  eligibilityDescription: null,
  availableFrom: null,
  availableUntil: at('2026-02-28T15:59:59Z'),
  contact: '联系人：王女士，电话 13812345678',
  publishedAt: at('2025-11-20T03:00:00Z'),
  updatedAt: at('2025-12-01T00:00:00Z'),
  legalBasis: null,
  fundSource: null,
};
const volunteers: HsdsResourceView = {
  id: gid('VolunteerOffer', 4),
  kind: ResourceKind.VOLUNTEER_OFFER,
  status: ResourceStatus.EXPIRED,
  title: '急难家庭心理疏导志愿服务',
  description: '持证心理咨询师为遭遇急难的家庭提供心理疏导。',
  provider: {
    id: gid('Organization', 4),
    name: '黄浦区阳光社工事务所',
    kind: OrganizationKind.SOCIAL_ORGANIZATION,
    verified: true,
    areaName: '外滩街道',
    areaCode: '310101013',
  },
  serviceAreas: [{ id: gid('Area', 4), code: '310101013', name: '外滩街道', level: 'STREET' }],
  forms: [AssistanceForm.PROFESSIONAL_SERVICE],
  emergencyTypes: [EmergencyType.OTHER_HARDSHIP, EmergencyType.SUDDEN_ILLNESS],
  capacity: null,
  eligibilityDescription: null,
  availableFrom: null,
  availableUntil: null,
  contact: null,
  publishedAt: null,
  updatedAt: at('2025-06-30T12:00:00Z'),
  legalBasis: { id: gid('Policy', 2), title: '上海市社会救助条例', docNumber: null },
  fundSource: null,
};
const VIEWS = [programme, project, donation, volunteers];
const termCodes = (attributes: HsdsAttribute[]) => attributes.map((a) => a.taxonomy_term.code);

describe('HSDS 3.1 mapping', () => {
  it('derives RFC 4122 v5 uuids (known vector) from a fixed namespace', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('urn:jiujinan-hub:hsds', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')).toBe(HSDS_NAMESPACE);
  });

  it.each(VIEWS.map((v) => [v.kind, v] as const))('maps a %s to a service that validates unchanged', (_kind, view) => {
    const service = toHsdsService(view, { baseUrl: BASE_URL });
    expectValid(validateService, service);
    expect(JSON.parse(JSON.stringify(service))).toStrictEqual(service); // nothing undefined, nothing lost in JSON
    expect(service).toStrictEqual(toHsdsService(view, { baseUrl: BASE_URL })); // deterministic
    expect(service).toMatchObject({
      id: hsdsIdFor(view.id),
      name: view.title,
      description: view.description,
      last_modified: view.updatedAt.toISOString(),
    });
    expect(service.organization_id).toBe(hsdsIdFor(view.provider.id));
    expect(service.organization.organization_identifiers[0].identifier).toBe(view.provider.id);
    expect(service.url).toBe(`${BASE_URL}/hsds/services/${view.id}`);
    const nestedIds = [
      service.id,
      ...service.service_areas.map((a) => a.id),
      ...service.attributes.map((a) => a.id),
      ...service.service_areas.flatMap((a) => a.attributes.map((x) => x.id)),
      ...service.capacities.map((c) => c.id),
    ];
    expect(new Set(nestedIds).size).toBe(nestedIds.length);
  });

  it('uses a validator that does check formats, enums and nested requirements', () => {
    const service = toHsdsService(programme, { baseUrl: BASE_URL });
    for (const broken of [
      { ...service, id: programme.id },
      { ...service, status: 'published' },
      { ...service, last_modified: '2025-03-04' },
      { ...service, organization: { ...service.organization, description: undefined } },
    ]) {
      expect(validateService(broken)).toBe(false);
    }
  });

  it('maps every hub status onto the HSDS enum, with an alert when not active', () => {
    const expected: Record<ResourceStatus, string> = {
      DRAFT: 'inactive',
      PUBLISHED: 'active',
      PAUSED: 'temporarily closed',
      EXHAUSTED: 'temporarily closed',
      EXPIRED: 'inactive',
      WITHDRAWN: 'inactive',
    };
    for (const status of Object.values(ResourceStatus)) {
      const service = toHsdsService({ ...programme, status }, { baseUrl: BASE_URL });
      expect([status, service.status]).toEqual([status, expected[status]]);
      expect(service.alert === undefined).toBe(status === ResourceStatus.PUBLISHED || status === ResourceStatus.DRAFT);
    }
  });

  it('carries kind, forms, emergency types, legal basis and the hub ID as jiujinan taxonomy attributes', () => {
    const service = toHsdsService(programme, { baseUrl: BASE_URL });
    expect(termCodes(service.attributes)).toEqual([
      'hub:global_id',
      'kind:GOVERNMENT_PROGRAMME',
      'form:CASH',
      'emergency:FIRE',
      'emergency:TRAFFIC_ACCIDENT',
      'emergency:SUDDEN_ILLNESS',
      'legal_basis',
    ]);
    for (const a of service.attributes) {
      expect(a).toMatchObject({ link_id: service.id, link_entity: 'service', taxonomy_term_id: a.taxonomy_term.id });
      expect(a.taxonomy_term).toMatchObject({
        taxonomy: 'jiujinan',
        taxonomy_id: JIUJINAN_TAXONOMY.id,
        language: 'zh',
      });
    }
    const byCode = new Map(service.attributes.map((a) => [a.taxonomy_term.code, a]));
    expect(byCode.get('form:CASH')?.taxonomy_term.name).toBe('救助金');
    expect(byCode.get('emergency:FIRE')?.taxonomy_term.name).toBe('火灾');
    expect(byCode.get('kind:GOVERNMENT_PROGRAMME')?.taxonomy_term.name).toBe('政府救助项目');
    expect(byCode.get('hub:global_id')?.value).toBe(programme.id);
    expect(byCode.get('legal_basis')?.value).toBe('《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）');
    // The same term has the same id in every service.
    const other = toHsdsService(project, { baseUrl: BASE_URL }).attributes.find(
      (a) => a.taxonomy_term.code === 'form:CASH',
    );
    expect(other?.taxonomy_term.id).toBe(byCode.get('form:CASH')?.taxonomy_term.id);
    // A term id always names the same term, wherever it is used.
    const terms = new Map<string, unknown>();
    for (const s of VIEWS.map((v) => toHsdsService(v, { baseUrl: BASE_URL }))) {
      for (const a of [
        ...s.attributes,
        ...s.organization.attributes,
        ...s.service_areas.flatMap((x) => x.attributes),
      ]) {
        expect(terms.get(a.taxonomy_term.id) ?? a.taxonomy_term).toStrictEqual(a.taxonomy_term);
        terms.set(a.taxonomy_term.id, a.taxonomy_term);
      }
    }
    expect(termCodes(toHsdsService(volunteers, { baseUrl: BASE_URL }).organization.attributes)).toEqual([
      'organization_kind:SOCIAL_ORGANIZATION',
      'organization:verified',
      '310101013',
    ]);
  });

  it('maps areas with their GB/T 2260 codes, capacities, funding, schedules, contacts and provenance', () => {
    const gov = toHsdsService(programme, { baseUrl: BASE_URL });
    expect(gov.capacities).toEqual([
      expect.objectContaining({ available: 12_345_678, maximum: 50_000_000, updated: '2025-03-04T05:06:07.890Z' }),
    ]);
    expect(gov.capacities[0].unit.identifier).toBe('fen');
    expect(gov.capacities[0].description).toContain('123456.78 元');
    expect(gov.funding).toEqual([expect.objectContaining({ source: '区级财政临时救助资金' })]);
    expect(gov.schedules).toEqual([
      expect.objectContaining({ valid_from: '2025-01-01', valid_to: '2025-12-31', timezone: 8 }),
    ]);
    expect(gov.phones).toEqual([expect.objectContaining({ number: '021-63211234' })]);
    expect(gov.metadata).toEqual([
      expect.objectContaining({
        last_action_date: '2025-01-02',
        last_action_type: 'publish',
        updated_by: '黄浦区民政局',
      }),
    ]);

    const goods = toHsdsService(donation, { baseUrl: BASE_URL });
    expect(
      goods.service_areas.map((a) => [a.name, a.attributes[0].value, a.attributes[0].taxonomy_term.taxonomy]),
    ).toEqual([
      ['黄浦区', '310101', 'GB/T 2260'],
      ['南京东路街道', '310101002', 'GB/T 2260'],
      ['外滩街道', '310101013', 'GB/T 2260'],
    ]);
    expect(goods.capacities[0]).toMatchObject({ available: 0, maximum: 200, unit: { name: '床' } });
    expect(goods.phones).toEqual([expect.objectContaining({ number: '13812345678', description: donation.contact })]);
    expect(goods.contacts).toEqual([expect.objectContaining({ name: donation.contact })]);
    expect(goods.schedules[0]).not.toHaveProperty('valid_from');
    expect(goods.organization.description).toContain('尚未核验');

    const charity = toHsdsService(project, { baseUrl: BASE_URL });
    expect(charity.email).toBe('help@charity.example.org.cn');
    expect(charity.funding).toEqual([]);

    const offer = toHsdsService(volunteers, { baseUrl: BASE_URL });
    expect(offer).not.toHaveProperty('eligibility_description');
    expect([offer.capacities, offer.schedules, offer.phones, offer.contacts, offer.metadata]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it('builds the paginated list envelope with one-to-one service fields', () => {
    const services = VIEWS.map((v) => toHsdsService(v, { baseUrl: BASE_URL }));
    const first = hsdsServiceList(services.slice(0, 3), { pageNumber: 1, perPage: 3, totalItems: 4 });
    expectValid(validateEnvelope, first);
    for (const item of first.contents) {
      expectValid(validateListItem, item);
      expect(Object.values(item).some(Array.isArray)).toBe(false);
    }
    expect(first).toMatchObject({
      total_items: 4,
      total_pages: 2,
      page_number: 1,
      size: 3,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const second = hsdsServiceList(services.slice(3), { pageNumber: 2, perPage: 3, totalItems: 4 });
    expect(second).toMatchObject({ size: 1, first_page: false, last_page: true, empty: false });
    const none = hsdsServiceList([], { pageNumber: 1, perPage: 50, totalItems: 0 });
    expectValid(validateEnvelope, none);
    expect(none).toMatchObject({
      total_pages: 0,
      size: 0,
      first_page: true,
      last_page: true,
      empty: true,
      contents: [],
    });
  });

  it('describes the API with an HSDS 3.1 version and a profile', () => {
    const info = hsdsApiInfo(`${BASE_URL}/`);
    expect(info.version).toMatch(/^3\.1(\.\d+)?$/);
    expect(info.profile).toMatch(/^https:\/\//);
    expect(info.publisher.website).toBe(BASE_URL);
  });
});

describe('the HSDS router', () => {
  let server: Server;
  let origin: string;
  const calls: { resolve: number } = { resolve: 0 };
  const deps: HsdsRouterDeps = {
    listPublished: async ({ offset, limit }) => ({ items: VIEWS.slice(offset, offset + limit), total: VIEWS.length }),
    getPublished: async (id) => VIEWS.find((v) => v.id === id) ?? null,
  };

  beforeAll(async () => {
    const app = express();
    app.use('/hsds', createHsdsRouter(deps));
    app.use(
      '/resolving',
      createHsdsRouter({
        ...deps,
        baseUrl: BASE_URL,
        resolveHsdsId: async (uuid) => {
          calls.resolve += 1;
          return VIEWS.find((v) => hsdsIdFor(v.id) === uuid)?.id ?? null;
        },
      }),
    );
    app.use(
      '/failing',
      createHsdsRouter({
        ...deps,
        listPublished: async () => Promise.reject(new Error('db down')),
        onError: () => undefined,
      }),
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function get(url: string): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
    const res = await fetch(origin + url);
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  it('answers the API info', async () => {
    const res = await get('/hsds/');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ version: '3.1', publisher: { website: origin } });
  });

  it('pages through /services', async () => {
    const one = await get('/hsds/services?page=1&per_page=3');
    const two = await get('/hsds/services?page=2&per_page=3');
    for (const res of [one, two]) {
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^application\/json/);
      expectValid(validateEnvelope, res.body);
    }
    expect(one.body).toMatchObject({
      total_items: 4,
      total_pages: 2,
      page_number: 1,
      size: 3,
      first_page: true,
      last_page: false,
    });
    expect(two.body).toMatchObject({ page_number: 2, size: 1, first_page: false, last_page: true });
    const ids = [one, two].flatMap((res) => (res.body.contents as { id: string }[]).map((s) => s.id));
    expect(ids).toEqual(VIEWS.map((v) => hsdsIdFor(v.id)));
    expect((await get('/hsds/services')).body).toMatchObject({ page_number: 1, size: 4, total_pages: 1 });
  });

  it('serves one service by global ID or by HSDS uuid, and 404s otherwise', async () => {
    const byGlobal = await get(`/hsds/services/${donation.id}`);
    expect(byGlobal.status).toBe(200);
    expectValid(validateService, byGlobal.body);
    expect(byGlobal.body).toMatchObject({ id: hsdsIdFor(donation.id), url: `${origin}/hsds/services/${donation.id}` });
    expect((await get(`/hsds/services/${hsdsIdFor(volunteers.id)}`)).body).toMatchObject({ name: volunteers.title });
    const resolved = await get(`/resolving/services/${hsdsIdFor(project.id)}`);
    expect([resolved.status, resolved.body.name, calls.resolve]).toEqual([200, project.title, 1]);
    for (const url of [
      `/hsds/services/${gid('Donation', 99)}`,
      `/hsds/services/${uuidV5('nobody', HSDS_NAMESPACE)}`,
      '/resolving/services/00000000-0000-4000-8000-000000000000',
      '/hsds/nowhere',
    ]) {
      const res = await get(url);
      expect([url, res.status, res.type.startsWith('application/json'), typeof res.body.error]).toEqual([
        url,
        404,
        true,
        'string',
      ]);
    }
  });

  it('rejects bad paging with 400 and hides failures behind a JSON 500', async () => {
    for (const query of [
      'page=0',
      'page=abc',
      'page=1.5',
      'page=1&page=2',
      'per_page=0',
      'per_page=101',
      'per_page=',
      'page=-1',
    ]) {
      const res = await get(`/hsds/services?${query}`);
      expect([query, res.status, typeof res.body.error]).toEqual([query, 400, 'string']);
    }
    expect((await get('/hsds/services?per_page=100')).status).toBe(200);
    const failed = await get('/failing/services');
    expect([failed.status, failed.body.error]).toEqual([500, '服务器内部错误 (internal server error)']);
  });
});
