import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { shownTo } from '../../core/visibility';
import { areaAncestry, Role, viewerCovers } from '../../core/auth';
import { connectionOf, decodeOffsetCursor, encodeOffsetCursor, pageSize } from '../../core/connection';
import { ForbiddenError } from '../../core/errors';
import { filterId, localId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { appendEvents } from '../../events/outbox';
import { searchHasNextPage, type SearchFilter, type SearchIndex } from '../../search/search-index';
import { Organization } from '../organizations';
import { RESOURCE_EVENTS, resourceEvent, resourceSearchDocument } from './resource-documents';
import { checkResourceInput, type AnyResourceInput } from './resource-input';
import {
  encodeListCursor,
  listResourceViews,
  NO_RELATIONS,
  primeRelations,
  resourceViewsByIds,
  type ResourceRelations,
} from './resource-list';
import { KIND_TYPE_NAMES, Resource, RESOURCE_CLASSES } from './resource.entity';
import { Policy } from '../policies';
import { ResourceKind, ResourceStatus } from './resource.enums';
import type { ResourceFilter } from './resource.types';
import { updateResource, type ResourceUpdateInput } from './resource-update';

export interface ResourceEdgeData {
  cursor: string;
  node: Resource;
  highlights: string[];
}

/** A resource as readers see it: a published one past its end date is expired, sweeper or not. */
export function effectiveStatus(resource: Resource, now: Date): ResourceStatus {
  if (resource.status === ResourceStatus.PUBLISHED && resource.availableUntil && resource.availableUntil <= now) {
    return ResourceStatus.EXPIRED;
  }
  return resource.status;
}

/** Resource global IDs carry their kind's type name (GovernmentProgramme:…, Donation:…). */
export function resourceLocalId(globalId: string): string | null {
  for (const type of Object.values(KIND_TYPE_NAMES)) {
    const id = localId(globalId, type);
    if (id) return id;
  }
  return null;
}

function ownOrganizationId(ctx: HubContext): string | null {
  return ctx.viewer?.role === Role.CHARITY && ctx.viewer.organizationId
    ? localId(ctx.viewer.organizationId, 'Organization')
    : null;
}

export class ResourceService {
  constructor(private readonly search: SearchIndex) {}

  /** Drafts and other unpublished states are for their provider and coordinators. */
  visible(ctx: HubContext, resource: Resource): boolean {
    if (ctx.viewer?.role === Role.COORDINATOR) return true;
    if (resource.provider.id === ownOrganizationId(ctx)) return true;
    return effectiveStatus(resource, ctx.clock.now()) === ResourceStatus.PUBLISHED;
  }

  async get(ctx: HubContext, id: string): Promise<Resource | null> {
    return shownTo(ctx, this, await ctx.loaders.resourceById.load(id));
  }

  async list(
    ctx: HubContext,
    args: { search?: string | null; filter?: ResourceFilter | null; first?: number | null; after?: string | null },
    selected: { node: ReadonlySet<string>; totalCount?: boolean } | null = null,
  ) {
    const first = pageSize(args.first);
    const text = args.search?.trim();
    // The relations the page's statement carries: those the query shows (see core/selection.ts).
    const relations: ResourceRelations = selected
      ? {
          provider: selected.node.has('provider'),
          serviceAreas: selected.node.has('serviceAreas'),
          legalBasis: selected.node.has('legalBasis'),
        }
      : NO_RELATIONS;
    return text
      ? this.searchPage(ctx, text, args.filter ?? {}, first, args.after, relations)
      : this.listPage(ctx, args.filter ?? {}, first, args.after, relations, selected?.totalCount ?? false);
  }

  private async listPage(
    ctx: HubContext,
    filter: ResourceFilter,
    first: number,
    after: string | null | undefined,
    relations: ResourceRelations,
    withCount: boolean,
  ) {
    const and: FilterQuery<Resource>[] = [this.visibilityWhere(ctx)];
    if (filter.status) and.push({ status: filter.status });
    if (filter.kinds?.length) and.push({ kind: { $in: filter.kinds } });
    if (filter.forms?.length) and.push({ forms: { $overlap: filter.forms } });
    if (filter.emergencyTypes?.length) and.push({ emergencyTypes: { $overlap: filter.emergencyTypes } });
    if (filter.providerId) and.push({ provider: filterId(filter.providerId, 'Organization') });
    if (filter.areaCode) {
      and.push({
        $or: [
          { coverageCodes: { $contains: [filter.areaCode] } },
          { serviceAreaCodes: { $overlap: areaAncestry(filter.areaCode) } },
        ],
      });
    }
    // Read-only views, keyset-paginated; the statement counts the list only if totalCount is selected.
    const countKey = withCount ? JSON.stringify([this.visibilityKey(ctx), filter]) : undefined;
    const page = await listResourceViews(ctx.em, and, first, after, relations, { withCount, countKey });
    primeRelations(ctx, page.rows);
    const edges = page.rows.map((row) => ({
      cursor: encodeListCursor(row),
      node: row.view,
      highlights: [] as string[],
    }));
    return connectionOf(edges, page.count, page.hasNextPage, !!after);
  }

  /** Who sees which resources (visibilityWhere), as a key: a coordinator, an organisation's staff, the rest. */
  private visibilityKey(ctx: HubContext): string {
    if (ctx.viewer?.role === Role.COORDINATOR) return 'all';
    const own = ownOrganizationId(ctx);
    return own ? `organization:${own}` : 'published';
  }

  private visibilityWhere(ctx: HubContext): FilterQuery<Resource> {
    if (ctx.viewer?.role === Role.COORDINATOR) return {};
    const published: FilterQuery<Resource> = {
      status: ResourceStatus.PUBLISHED,
      $or: [{ availableUntil: null }, { availableUntil: { $gt: ctx.clock.now() } }],
    };
    const own = ownOrganizationId(ctx);
    return own ? { $or: [published, { provider: own }] } : published;
  }

  private async searchPage(
    ctx: HubContext,
    text: string,
    filter: ResourceFilter,
    first: number,
    after: string | null | undefined,
    relations: ResourceRelations,
  ) {
    const offset = decodeOffsetCursor(after);
    const groups: string[][] = [];
    if (ctx.viewer?.role !== Role.COORDINATOR) {
      const own = ownOrganizationId(ctx);
      groups.push(own ? ['status:PUBLISHED', `provider:${own}`] : ['status:PUBLISHED']);
    }
    if (filter.status) groups.push([`status:${filter.status}`]);
    if (filter.kinds?.length) groups.push(filter.kinds.map((k) => `kind:${k}`));
    if (filter.forms?.length) groups.push(filter.forms.map((f) => `form:${f}`));
    if (filter.emergencyTypes?.length) groups.push(filter.emergencyTypes.map((e) => `emergency:${e}`));
    if (filter.providerId) groups.push([`provider:${localId(filter.providerId, 'Organization') ?? 'none'}`]);
    if (filter.areaCode)
      groups.push([`covers:${filter.areaCode}`, ...areaAncestry(filter.areaCode).map((c) => `serves:${c}`)]);
    const searchFilter: SearchFilter = { all: groups };
    const result = await this.search.search(ctx.em, {
      kind: 'resource',
      text,
      filter: searchFilter,
      offset,
      limit: first,
    });
    // Views, in the ranking's order, with the relations shown: one statement for the page's rows.
    const rows = await resourceViewsByIds(
      ctx.em,
      result.hits.map((h) => h.id),
      relations,
    );
    const edges: ResourceEdgeData[] = [];
    result.hits.forEach((hit, i) => {
      const row = rows.get(hit.id);
      if (row && this.visible(ctx, row.view)) {
        primeRelations(ctx, [row]);
        edges.push({ cursor: encodeOffsetCursor(offset + i), node: row.view, highlights: hit.highlights });
      }
    });
    return {
      ...connectionOf(edges, result.total, searchHasNextPage(result, offset, first), offset > 0),
      suggestions: result.suggestions ?? [],
    };
  }

  async create(ctx: HubContext, kind: ResourceKind, input: AnyResourceInput): Promise<Outcome<Resource>> {
    const providerId = localId(input.providerId, 'Organization');
    const provider = providerId ? await ctx.loaders.organizationById.load(providerId) : null;
    if (!provider)
      return failure(userError(UserErrorCode.NOT_FOUND, '提供方组织不存在 (no such organisation)', ['providerId']));
    this.assertMayActFor(ctx, provider, kind, input.serviceAreaCodes);
    const checked = await checkResourceInput(ctx, input);
    if (!checked.ok) return failure(...checked.errors);
    const { legalBasis, ...values } = checked.value;
    const resource = Object.assign(new RESOURCE_CLASSES[kind](), values, {
      kind,
      provider: ctx.em.getReference(Organization, provider.id, { wrapped: true }),
      legalBasis: legalBasis ? ctx.em.getReference(Policy, legalBasis.id, { wrapped: true }) : null,
      capacityRemaining: values.capacityTotal,
      createdBy: ctx.viewer?.subject ?? null,
    });
    return this.save(ctx.em, resource, RESOURCE_EVENTS.created, ctx.viewer?.subject ?? null);
  }

  /** 修改资源: resource-update.ts says what may change in which status. */
  async update(ctx: HubContext, input: ResourceUpdateInput): Promise<Outcome<Resource>> {
    return updateResource(ctx, resourceLocalId(input.id), input, {
      visible: (resource) => this.visible(ctx, resource),
      mayActFor: (provider, kind, areas) => this.assertMayActFor(ctx, provider, kind, areas),
      search: this.search,
    });
  }

  async publish(ctx: HubContext, globalId: string): Promise<Outcome<Resource>> {
    return this.transition(
      ctx,
      globalId,
      [ResourceStatus.DRAFT, ResourceStatus.PAUSED],
      RESOURCE_EVENTS.published,
      (resource) => {
        if (resource.availableUntil && resource.availableUntil <= ctx.clock.now()) {
          return userError(UserErrorCode.WRONG_STATE, '资源已过截止时间,不能发布 (past availableUntil)', ['id']);
        }
        if (resource.capacityRemaining === 0) {
          return userError(UserErrorCode.WRONG_STATE, '资源容量已用尽,不能发布 (no capacity left)', ['id']);
        }
        resource.status = ResourceStatus.PUBLISHED;
        resource.publishedAt ??= ctx.clock.now();
        return null;
      },
    );
  }

  /** Stops taking referrals for a while; publishing again resumes. */
  async pause(ctx: HubContext, globalId: string): Promise<Outcome<Resource>> {
    return this.transition(ctx, globalId, [ResourceStatus.PUBLISHED], RESOURCE_EVENTS.paused, (resource) => {
      resource.status = ResourceStatus.PAUSED;
      return null;
    });
  }

  async withdraw(ctx: HubContext, globalId: string): Promise<Outcome<Resource>> {
    const from = Object.values(ResourceStatus).filter((s) => s !== ResourceStatus.WITHDRAWN);
    return this.transition(ctx, globalId, from, RESOURCE_EVENTS.withdrawn, (resource) => {
      resource.status = ResourceStatus.WITHDRAWN;
      return null;
    });
  }

  /**
   * A charity acts for its own organisation (never for a government programme); a coordinator acts
   * within its jurisdiction only: every area the resource serves must be in it (the city's
   * coordinators: the whole city). Anyone else is FORBIDDEN.
   */
  private assertMayActFor(
    ctx: HubContext,
    provider: Organization,
    kind: ResourceKind,
    serviceAreaCodes: readonly string[],
  ): void {
    const viewer = ctx.viewer;
    if (viewer?.role === Role.COORDINATOR) {
      if (serviceAreaCodes.length > 0 && serviceAreaCodes.every((code) => viewerCovers(viewer, code))) return;
      throw new ForbiddenError(
        '该资源的服务区域超出您的管辖范围 (the resource serves areas outside your jurisdiction)',
      );
    }
    if (
      viewer?.role === Role.CHARITY &&
      kind !== ResourceKind.GOVERNMENT_PROGRAMME &&
      ownOrganizationId(ctx) === provider.id
    )
      return;
    throw new ForbiddenError(
      '只能为本组织发布资源;政府救助项目由民政统筹发布 (you may act only for your own organisation)',
    );
  }

  /**
   * A status change, decided on the row as it is under its lock: a reservation that takes the last
   * capacity meanwhile (EXHAUSTED, in reserveCapacity's conditional UPDATE) is seen here and never
   * overwritten by a change decided on an older read.
   */
  private async transition(
    ctx: HubContext,
    globalId: string,
    from: ResourceStatus[],
    eventType: string,
    apply: (resource: Resource) => ReturnType<typeof userError> | null,
  ): Promise<Outcome<Resource>> {
    const id = resourceLocalId(globalId);
    const seen = id ? await ctx.em.findOne(Resource, { id }) : null;
    if (!seen || !this.visible(ctx, seen)) {
      return failure(userError(UserErrorCode.NOT_FOUND, '资源不存在 (resource not found)', ['id']));
    }
    const provider = (await ctx.loaders.organizationById.load(seen.provider.id))!;
    this.assertMayActFor(ctx, provider, seen.kind, seen.serviceAreaCodes);
    return ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const resource = (await tx.findOne(Resource, { id: seen.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }))!;
      if (!from.includes(resource.status)) {
        return failure<Resource>(
          userError(
            UserErrorCode.WRONG_STATE,
            `资源状态为 ${resource.status},不能执行此操作 (resource is ${resource.status})`,
            ['id'],
          ),
        );
      }
      const problem = apply(resource);
      if (problem) return failure<Resource>(problem);
      await tx.flush();
      await this.search.upsert(tx, [resourceSearchDocument(resource)]);
      await appendEvents(tx, [resourceEvent(eventType, resource, ctx.viewer?.subject ?? null)]);
      return success(resource);
    });
  }

  /** The row, its search document and its event, in one transaction. */
  private async save(
    em: EntityManager,
    resource: Resource,
    eventType: string,
    actor: string | null,
  ): Promise<Outcome<Resource>> {
    await em.transactional(async (tx) => {
      tx.persist(resource);
      await tx.flush();
      await this.search.upsert(tx, [resourceSearchDocument(resource)]);
      await appendEvents(tx, [resourceEvent(eventType, resource, actor)]);
    });
    return success(resource);
  }
}
