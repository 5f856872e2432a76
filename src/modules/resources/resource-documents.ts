import type { NewEvent } from '../../events/outbox';
import type { SearchDocument } from '../../search/search-index';
import type { Resource } from './resource.entity';
import type { ResourceKind } from './resource.enums';

export const RESOURCE_EVENTS = {
  created: 'ResourceCreated',
  updated: 'ResourceUpdated',
  published: 'ResourcePublished',
  paused: 'ResourcePaused',
  withdrawn: 'ResourceWithdrawn',
  expired: 'ResourceExpired',
  exhausted: 'ResourceExhausted',
} as const;

/** What subscribers filter on, frozen at the moment of the event. */
export interface ResourceSnapshot {
  resourceId: string;
  kind: ResourceKind;
  providerId: string;
  status: string;
  forms: string[];
  emergencyTypes: string[];
  serviceAreaCodes: string[];
  coverageCodes: string[];
}

export function resourceSnapshot(resource: Resource): ResourceSnapshot {
  return {
    resourceId: resource.id,
    kind: resource.kind,
    providerId: resource.provider.id,
    status: resource.status,
    forms: resource.forms,
    emergencyTypes: resource.emergencyTypes,
    serviceAreaCodes: resource.serviceAreaCodes,
    coverageCodes: resource.coverageCodes,
  };
}

export function resourceEvent(type: string, resource: Resource, actor: string | null): NewEvent {
  return {
    type,
    aggregateType: 'Resource',
    aggregateId: resource.id,
    payload: { ...resourceSnapshot(resource) },
    actor,
  };
}

/** Tags carry every filterable value, so the search adapters filter exactly as the list does. */
export function resourceSearchDocument(resource: Resource): SearchDocument {
  const body = [
    resource.description,
    resource.eligibilityDescription ?? '',
    (resource.skills ?? []).join(' '),
    (resource.items ?? []).map((i) => i.name).join(' '),
    resource.fundSource ?? '',
  ].join('\n');
  return {
    kind: 'resource',
    id: resource.id,
    title: resource.title,
    body,
    tags: [
      `status:${resource.status}`,
      `kind:${resource.kind}`,
      `provider:${resource.provider.id}`,
      ...resource.forms.map((f) => `form:${f}`),
      ...resource.emergencyTypes.map((e) => `emergency:${e}`),
      ...resource.serviceAreaCodes.map((c) => `serves:${c}`),
      ...resource.coverageCodes.map((c) => `covers:${c}`),
    ],
    sortKey: resource.publishedAt ?? resource.createdAt,
    dateKey: null,
  };
}
