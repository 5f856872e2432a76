import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** Leaf fields (no required arguments) and, to `depth`, nested objects' leaves: enough to run field resolvers. */
function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named) || depth <= 0) return '{ __typename }';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type))) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth > 1) parts.push(`${field.name} ${selectionOf(field.type, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

export interface FuzzOperation {
  kind: 'query' | 'mutation' | 'subscription';
  field: GraphQLField<unknown, unknown>;
  document: string;
}

/** One operation per root field, every argument through a variable named after it. */
export function operationsOf(schema: GraphQLSchema): FuzzOperation[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  const operations: FuzzOperation[] = [];
  for (const [kind, root] of roots) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const document = `${kind} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionOf(field.type, 2)} }`;
      operations.push({ kind, field, document });
    }
  }
  return operations;
}

export interface Finding {
  operation: string;
  status: number;
  problem: string;
  variables?: unknown;
}

/** What a response must never show: a 5xx, an INTERNAL_SERVER_ERROR, a stack trace. */
export function problemsOf(status: number, text: string): string | null {
  if (status >= 500) return `HTTP ${status}`;
  if (text.includes('INTERNAL_SERVER_ERROR')) return 'INTERNAL_SERVER_ERROR';
  if (/stacktrace|\n\s+at [\w.<>]+ \(|\.ts:\d+:\d+/.test(text)) return 'stack trace';
  return null;
}
