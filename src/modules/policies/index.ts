import { defineModule } from '../manifest';
import { Policy } from './policy.entity';
import { createPolicyLoaders } from './policy.loader';
import { PolicyCitationResolver, PolicyResolver } from './policy.resolver';
import { PolicyService } from './policy.service';

declare module '../../core/context' {
  interface HubServices {
    policies: PolicyService;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HubLoaders extends ReturnType<typeof createPolicyLoaders> {}
}

/** 政策: policy texts with their sections and citations, searchable in Chinese. */
export const policiesModule = defineModule({
  name: 'policies',
  entities: [Policy],
  resolvers: [PolicyResolver, PolicyCitationResolver],
  types: [Policy],
  nodeTypes: {
    Policy: async (ctx, id) => {
      const policy = await ctx.loaders.policyById.load(id);
      return policy && ctx.services.policies.visible(ctx, policy) ? policy : null;
    },
  },
  loaders: createPolicyLoaders,
  services: ({ search }) => ({ policies: new PolicyService(search) }),
});

export { Policy, PolicyStatus } from './policy.entity';
export { publishedPoliciesByIds, policyViewsSql } from './policy.loader';
export { parsePolicyText, policyBodyFromCorpus, JIUJINAN_2017_TITLE } from './policy-text';
export { policySearchDocument } from './policy.service';
