import { UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../core/context';
import { shownTo } from '../../core/visibility';
import { Role, viewerCovers } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { connectionOf, decodeOffsetCursor, encodeOffsetCursor, pageSize } from '../../core/connection';
import { findPage } from '../../core/pagination';
import { localId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { Checks } from '../../core/validation';
import {
  searchAndDerive,
  searchHasNextPage,
  type SearchDocument,
  type SearchFilter,
  type SearchIndex,
} from '../../search/search-index';
import { Policy, PolicyStatus } from './policy.entity';
import { parsePolicyText } from './policy-text';
import type { PolicyText } from './policy.loader';
import type { PolicyCreateInput, PolicyFilter, PolicyRepealInput } from './policy.types';

export interface PolicyListArgs {
  search?: string | null;
  filter?: PolicyFilter | null;
  first?: number | null;
  after?: string | null;
}

export interface PolicyEdgeData {
  cursor: string;
  node: Policy;
  highlights: string[];
}

export type PolicyConnectionData = ReturnType<typeof connectionOf<PolicyEdgeData>>;

/** Drafts and repealed policies are for coordinators; everyone else sees the published ones. */
export function canSeeAllPolicies(ctx: HubContext): boolean {
  return ctx.viewer?.role === Role.COORDINATOR;
}

function visibleStatuses(ctx: HubContext, asked: PolicyStatus | null | undefined): PolicyStatus[] {
  const allowed = canSeeAllPolicies(ctx) ? Object.values(PolicyStatus) : [PolicyStatus.PUBLISHED];
  return asked ? allowed.filter((s) => s === asked) : allowed;
}

export function policySearchDocument(policy: Policy): SearchDocument {
  return {
    kind: 'policy',
    id: policy.id,
    title: policy.title,
    body: [policy.docNumber ?? '', policy.body].join('\n'),
    tags: [`status:${policy.status}`, ...policy.issuers.map((issuer) => `issuer:${issuer}`)],
    sortKey: policy.publishedAt ?? policy.createdAt,
    dateKey: policy.issuedOn,
  };
}

export class PolicyService {
  constructor(private readonly search: SearchIndex) {}

  async list(ctx: HubContext, args: PolicyListArgs): Promise<PolicyConnectionData> {
    const first = pageSize(args.first);
    const statuses = visibleStatuses(ctx, args.filter?.status);
    if (statuses.length === 0) return connectionOf([], 0, false, false);
    const text = args.search?.trim();
    return text ? this.searchPage(ctx, text, statuses, args, first) : this.listPage(ctx, statuses, args, first);
  }

  private async listPage(
    ctx: HubContext,
    statuses: PolicyStatus[],
    args: PolicyListArgs,
    first: number,
  ): Promise<PolicyConnectionData> {
    const filter = args.filter;
    const where: FilterQuery<Policy> = { status: { $in: statuses } };
    if (filter?.issuer) where.issuers = { $contains: [filter.issuer] };
    if (filter?.issuedAfter || filter?.issuedBefore) {
      where.issuedOn = {
        ...(filter.issuedAfter ? { $gte: filter.issuedAfter } : {}),
        ...(filter.issuedBefore ? { $lte: filter.issuedBefore } : {}),
      };
    }
    const page = await findPage(ctx.em, Policy, where, {
      first,
      after: args.after,
      orderBy: { createdAt: 'desc', id: 'desc' },
    });
    const edges = page.edges.map((edge) => ({ ...edge, highlights: [] }));
    return connectionOf(edges, page.totalCount, page.pageInfo.hasNextPage, page.pageInfo.hasPreviousPage);
  }

  private async searchPage(
    ctx: HubContext,
    text: string,
    statuses: PolicyStatus[],
    args: PolicyListArgs,
    first: number,
  ): Promise<PolicyConnectionData> {
    const offset = decodeOffsetCursor(args.after);
    const filter: SearchFilter = { all: [statuses.map((s) => `status:${s}`)] };
    if (args.filter?.issuer) filter.all!.push([`issuer:${args.filter.issuer}`]);
    if (args.filter?.issuedAfter) filter.dateFrom = args.filter.issuedAfter;
    if (args.filter?.issuedBefore) filter.dateTo = args.filter.issuedBefore;
    // The page is cached with the search result: policies are written together with their search
    // documents (write), so whatever drops the result drops the page; visibility is in `filter`.
    const query = { kind: 'policy' as const, text, filter, offset, limit: first };
    return searchAndDerive(this.search, ctx.em, query, 'policy-page', async (result) => {
      const policies = await ctx.loaders.policyById.loadMany(result.hits.map((h) => h.id));
      const edges: PolicyEdgeData[] = [];
      result.hits.forEach((hit, i) => {
        const node = policies[i];
        if (node instanceof Policy)
          edges.push({ cursor: encodeOffsetCursor(offset + i), node, highlights: hit.highlights });
      });
      return {
        ...connectionOf(edges, result.total, searchHasNextPage(result, offset, first), offset > 0),
        suggestions: result.suggestions ?? [],
      };
    });
  }

  /** A policy by global ID or 文号, when the viewer may see it. */
  async get(ctx: HubContext, args: { id?: string | null; docNumber?: string | null }): Promise<Policy | null> {
    let policy: Policy | null = null;
    if (args.id) {
      const id = localId(args.id, 'Policy');
      // A read-only view (no hydration, the text left lazy): `get` only answers reads.
      policy = id ? await ctx.loaders.policyView.load(id) : null;
    } else if (args.docNumber) {
      policy = await ctx.loaders.policyByDocNumber.load(args.docNumber.trim());
    }
    return shownTo(ctx, this, policy);
  }

  /** The lazy text of a policy: from the entity when it holds it (just written), else batch-loaded. */
  async text(ctx: HubContext, policy: Policy): Promise<PolicyText> {
    if (policy.body !== undefined)
      return { id: policy.id, body: policy.body, sections: policy.sections, citations: policy.citations };
    return (await ctx.loaders.policyText.load(policy.id))!;
  }

  visible(ctx: HubContext, policy: Policy): boolean {
    return canSeeAllPolicies(ctx) || policy.status === PolicyStatus.PUBLISHED;
  }

  /** Published policies with these 文号, for linking citations. */
  async byDocNumber(ctx: HubContext, docNumber: string): Promise<Policy | null> {
    return shownTo(ctx, this, await ctx.loaders.policyByDocNumber.load(docNumber));
  }

  async create(ctx: HubContext, input: PolicyCreateInput): Promise<Outcome<Policy>> {
    const checks = new Checks();
    checks.text(input.title, ['title'], '标题', 300);
    checks.optionalText(input.docNumber, ['docNumber'], '文号', 100);
    checks.check(input.issuers.length > 0, ['issuers'], '至少需要一个发文机关 (at least one issuer)');
    input.issuers.forEach((issuer, i) => checks.text(issuer, ['issuers', i], '发文机关', 100));
    checks.date(input.issuedOn, ['issuedOn'], '发文');
    checks.text(input.body, ['body'], '正文', 500_000);
    if (checks.failed) return failure(...checks.errors);
    const areaCode = input.areaCode?.trim() || ctx.viewer?.areaCode;
    if (!areaCode || !viewerCovers(ctx.viewer, areaCode)) throw outsideJurisdiction();
    if (!(await ctx.loaders.areaByCode.load(areaCode)))
      return failure(userError(UserErrorCode.INVALID, `未知的区划代码 ${areaCode} (unknown area code)`, ['areaCode']));

    const docNumber = input.docNumber?.trim() || null;
    if (docNumber && (await ctx.em.count(Policy, { docNumber }))) {
      return failure(duplicateDocNumber(docNumber));
    }
    const { sections, citations } = parsePolicyText(input.body);
    const policy = Object.assign(new Policy(), {
      title: input.title.trim(),
      docNumber,
      issuers: input.issuers.map((i) => i.trim()),
      issuedOn: input.issuedOn ?? null,
      isTrial: input.isTrial ?? false,
      body: input.body,
      sections,
      citations,
      areaCode,
      createdBy: ctx.viewer?.subject ?? null,
    });
    return this.save(ctx.em, policy, () => duplicateDocNumber(docNumber ?? ''));
  }

  async publish(ctx: HubContext, globalId: string): Promise<Outcome<Policy>> {
    return this.transition(ctx, globalId, PolicyStatus.DRAFT, (policy) => {
      policy.status = PolicyStatus.PUBLISHED;
      policy.publishedAt = ctx.clock.now();
    });
  }

  async repeal(ctx: HubContext, input: PolicyRepealInput): Promise<Outcome<Policy>> {
    const checks = new Checks();
    if (!checks.text(input.reason, ['reason'], '废止理由', 1000)) return failure(...checks.errors);
    return this.transition(ctx, input.id, PolicyStatus.PUBLISHED, (policy) => {
      policy.status = PolicyStatus.REPEALED;
      policy.repealedAt = ctx.clock.now();
      policy.repealReason = input.reason.trim();
    });
  }

  private async transition(
    ctx: HubContext,
    globalId: string,
    from: PolicyStatus,
    apply: (policy: Policy) => void,
  ): Promise<Outcome<Policy>> {
    const id = localId(globalId, 'Policy');
    const policy = id ? await ctx.em.findOne(Policy, { id }, { populate: ['body', 'sections', 'citations'] }) : null;
    if (!policy) return failure(userError(UserErrorCode.NOT_FOUND, '政策不存在 (policy not found)', ['id']));
    // Coordinators publish and repeal the policies of their jurisdiction (the city's: every policy).
    if (!viewerCovers(ctx.viewer, policy.areaCode)) throw outsideJurisdiction();
    if (policy.status !== from) {
      return failure(
        userError(
          UserErrorCode.WRONG_STATE,
          `政策状态为 ${policy.status},不能执行此操作 (policy is ${policy.status})`,
          ['id'],
        ),
      );
    }
    apply(policy);
    return this.save(ctx.em, policy);
  }

  /** Writes the policy and its search document in one transaction. */
  private async save(em: EntityManager, policy: Policy, onDuplicate?: () => ReturnType<typeof userError>) {
    try {
      await em.transactional(async (tx) => {
        tx.persist(policy);
        await tx.flush();
        await this.search.upsert(tx, [policySearchDocument(policy)]);
      });
    } catch (error) {
      if (onDuplicate && error instanceof UniqueConstraintViolationException) return failure<Policy>(onDuplicate());
      throw error;
    }
    return success(policy);
  }
}

function outsideJurisdiction(): ForbiddenError {
  return new ForbiddenError('该政策不在您的管辖范围内 (outside your jurisdiction)');
}

function duplicateDocNumber(docNumber: string) {
  return userError(UserErrorCode.DUPLICATE, `文号 ${docNumber} 已存在 (document number already used)`, ['docNumber']);
}
