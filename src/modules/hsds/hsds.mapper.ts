import { hsdsIdFor } from '../../core/hsds-id';
import { shanghaiDate } from '../../core/scalars';
import { ASSISTANCE_FORM_LABELS, EMERGENCY_TYPE_LABELS } from '../../core/vocabulary';
import type { OrganizationKind } from '../organizations';
import type { ResourceKind, ResourceStatus } from '../resources';
import type {
  HsdsResourceView,
  HsdsStatus,
  HsdsTaxonomy,
  HsdsTaxonomyTerm,
  HsdsAttribute,
  HsdsOrganization,
  HsdsUnit,
  HsdsServiceCapacity,
  HsdsSchedule,
  HsdsService,
  HsdsServiceListItem,
  HsdsServiceList,
  HsdsApiInfo,
} from './hsds.types';

export const HSDS_VERSION = '3.1';
// The hub follows base HSDS (no profile); the jiujinan taxonomy is an ordinary HSDS extension point.
export const HSDS_PROFILE_URL = 'https://docs.openreferral.org/en/latest/';

// The derivation lives in core: the catalogue stores each resource's HSDS id to be looked up by it.
export { HSDS_NAMESPACE, hsdsIdFor, uuidV5 } from '../../core/hsds-id';
// Nested objects: the same derivation from "<owner global ID>/<path>".
const hsdsId = hsdsIdFor;

export const JIUJINAN_TAXONOMY: HsdsTaxonomy = {
  id: hsdsId('taxonomy:jiujinan'),
  name: 'jiujinan',
  description: '上海救急难服务平台分类：资源类型、救助形式、急难类型、组织类型及平台标识。',
  version: '1',
};

export const GBT2260_TAXONOMY: HsdsTaxonomy = {
  id: hsdsId('taxonomy:gbt2260'),
  name: 'GB/T 2260',
  description: '中华人民共和国行政区划代码（6 位；街道/乡镇为 9 位扩展代码）。',
};

const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  GOVERNMENT_PROGRAMME: '政府救助项目',
  CHARITY_PROJECT: '慈善项目',
  DONATION: '爱心捐赠',
  VOLUNTEER_OFFER: '志愿服务',
};
const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  GOVERNMENT_DEPARTMENT: '政府部门',
  MASS_ORGANIZATION: '群团组织',
  RED_CROSS: '红十字会',
  FOUNDATION: '基金会',
  SOCIAL_ORGANIZATION: '社会组织',
  ENTERPRISE: '企业',
};
const AREA_LEVEL_LABELS: Record<HsdsResourceView['serviceAreas'][number]['level'], string> = {
  CITY: '市',
  DISTRICT: '区',
  STREET: '街道/乡镇',
};

const STATUS: Record<ResourceStatus, HsdsStatus> = {
  DRAFT: 'inactive',
  PUBLISHED: 'active',
  PAUSED: 'temporarily closed',
  EXHAUSTED: 'temporarily closed',
  EXPIRED: 'inactive',
  WITHDRAWN: 'inactive',
};
const ALERTS: Partial<Record<ResourceStatus, string>> = {
  PAUSED: '暂停接收转介。',
  EXHAUSTED: '额度已用尽，暂不可申请。',
  EXPIRED: '已过有效期。',
  WITHDRAWN: '已由提供方撤回。',
};

function makeTerm(t: HsdsTaxonomy, code: string, name: string, description: string): HsdsTaxonomyTerm {
  return {
    id: hsdsId(`taxonomy_term:${t.name}:${code}`),
    code,
    name,
    description,
    taxonomy: t.name,
    taxonomy_id: t.id,
    taxonomy_detail: t,
    language: 'zh',
  };
}
const jiujinanTerm = (code: string, name: string, description: string): HsdsTaxonomyTerm =>
  makeTerm(JIUJINAN_TAXONOMY, code, name, description);

const labelled = <K extends string>(
  prefix: string,
  what: string,
  labels: Record<K, string>,
): [string, HsdsTaxonomyTerm][] =>
  (Object.keys(labels) as K[]).map((key) => [
    `${prefix}:${key}`,
    jiujinanTerm(`${prefix}:${key}`, labels[key], `${what}：${labels[key]}`),
  ]);

const TERMS = new Map<string, HsdsTaxonomyTerm>([
  ...labelled('kind', '资源类型', RESOURCE_KIND_LABELS),
  ...labelled('form', '救助形式', ASSISTANCE_FORM_LABELS),
  ...labelled('emergency', '急难类型', EMERGENCY_TYPE_LABELS),
  ...labelled('organization_kind', '组织类型', ORGANIZATION_KIND_LABELS),
  [
    'organization:verified',
    jiujinanTerm('organization:verified', '已核验', '组织是否已经民政部门核验；值为 true 或 false。'),
  ],
  ['legal_basis', jiujinanTerm('legal_basis', '政策依据', '资源所依据的政策文件；值为标题及文号。')],
  [
    'hub:global_id',
    jiujinanTerm('hub:global_id', '平台全局ID', '救急难平台的全局ID，可用于 GraphQL node(id) 及 /hsds/services/{id}。'),
  ],
]);

