import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './core/auth';
import { NodeResolver, registerNodeType } from './core/node.resolver';
import { DateTimeScalar } from './core/scalars';
import { MODULES } from './modules';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const RESOLVERS: NonEmptyArray<Function> = [NodeResolver, ...MODULES.flatMap((m) => m.resolvers ?? [])];

for (const module of MODULES) {
  for (const [type, fetch] of Object.entries(module.nodeTypes ?? {})) registerNodeType(type, fetch);
}

// Types reachable only through the Node interface must be named explicitly.
const ORPHANS = MODULES.flatMap((m) => m.types ?? []);

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
