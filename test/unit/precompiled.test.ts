import {
  execute,
  GraphQLError,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import { HubError } from '../../src/core/errors';
import { precompiled } from '../../src/http/precompiled';

/*
 * The precompiled runner (src/http/precompiled.ts) against graphql-js's execute on one schema: the same
 * data and the same errors (graphql-js GraphQLErrors with their message, path, locations, extensions and
 * original error), null bubbling through non-null fields, a failing serializer, a thrown HubError, async
 * resolvers, aliases, fragments, @skip/@include; a document graphql-jit refuses runs in graphql-js.
 */

const Shouty = new GraphQLScalarType({
  name: 'Shouty',
  serialize: (value) => {
    if (typeof value !== 'string') throw new TypeError(`Shouty cannot represent ${String(value)}`);
    return value.toUpperCase();
  },
});

const Named = new GraphQLInterfaceType({
  name: 'Named',
  fields: { name: { type: GraphQLString } },
  resolveType: (value: { kind: string }) => value.kind,
});

const Item: GraphQLObjectType = new GraphQLObjectType({
  name: 'Item',
  interfaces: [Named],
  fields: () => ({
    name: { type: GraphQLString },
    n: { type: GraphQLInt },
    loud: { type: Shouty },
    forbidden: {
      type: GraphQLString,
      resolve: () => {
        throw new HubError('无权 (forbidden)', 'FORBIDDEN');
      },
    },
    broken: {
      type: new GraphQLNonNull(GraphQLString),
      resolve: async () => {
        throw new Error('database gone');
      },
    },
    missing: { type: new GraphQLNonNull(GraphQLString), resolve: () => null },
    children: {
      type: new GraphQLList(Item),
      resolve: async (item: { n: number }) => [{ kind: 'Item', name: `c${item.n}`, n: item.n * 10, loud: 'x' }],
    },
  }),
});

const Other = new GraphQLObjectType({ name: 'Other', interfaces: [Named], fields: { name: { type: GraphQLString } } });

const ITEMS = [
  { kind: 'Item', name: 'a', n: 1, loud: 'quiet' },
  { kind: 'Item', name: 'b', n: 2, loud: 7 },
  { kind: 'Other', name: 'o' },
];

const schema = new GraphQLSchema({
  types: [Item, Other],
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      named: { type: new GraphQLList(Named), resolve: async () => ITEMS },
      item: {
        type: Item,
        args: { n: { type: GraphQLInt } },
        resolve: (_root, { n }: { n?: number }, context: { offset: number }) => ({
          kind: 'Item',
          name: 'one',
          n: (n ?? 0) + context.offset,
          loud: 'hi',
        }),
      },
    },
  }),
});

const DOCUMENTS: [string, string, Record<string, unknown>][] = [
  [
    'fragments, aliases, an interface, a failing serializer, a HubError, null bubbling',
    `query Q { named { __typename name ... on Item { n l: loud forbidden kids: children { name n } } ...O } }
     fragment O on Other { name }`,
    {},
  ],
  ['a non-null field that throws, inside a list', `{ named { ... on Item { n broken } } }`, {}],
  ['a non-null field that is null, at the top', `{ item { missing } other: item(n: 5) { n } }`, {}],
  [
    '@skip and @include with variables, on fields and fragments',
    `query V($yes: Boolean!, $n: Int) { item(n: $n) { n @include(if: $yes) name @skip(if: $yes) ...F @include(if: $yes) } }
     fragment F on Item { loud }`,
    { yes: true, n: 3 },
  ],
  [
    '@skip and @include the other way',
    `query V($yes: Boolean!, $n: Int) { item(n: $n) { n @include(if: $yes) name @skip(if: $yes) ...F @include(if: $yes) } }
     fragment F on Item { loud }`,
    { yes: false },
  ],
];

function operationOf(document: DocumentNode, name?: string): OperationDefinitionNode {
  return document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (!name || d.name?.value === name),
  )!;
}

/** An error as the client and the hub's formatError see it. */
function shape(result: ExecutionResult) {
  return {
    data: result.data,
    errors: result.errors?.map((e) => {
      expect(e).toBeInstanceOf(GraphQLError);
      return {
        json: e.toJSON(),
        extensions: e.extensions,
        // The message of the original error; its class only where the hub's formatError reads it (HubError).
        original: e.originalError?.message,
        hub: e.originalError instanceof HubError,
      };
    }),
  };
}