/** Every term of the `jiujinan` taxonomy (codes like `form:CASH`, `emergency:FIRE`). */
export const JIUJINAN_TERMS: readonly HsdsTaxonomyTerm[] = [...TERMS.values()];

function term(code: string): HsdsTaxonomyTerm {
  const found = TERMS.get(code);
  if (found) return found;
  throw new Error(`unknown jiujinan taxonomy term ${code}`);
}

// One description per code: the same term (same id) is shared by service areas and organizations.
const areaTerm = (code: string, name: string): HsdsTaxonomyTerm =>
  makeTerm(GBT2260_TAXONOMY, code, name, `区划代码 ${code}：${name}`);

// `owner` is the hub key of the linked object, so attribute ids stay unique and stable.
function attribute(
  owner: string,
  linkId: string,
  linkEntity: string,
  t: HsdsTaxonomyTerm,
  value?: string,
): HsdsAttribute {
  const base = {
    id: hsdsId(`${owner}/attribute/${t.taxonomy}/${t.code}`),
    link_id: linkId,
    link_entity: linkEntity,
    taxonomy_term_id: t.id,
    taxonomy_term: t,
    label: t.name,
  };
  return value === undefined ? base : { ...base, value };
}

function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
}

// Same pattern as ajv-formats' "email", so we never emit an address the schema rejects.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const PHONE = /^\+?[\d\s()-]{5,20}$/;
const PHONE_IN_TEXT = /(?:\+?86[\s-]?)?(?:0\d{2,3}-)?\d{5,11}/;

function contactFields(r: HsdsResourceView, serviceId: string): Pick<HsdsService, 'email' | 'phones' | 'contacts'> {
  const text = r.contact?.trim();
  if (!text) return { phones: [], contacts: [] };
  const phoneId = hsdsId(`${r.id}/phone`);
  const contactId = hsdsId(`${r.id}/contact`);
  if (EMAIL.test(text))
    return { email: text, phones: [], contacts: [{ id: contactId, service_id: serviceId, email: text }] };
  if (PHONE.test(text)) return { phones: [{ id: phoneId, service_id: serviceId, number: text }], contacts: [] };
  const number = PHONE_IN_TEXT.exec(text)?.[0];
  return {
    phones: number ? [{ id: phoneId, service_id: serviceId, number, description: text }] : [],
    contacts: [{ id: contactId, service_id: serviceId, name: text }],
  };
}

function toOrganization(p: HsdsResourceView['provider']): HsdsOrganization {
  const id = hsdsIdFor(p.id);
  const verified = p.verified ? '已经民政部门核验' : '尚未核验';
  return {
    id,
    name: p.name,
    description: `${ORGANIZATION_KIND_LABELS[p.kind]}，所在区划：${p.areaName}（${p.areaCode}），${verified}。`,
    organization_identifiers: [
      {
        id: hsdsId(`${p.id}/organization_identifier/hub`),
        organization_id: id,
        identifier_scheme: 'jiujinan-hub',
        identifier_type: 'global_id',
        identifier: p.id,
      },
    ],
    attributes: [
      attribute(p.id, id, 'organization', term(`organization_kind:${p.kind}`)),
      attribute(p.id, id, 'organization', term('organization:verified'), String(p.verified)),
      attribute(p.id, id, 'organization', areaTerm(p.areaCode, p.areaName), p.areaCode),
    ],
  };
}

function capacities(r: HsdsResourceView, serviceId: string): HsdsServiceCapacity[] {
  if (!r.capacity) return [];
  const { unit, total, remaining } = r.capacity;
  const money = unit === 'fen';
  // Money stays integer fen, as everywhere in the hub; the description shows yuan for people.
  const hsdsUnit: HsdsUnit = money
    ? { id: hsdsId('unit:fen'), name: '分（人民币，1/100 元）', identifier: 'fen' }
    : { id: hsdsId(`unit:${unit}`), name: unit, identifier: unit };
  const description = money
    ? `救助资金余额 ${yuan(remaining)} 元，总额 ${yuan(total)} 元（数值以分计）。`
    : `剩余 ${remaining} ${unit}，共 ${total} ${unit}。`;
  return [
    {
      id: hsdsId(`${r.id}/capacity`),
      service_id: serviceId,
      unit: hsdsUnit,
      unit_id: hsdsUnit.id,
      available: remaining,
      maximum: total,
      description,
      updated: r.updatedAt.toISOString(),
    },
  ];
}

