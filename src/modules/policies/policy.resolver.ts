import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../core/context';
import { Role } from '../../core/auth';
import { IdInput } from '../../core/inputs';
import { toGlobalId } from '../../core/relay';
import { payloadOf } from '../../core/user-error';
import { Policy, PolicyCitation, PolicySection } from './policy.entity';
import { PolicyConnection, PolicyCreateInput, PolicyFilter, PolicyPayload, PolicyRepealInput } from './policy.types';

@Resolver(() => Policy)
export class PolicyResolver {
  @Query(() => PolicyConnection, {
    description: '政策库 — policies, newest first; with `search`, ranked Chinese full-text search with highlights.',
  })
  policies(
    @Ctx() ctx: HubContext,
    @Arg('search', () => String, {
      nullable: true,
      description: '检索词 — words to search for; space-separated words must all match.',
    })
    search: string | null,
    @Arg('filter', () => PolicyFilter, { nullable: true, description: '筛选 — status, issuer and date bounds.' })
    filter: PolicyFilter | null,
    @Arg('first', () => Int, { nullable: true, description: '条数 — page size, at most 100 (default 20).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: '游标 — return items after this cursor.' })
    after: string | null,
  ) {
    return ctx.services.policies.list(ctx, { search, filter, first, after });
  }

  @Query(() => Policy, {
    nullable: true,
    description: '政策 — one policy by global ID or by 文号; null when not visible.',
  })
  policy(
    @Ctx() ctx: HubContext,
    @Arg('id', () => ID, { nullable: true, description: '全局ID — the policy’s global ID.' }) id: string | null,
    @Arg('docNumber', () => String, { nullable: true, description: '文号 — the document number.' })
    docNumber: string | null,
  ): Promise<Policy | null> {
    return ctx.services.policies.get(ctx, { id, docNumber });
  }

  @FieldResolver(() => String, { description: '正文 — the full text, preamble included.' })
  async body(@Ctx() ctx: HubContext, @Root() policy: Policy): Promise<string> {
    return (await ctx.services.policies.text(ctx, policy)).body;
  }

  @FieldResolver(() => [PolicySection], { description: '条款 — the section tree parsed from the body (一、/(一)/1.).' })
  async sections(@Ctx() ctx: HubContext, @Root() policy: Policy): Promise<PolicySection[]> {
    return (await ctx.services.policies.text(ctx, policy)).sections;
  }

  @FieldResolver(() => [PolicyCitation], {
    description: '引用文件 — documents cited in the body, in order of first mention.',
  })
  async citations(@Ctx() ctx: HubContext, @Root() policy: Policy): Promise<PolicyCitation[]> {
    const { citations } = await ctx.services.policies.text(ctx, policy);
    return citations.map((c) => Object.assign(new PolicyCitation(), c));
  }

  @FieldResolver(() => Policy, { nullable: true, description: '被替代政策 — the policy this one replaces, if any.' })
  supersedes(@Ctx() ctx: HubContext, @Root() policy: Policy): Promise<Policy | null> {
    return policy.supersedes
      ? ctx.services.policies.get(ctx, { id: toGlobalId('Policy', policy.supersedes.id) })
      : Promise.resolve(null);
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => PolicyPayload, { description: '新建政策 — create a draft policy (coordinators).' })
  async policyCreate(
    @Ctx() ctx: HubContext,
    @Arg('input', () => PolicyCreateInput, { description: '输入 — the new policy.' }) input: PolicyCreateInput,
  ) {
    return payloadOf('policy', await ctx.services.policies.create(ctx, input));
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => PolicyPayload, { description: '发布政策 — publish a draft policy (coordinators).' })
  async policyPublish(
    @Ctx() ctx: HubContext,
    @Arg('input', () => IdInput, { description: '输入 — the policy to publish.' }) input: IdInput,
  ) {
    return payloadOf('policy', await ctx.services.policies.publish(ctx, input.id));
  }

  @Authorized(Role.COORDINATOR)
  @Mutation(() => PolicyPayload, {
    description: '废止政策 — repeal a published policy, with the reason (coordinators).',
  })
  async policyRepeal(
    @Ctx() ctx: HubContext,
    @Arg('input', () => PolicyRepealInput, { description: '输入 — the policy and the reason.' })
    input: PolicyRepealInput,
  ) {
    return payloadOf('policy', await ctx.services.policies.repeal(ctx, input));
  }
}

@Resolver(() => PolicyCitation)
export class PolicyCitationResolver {
  @FieldResolver(() => Policy, {
    nullable: true,
    description: '政策 — the cited policy when the hub holds one with this 文号.',
  })
  policy(@Ctx() ctx: HubContext, @Root() citation: PolicyCitation): Promise<Policy | null> {
    return citation.docNumber ? ctx.services.policies.byDocNumber(ctx, citation.docNumber) : Promise.resolve(null);
  }
}
