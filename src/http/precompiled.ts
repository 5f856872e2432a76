import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  execute,
  getVariableValues,
  GraphQLError,
  visit,
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { BoundedMap } from '../core/bounded-map';

/*
 * Precompiled execution (graphql-jit) of the HTTP queries, behind Apollo Server's one door for a custom
 * executor: the `gateway` option, whose `load()` hands Apollo the schema and an executor. Apollo still parses,
 * validates, runs every plugin hook and formats the errors (formatError, didEncounterErrors, the 400 of a
 * variable that does not coerce); only the execution of the validated document changes. Each distinct
 * document and operation is compiled once (bounded memo); graphql-js executes what is not a query (mutations
 * keep graphql-js's serial execution and its transactions' order as it is), introspection, an operation that
 * does not resolve, variables that do not coerce (so their errors are graphql-js's own), and any document
 * graphql-jit refuses to compile. Subscriptions are graphql-ws's (events/ws.ts), not Apollo's.
 */

/** Compiled operations kept; a document beyond them is compiled again when it comes back. */
export const PRECOMPILED_LIMIT = 500;

const SEEN = Symbol('seen once');

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

export interface Precompiled {
  /** Runs one validated operation as Apollo would, through the compiled query when there is one. */
  run(args: {
    document: DocumentNode;
    operation: OperationDefinitionNode | undefined | null;
    /** The memo's key: the query's hash (Apollo's queryHash), with the operation's name. */
    key: string;
    contextValue: unknown;
    variableValues: Record<string, unknown> | undefined;
    operationName: string | undefined | null;
  }): Promise<ExecutionResult> | ExecutionResult;
  /** How many requests went each way (tests and the bench read them). */
  readonly counts: { compiled: number; fallback: number };
}

function hasIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** graphql-jit's errors (its own GraphQLError look-alike, without nodes) as graphql-js's, as execute makes them. */
function asGraphqlError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  // graphql-js hands back an error thrown with a path already as it is (locatedError).
  if (original instanceof GraphQLError && Array.isArray(original.path)) return original;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    // graphql-jit keeps no original for a null in a non-null field or a failing serializer, where graphql-js
    // keeps an Error with the same message (the serializer's own error: its class is not kept here).
    originalError: original ?? (error.path ? new Error(error.message) : undefined),
    extensions: original ? undefined : (error.extensions ?? undefined),
  });
  (converted as { locations: GraphQLError['locations'] }).locations = error.locations;
  return converted;
}

function finish(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map(asGraphqlError) };
}

export function precompiled(schema: GraphQLSchema, limit = PRECOMPILED_LIMIT): Precompiled {
  // A key's first request runs in graphql-js and is only counted (SEEN): compiling costs far more than one
  // execution, so a document is compiled when it comes back, and a stream of one-off documents costs no more
  // than it does with graphql-js. Then the compiled query, or null for a document that stays with graphql-js.
  const memo = new BoundedMap<string, CompiledQuery | null | typeof SEEN>(limit);
  const counts = { compiled: 0, fallback: 0 };

  function compile(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
  ): CompiledQuery | null {
    if (operation.operation !== 'query' || hasIntrospection(document)) return null;
    try {
      // The operation as the request names it, as graphql-js's execute picks it.
      const query = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      return isCompiledQuery(query) ? query : null;
    } catch {
      return null;
    }
  }

  return {
    counts,
    run({ document, operation, key, contextValue, variableValues, operationName }) {
      const fallback = () => {
        counts.fallback += 1;
        return execute({ schema, document, contextValue, variableValues, operationName });
      };
      if (!operation) return fallback();
      let query = memo.get(key);
      if (query === undefined) {
        memo.set(key, SEEN);
        return fallback();
      }
      if (query === SEEN) {
        query = compile(document, operation, operationName ?? undefined);
        memo.set(key, query);
      }
      if (!query) return fallback();
      const definitions = operation.variableDefinitions ?? [];
      // Variables that do not coerce: graphql-js's errors, word for word.
      if (
        definitions.length &&
        'errors' in getVariableValues(schema, definitions, variableValues ?? {}, { maxErrors: 50 })
      )
        return fallback();
      counts.compiled += 1;
      const result = query.query(undefined, contextValue, variableValues ?? {});
      // No data at all: graphql-jit refused the variables where graphql-js took them; nothing has run yet.
      if (result instanceof Promise) return result.then((r) => ('data' in r ? finish(r) : fallback()));
      return 'data' in result ? finish(result) : fallback();
    },
  };
}

/** Apollo's `gateway` option: the hub's own schema, executed through `precompiled`. */
export function precompiledGateway(schema: GraphQLSchema, runner = precompiled(schema)): Gateway {
  const executor: Executor = async (requestContext) =>
    (await runner.run({
      document: requestContext.document,
      operation: requestContext.operation,
      key: `${requestContext.queryHash}:${requestContext.request.operationName ?? ''}`,
      contextValue: requestContext.context,
      variableValues: requestContext.request.variables,
      operationName: requestContext.request.operationName,
    })) as Awaited<ReturnType<Executor>>;
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return { schema, executor };
    },
    async stop() {},
  };
}