function schedules(r: HsdsResourceView, serviceId: string): HsdsSchedule[] {
  if (!r.availableFrom && !r.availableUntil) return [];
  const from = r.availableFrom ? shanghaiDate(r.availableFrom) : undefined;
  const to = r.availableUntil ? shanghaiDate(r.availableUntil) : undefined;
  const description = `有效期：${from ?? '即日起'} 至 ${to ?? '长期'}（北京时间）。`;
  return [
    {
      id: hsdsId(`${r.id}/schedule`),
      service_id: serviceId,
      ...(from ? { valid_from: from } : {}),
      ...(to ? { valid_to: to } : {}),
      timezone: 8,
      description,
    },
  ];
}

/** One hub resource as a fully nested HSDS 3.1 service. `baseUrl` is the public origin (the router sits at /hsds). */
export function toHsdsService(r: HsdsResourceView, options: { baseUrl: string }): HsdsService {
  const id = hsdsIdFor(r.id);
  const organization = toOrganization(r.provider);
  const policy = r.legalBasis
    ? `《${r.legalBasis.title}》${r.legalBasis.docNumber ? `（${r.legalBasis.docNumber}）` : ''}`
    : null;
  const alert = ALERTS[r.status];
  return {
    id,
    organization_id: organization.id,
    name: r.title,
    description: r.description,
    url: `${options.baseUrl.replace(/\/+$/, '')}/hsds/services/${encodeURIComponent(r.id)}`,
    status: STATUS[r.status],
    fees_description: '免费：救急难救助资源不向受助人收取任何费用。',
    ...(r.eligibilityDescription ? { eligibility_description: r.eligibilityDescription } : {}),
    ...(alert ? { alert } : {}),
    last_modified: r.updatedAt.toISOString(),
    organization,
    ...contactFields(r, id),
    service_areas: r.serviceAreas.map((a) => {
      const areaId = hsdsId(`${r.id}/service_area/${a.code}`);
      const level = AREA_LEVEL_LABELS[a.level];
      return {
        id: areaId,
        service_id: id,
        name: a.name,
        description: `${level}：${a.name}（区划代码 ${a.code}）`,
        attributes: [
          attribute(`${r.id}/service_area/${a.code}`, areaId, 'service_area', areaTerm(a.code, a.name), a.code),
        ],
      };
    }),
    capacities: capacities(r, id),
    funding: r.fundSource ? [{ id: hsdsId(`${r.id}/funding`), service_id: id, source: r.fundSource }] : [],
    schedules: schedules(r, id),
    attributes: [
      attribute(r.id, id, 'service', term('hub:global_id'), r.id),
      attribute(r.id, id, 'service', term(`kind:${r.kind}`)),
      ...r.forms.map((f) => attribute(r.id, id, 'service', term(`form:${f}`))),
      ...r.emergencyTypes.map((e) => attribute(r.id, id, 'service', term(`emergency:${e}`))),
      ...(policy ? [attribute(r.id, id, 'service', term('legal_basis'), policy)] : []),
    ],
    metadata: r.publishedAt
      ? [
          {
            id: hsdsId(`${r.id}/metadata/publish`),
            resource_id: id,
            resource_type: 'service',
            last_action_date: shanghaiDate(r.publishedAt),
            last_action_type: 'publish',
            field_name: 'status',
            previous_value: 'DRAFT',
            replacement_value: 'PUBLISHED',
            updated_by: r.provider.name,
          },
        ]
      : [],
  };
}

function toListItem(s: HsdsService): HsdsServiceListItem {
  const {
    organization,
    phones: _p,
    contacts: _c,
    service_areas: _a,
    capacities: _cap,
    funding: _f,
    schedules: _s,
    attributes: _at,
    metadata: _m,
    ...rest
  } = s;
  return {
    ...rest,
    organization: { id: organization.id, name: organization.name, description: organization.description },
  };
}

/** The HSDS `/services` page: the Page header of HSDS' openapi.json plus one-to-one service fields. */
export function hsdsServiceList(
  services: HsdsService[],
  page: { pageNumber: number; perPage: number; totalItems: number },
): HsdsServiceList {
  const totalPages = Math.ceil(page.totalItems / Math.max(1, page.perPage));
  return {
    total_items: page.totalItems,
    total_pages: totalPages,
    page_number: page.pageNumber,
    size: services.length,
    first_page: page.pageNumber === 1,
    last_page: page.pageNumber >= totalPages,
    empty: services.length === 0,
    contents: services.map(toListItem),
  };
}

/** `GET /hsds/`: the HSDS API's meta information. */
export function hsdsApiInfo(baseUrl: string): HsdsApiInfo {
  return {
    version: HSDS_VERSION,
    profile: HSDS_PROFILE_URL,
    description: '上海救急难服务平台已公开的救助资源（政府救助项目、慈善项目、爱心捐赠、志愿服务），HSDS 3.1 格式。',
    publisher: { name: '上海救急难服务平台 (Jiujinan Hub)', website: baseUrl.replace(/\/+$/, '') },
  };
}
