import 'reflect-metadata';
import { isAbstractType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type NonEmptyArray, type TypeResolver } from 'type-graphql';
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
  settleTypeResolvers(cached);
  return cached;
}

/*
 * type-graphql wraps every `resolveType` of an interface or union in an async function, so that the type of
 * each abstract value is known only a microtask later. graphql-js waits for it; graphql-jit (precompiled
 * execution, http/precompiled.ts) calls it synchronously and cannot. The hub's own resolvers answer a type
 * name at once: that name (or nothing) is returned as it is, and anything else (a class, a promise) still goes through
 * type-graphql's wrapper, as before.
 */
function settleTypeResolvers(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const declared = new Map<string, TypeResolver<unknown, unknown>>();
  for (const meta of storage.interfaceTypes) if (meta.resolveType) declared.set(meta.name, meta.resolveType);
  for (const meta of storage.unions) if (meta.resolveType) declared.set(meta.name, meta.resolveType);
  for (const [name, resolve] of declared) {
    const type = schema.getType(name);
    if (!isAbstractType(type) || !type.resolveType) continue;
    const wrapped = type.resolveType;
    type.resolveType = (value, context, info, abstractType) => {
      const resolved = resolve(value, context, info, abstractType);
      // As type-graphql's wrapper answers a name or nothing, without waiting.
      if (typeof resolved === 'string' || resolved == null) return resolved ?? undefined;
      return wrapped(value, context, info, abstractType);
    };
  }
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
