import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './core/auth';
import { NodeResolver, registerNodeType } from './core/node.resolver';
import { DateTimeScalar } from './core/scalars';
import { Area } from './modules/areas/area.entity';
import { AreaResolver } from './modules/areas/area.resolver';
import { Organization } from './modules/organizations/organization.entity';
import { OrganizationResolver } from './modules/organizations/organization.resolver';
import { Policy } from './modules/policies/policy.entity';
import { PolicyCitationResolver, PolicyResolver } from './modules/policies/policy.resolver';
import { ViewerResolver } from './modules/viewer/viewer.resolver';
import { CaseResolver, StaffResolver } from './modules/cases/case.resolver';
import { EmergencyCaseType } from './modules/cases/case.types';
import { NeedResolver } from './modules/cases/need.resolver';
import { NeedType } from './modules/cases/need.types';
import { MatchResolver } from './modules/matching/match.resolver';
import { AssistanceResolver, HouseholdAssistanceResolver } from './modules/assistance/assistance.resolver';
import { AssistanceRecordType } from './modules/assistance/assistance.types';
import {
  CommitmentResolver,
  NeedReferralsResolver,
  ReferralAssistanceResolver,
  ReferralResolver,
} from './modules/referrals/referral.resolver';
import { CommitmentType, ReferralType } from './modules/referrals/referral.types';
import { DonationResolver, ResourceResolver, VolunteerOfferResolver } from './modules/resources/resource.resolver';
import { ResourceSubscriptionResolver } from './modules/resources/resource-subscription.resolver';
import { RESOURCE_TYPES } from './modules/resources/resource.types';
import { KIND_TYPE_NAMES } from './modules/resources/resource.entity';
import { HouseholdResolver } from './modules/households/household.resolver';
import { HouseholdType } from './modules/households/household.types';
import { AuditResolver } from './modules/audit/audit.resolver';
import { ThesaurusResolver } from './modules/thesaurus';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const RESOLVERS: NonEmptyArray<Function> = [
  NodeResolver,
  ViewerResolver,
  AreaResolver,
  OrganizationResolver,
  PolicyResolver,
  PolicyCitationResolver,
  ResourceResolver,
  DonationResolver,
  VolunteerOfferResolver,
  ResourceSubscriptionResolver,
  CaseResolver,
  StaffResolver,
  NeedResolver,
  MatchResolver,
  ReferralResolver,
  CommitmentResolver,
  NeedReferralsResolver,
  ReferralAssistanceResolver,
  AssistanceResolver,
  HouseholdAssistanceResolver,
  HouseholdResolver,
  AuditResolver,
  ThesaurusResolver,
];

registerNodeType('Area', (ctx, id) => ctx.loaders.areaById.load(id));
registerNodeType('Organization', (ctx, id) => ctx.loaders.organizationById.load(id));
for (const type of Object.values(KIND_TYPE_NAMES)) {
  registerNodeType(type, async (ctx, id) => {
    const resource = await ctx.services.resources.get(ctx, id);
    return resource?.typeName === type ? resource : null;
  });
}
registerNodeType('EmergencyCase', (ctx, id) => ctx.services.cases.get(ctx, id));
registerNodeType('Need', (ctx, id) => ctx.services.needs.get(ctx, id));
registerNodeType('Referral', (ctx, id) => ctx.services.referrals.get(ctx, id));
registerNodeType('Commitment', async (ctx, id) => {
  const commitment = await ctx.loaders.commitmentById.load(id);
  const referral = commitment && (await ctx.loaders.referralByCommitment.load(commitment.id));
  return referral && ctx.services.referrals.visible(ctx, referral) ? commitment : null;
});
registerNodeType('AssistanceRecord', (ctx, id) => ctx.services.assistance.get(ctx, id));
registerNodeType('Household', (ctx, id) => ctx.services.households.get(ctx, id));
registerNodeType('Policy', async (ctx, id) => {
  const policy = await ctx.loaders.policyById.load(id);
  return policy && ctx.services.policies.visible(ctx, policy) ? policy : null;
});

// Types reachable only through the Node interface must be named explicitly.
const ORPHANS = [
  Area,
  Organization,
  Policy,
  ...RESOURCE_TYPES,
  EmergencyCaseType,
  NeedType,
  HouseholdType,
  CommitmentType,
  ReferralType,
  AssistanceRecordType,
];

let cached: GraphQLSchema | undefined;

/** The executable schema, built once from the type-graphql classes. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  cached ??= await buildSchema({
    resolvers: RESOLVERS,
    orphanedTypes: ORPHANS,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
    // Subscriptions bring their own event streams (`subscribe`); topics through type-graphql are unused.
    pubSub: {
      publish: () => {
        throw new Error('use appendEvents: events travel through the outbox');
      },
      subscribe: () => {
        throw new Error('subscriptions define their own `subscribe`');
      },
    },
  });
  describeRootTypes(cached);
  return cached;
}

// type-graphql has no option for the root types' descriptions.
function describeRootTypes(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) query.description = '查询 — read operations; the public sees only published policies and resources.';
  if (mutation)
    mutation.description = '变更 — write operations; each takes one `input` and returns a payload with `userErrors`.';
  if (subscription) subscription.description = '订阅 — live events over graphql-ws (`ws://…/graphql`).';
}

/** The schema as committed in schema/schema.graphql: sorted, so diffs are stable. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
