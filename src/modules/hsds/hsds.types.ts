import type { OrganizationKind } from '../organizations';
import type { ResourceKind, ResourceStatus } from '../resources';
import type { AssistanceForm, EmergencyType } from '../../core/vocabulary';

// The shapes of the HSDS 3.1 export (Open Referral's JSON Schemas), and the view of a resource it is built from.

/** A published resource as the HSDS export needs it; the lead builds it from the entity (no DB here). */
export interface HsdsResourceView {
  id: string; // the resource's global ID
  kind: ResourceKind;
  title: string;
  description: string;
  status: ResourceStatus;
  provider: { id: string; name: string; kind: OrganizationKind; verified: boolean; areaName: string; areaCode: string };
  serviceAreas: { id: string; code: string; name: string; level: 'CITY' | 'DISTRICT' | 'STREET' }[];
  forms: AssistanceForm[];
  emergencyTypes: EmergencyType[];
  capacity: { unit: string; total: number; remaining: number } | null; // unit "fen" = money in fen
  eligibilityDescription: string | null;
  availableFrom: Date | null;
  availableUntil: Date | null;
  contact: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  legalBasis: { id: string; title: string; docNumber: string | null } | null;
  fundSource: string | null;
}

// HSDS 3.1 objects, only the fields this export fills (see test/fixtures/hsds-3.1/service_with_definitions.json).
export type HsdsStatus = 'active' | 'inactive' | 'defunct' | 'temporarily closed';
export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  version?: string;
}
export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  taxonomy_detail: HsdsTaxonomy;
  language: string;
}
export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_entity: string;
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
  label: string;
  value?: string;
}
export interface HsdsPhone {
  id: string;
  service_id: string;
  number: string;
  description?: string;
}
export interface HsdsContact {
  id: string;
  service_id: string;
  name?: string;
  email?: string;
}
export interface HsdsOrganizationIdentifier {
  id: string;
  organization_id: string;
  identifier_scheme: string;
  identifier_type: string;
  identifier: string;
}
export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  organization_identifiers: HsdsOrganizationIdentifier[];
  attributes: HsdsAttribute[];
}
export interface HsdsServiceArea {
  id: string;
  service_id: string;
  name: string;
  description: string;
  attributes: HsdsAttribute[];
}
export interface HsdsUnit {
  id: string;
  name: string;
  identifier: string;
}
export interface HsdsServiceCapacity {
  id: string;
  service_id: string;
  unit: HsdsUnit;
  unit_id: string;
  available: number;
  maximum: number;
  description: string;
  updated: string;
}
export interface HsdsFunding {
  id: string;
  service_id: string;
  source: string;
}
export interface HsdsSchedule {
  id: string;
  service_id: string;
  valid_from?: string;
  valid_to?: string;
  timezone: number;
  description: string;
}
export interface HsdsMetadata {
  id: string;
  resource_id: string;
  resource_type: string;
  last_action_date: string;
  last_action_type: string;
  field_name: string;
  previous_value: string;
  replacement_value: string;
  updated_by: string;
}
export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  url: string;
  email?: string;
  status: HsdsStatus;
  fees_description: string;
  eligibility_description?: string;
  alert?: string;
  last_modified: string;
  organization: HsdsOrganization;
  phones: HsdsPhone[];
  contacts: HsdsContact[];
  service_areas: HsdsServiceArea[];
  capacities: HsdsServiceCapacity[];
  funding: HsdsFunding[];
  schedules: HsdsSchedule[];
  attributes: HsdsAttribute[];
  metadata: HsdsMetadata[];
}
/** A `/services` list entry: one-to-one fields only, as HSDS' service_list.json describes. */
export type HsdsServiceListItem = Omit<
  HsdsService,
  | 'organization'
  | 'phones'
  | 'contacts'
  | 'service_areas'
  | 'capacities'
  | 'funding'
  | 'schedules'
  | 'attributes'
  | 'metadata'
> & {
  organization: Pick<HsdsOrganization, 'id' | 'name' | 'description'>;
};
export interface HsdsServiceList {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsServiceListItem[];
}
export interface HsdsApiInfo {
  version: string;
  profile: string;
  description: string;
  publisher: { name: string; website: string };
}