describe('precompiled execution (graphql-jit) against graphql-js', () => {
  it.each(DOCUMENTS)('%s', async (_name, source, variables) => {
    const runner = precompiled(schema);
    const document = parse(source);
    const operation = operationOf(document);
    const contextValue = { offset: 100 };
    const expected = await execute({ schema, document, contextValue, variableValues: variables });
    const run = () =>
      runner.run({
        document,
        operation,
        key: source,
        contextValue,
        variableValues: variables,
        operationName: undefined,
      });
    // The first time by graphql-js, then compiled.
    const results = [await run(), await run(), await run()];
    expect(runner.counts).toEqual({ compiled: 2, fallback: 1 });
    for (const result of results) expect(shape(result)).toEqual(shape(expected));
    // The comparison is between real answers.
    expect(expected.data).toBeTruthy();
  });

  it('keeps the errors of a run in graphql-js order', async () => {
    const runner = precompiled(schema);
    const source = DOCUMENTS[0]![1];
    const document = parse(source);
    const args = {
      document,
      operation: operationOf(document),
      key: 'k',
      contextValue: { offset: 0 },
      variableValues: {},
      operationName: undefined,
    };
    await runner.run(args);
    const compiled = await runner.run(args);
    const expected = await execute({ schema, document, contextValue: { offset: 0 } });
    expect(compiled.errors?.map((e) => e.path)).toEqual(expected.errors?.map((e) => e.path));
  });

  it('runs in graphql-js what graphql-jit refuses to compile, and variables that do not coerce', async () => {
    const runner = precompiled(schema);
    // Two operations and no name: graphql-jit answers errors instead of a compiled query.
    const document = parse(`query A { item { n } } query B { item { name } }`);
    const args = {
      document,
      operation: operationOf(document, 'A'),
      key: 'two',
      contextValue: { offset: 1 },
      variableValues: {},
      operationName: undefined,
    };
    const expected = await execute({ schema, document, contextValue: { offset: 1 } });
    expect(expected.errors?.[0]?.message).toMatch(/operation name/);
    for (let i = 0; i < 3; i++) expect(await runner.run(args)).toEqual(expected);
    expect(runner.counts).toEqual({ compiled: 0, fallback: 3 });

    const typed = parse(`query T($n: Int) { item(n: $n) { n } }`);
    const bad = {
      document: typed,
      operation: operationOf(typed),
      key: 't',
      contextValue: { offset: 1 },
      variableValues: { n: 'x' },
      operationName: undefined,
    };
    const coercion = await execute({
      schema,
      document: typed,
      contextValue: { offset: 1 },
      variableValues: { n: 'x' },
    });
    for (let i = 0; i < 3; i++) expect(await runner.run(bad)).toEqual(coercion);
    expect(runner.counts).toEqual({ compiled: 0, fallback: 6 });
    // The same document with good variables is compiled (it was seen).
    expect(await runner.run({ ...bad, variableValues: { n: 2 } })).toEqual({ data: { item: { n: 3 } } });
    expect(runner.counts).toEqual({ compiled: 1, fallback: 6 });
  });

  it('leaves introspection to graphql-js (mutations: e2e/precompiled)', async () => {
    const runner = precompiled(schema);
    const document = parse(`{ __schema { queryType { name } } item { n } }`);
    const args = {
      document,
      operation: operationOf(document),
      key: 'i',
      contextValue: { offset: 0 },
      variableValues: {},
      operationName: undefined,
    };
    for (let i = 0; i < 3; i++) await runner.run(args);
    expect(runner.counts).toEqual({ compiled: 0, fallback: 3 });
  });

  it('forgets the oldest compiled documents beyond its limit', async () => {
    const runner = precompiled(schema, 2);
    const docs = [0, 1, 2].map((n) => parse(`{ item(n: ${n}) { n } }`));
    const run = (i: number) =>
      runner.run({
        document: docs[i]!,
        operation: operationOf(docs[i]!),
        key: String(i),
        contextValue: { offset: 0 },
        variableValues: {},
        operationName: undefined,
      });
    for (const i of [0, 0, 1, 1, 2, 2]) await run(i);
    expect(runner.counts).toEqual({ compiled: 3, fallback: 3 });
    // 0 was forgotten: seen again first.
    await run(0);
    expect(runner.counts).toEqual({ compiled: 3, fallback: 4 });
  });
});
