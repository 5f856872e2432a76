import { UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../core/context';
import { findPage } from '../../core/pagination';
import { localId } from '../../core/relay';
import { viewerCovers } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { failure, success, userError, UserErrorCode, type Outcome } from '../../core/user-error';
import { Checks } from '../../core/validation';
import { analyzeSearchText, type SearchIndex } from '../../search/search-index';
import { Area } from '../areas';
import type { OrganizationCreateInput } from './organization.types';
import { Organization } from './organization.entity';

export class OrganizationService {
  constructor(private readonly search: SearchIndex) {}

  byGlobalId(ctx: HubContext, globalId: string): Promise<Organization | null> {
    const id = localId(globalId, 'Organization');
    return id ? ctx.loaders.organizationById.load(id) : Promise.resolve(null);
  }

  byName(ctx: HubContext, name: string): Promise<Organization | null> {
    return ctx.em.findOne(Organization, { name });
  }

  async create(ctx: HubContext, input: OrganizationCreateInput): Promise<Outcome<Organization>> {
    const checks = new Checks();
    checks.text(input.name, ['name'], '名称', 200);
    const area = input.areaCode ? await ctx.loaders.areaByCode.load(input.areaCode) : null;
    if (!area) checks.fail(['areaCode'], `未知的区划代码 ${input.areaCode} (unknown area code)`);
    if (checks.failed) return failure(...checks.errors);
    if (!viewerCovers(ctx.viewer, area!.code))
      throw new ForbiddenError('该区划不在您的管辖范围内 (outside your jurisdiction)');
    const name = input.name.trim();
    const duplicate = () =>
      failure<Organization>(userError(UserErrorCode.DUPLICATE, `组织 ${name} 已存在 (already registered)`, ['name']));
    if (await ctx.em.count(Organization, { name })) return duplicate();
    const organization = Object.assign(new Organization(), {
      name,
      kind: input.kind,
      area: ctx.em.getReference(Area, area!.id, { wrapped: true }),
      verified: true,
    });
    try {
      await ctx.em.persistAndFlush(organization);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return duplicate();
      throw error;
    }
    return success(organization);
  }

  /**
   * Organisations by name, alphabetical. The words go through the search pipeline (traditional →
   * simplified, full-width → half-width, function and question words dropped, abbreviations and
   * everyday names expanded with the thesaurus: 红会 → 红十字会): a name matches when it contains,
   * for every concept of the query, all the words of one of its alternatives. A query left with no
   * concept (only function words, or punctuation) matches the name as a plain substring.
   */
  async list(ctx: HubContext, args: { search?: string | null; first?: number | null; after?: string | null }) {
    const text = args.search?.trim();
    return findPage(ctx.em, Organization, text ? this.nameWhere(text) : {}, {
      first: args.first,
      after: args.after,
      orderBy: { name: 'asc', id: 'asc' },
    });
  }

  private nameWhere(text: string): FilterQuery<Organization> {
    const contains = (word: string): FilterQuery<Organization> => ({ name: { $ilike: `%${escapeLike(word)}%` } });
    const plan = analyzeSearchText(this.search, text);
    if (plan.concepts.length === 0) return contains(text);
    return {
      $and: plan.concepts.map((concept) => ({
        $or: concept.alternatives.map((tokens) => ({ $and: tokens.map(contains) })),
      })),
    };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
