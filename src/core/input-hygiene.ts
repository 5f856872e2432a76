import {
  getOperationAST,
  GraphQLError,
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';

/**
 * The one rule for every string a client sends (arguments, input fields, variables, JSON values and their keys,
 * over HTTP and WebSocket alike), checked once per operation before anything executes:
 *
 * - no control characters: U+0000–U+001F except tab, line feed and carriage return, U+007F–U+009F, and no
 *   unpaired UTF-16 surrogate (PostgreSQL cannot store either);
 * - no more characters than the limit for its name: `search` 200, cursors (`after`, `before`) 2,000,
 *   identifiers (`id`, `ids`, `…Id`, `…Ids`, `idempotencyKey`) 200, a policy `body` 500,000, anything else 20,000.
 *
 * A string that breaks it fails the whole operation with `BAD_USER_INPUT` (HTTP 400) whose
 * `extensions.argument` names the argument path, e.g. `input.description` or `filter.areaCode`. Services still
 * apply their own, tighter per-field rules as `INVALID` userErrors.
 */
export const STRING_LIMITS = {
  search: 200,
  cursor: 2_000,
  id: 200,
  body: 500_000,
  default: 20_000,
} as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Path = (string | number)[];

export function limitFor(name: string | undefined): number {
  if (name === undefined) return STRING_LIMITS.default;
  if (name === 'search') return STRING_LIMITS.search;
  if (name === 'after' || name === 'before') return STRING_LIMITS.cursor;
  if (name === 'id' || name === 'ids' || name === 'idempotencyKey' || /[a-z]Ids?$/.test(name)) return STRING_LIMITS.id;
  if (name === 'body') return STRING_LIMITS.body;
  return STRING_LIMITS.default;
}

function lastName(path: Path): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export class InputHygieneError extends GraphQLError {
  constructor(message: string, path: Path) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', argument: pathText(path), http: { status: 400 } } });
  }
}

/** The problem with one string, or null when it is clean. */
export function stringProblem(value: string, path: Path): InputHygieneError | null {
  const where = pathText(path);
  if (CONTROL.test(value)) {
    return new InputHygieneError(`${where} 含有控制字符 (contains a control character)`, path);
  }
  if (LONE_SURROGATE.test(value)) {
    return new InputHygieneError(`${where} 含有无效的 Unicode 字符 (contains an unpaired surrogate)`, path);
  }
  const max = limitFor(lastName(path));
  if (value.length > max) {
    return new InputHygieneError(`${where} 不能超过 ${max} 个字符 (at most ${max} characters)`, path);
  }
  return null;
}

/** Walks a JSON value (a variable's value): every string and every object key. */
export function checkValue(value: unknown, path: Path): InputHygieneError | null {
  if (typeof value === 'string') return stringProblem(value, path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(value[i], [...path, i]);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = CONTROL.test(key) || LONE_SURROGATE.test(key) || key.length > 200;
      if (keyProblem) return new InputHygieneError(`${pathText(path)} 含有无效的键 (invalid key)`, path);
      const problem = checkValue(inner, [...path, key]);
      if (problem) return problem;
    }
  }
  return null;
}

// What a document asks of its inputs, in document order: a string literal, or a variable to check where
// it is used. Documents repeat (Apollo caches them), so each is walked once.
type InputCheck = { literal: string; path: Path } | { variable: string; path: Path };
const CHECKS = new WeakMap<DocumentNode, InputCheck[]>();

function collectLiteral(node: ValueNode, path: Path, out: InputCheck[]): void {
  switch (node.kind) {
    case Kind.STRING:
      out.push({ literal: node.value, path });
      return;
    case Kind.LIST:
      node.values.forEach((value, i) => collectLiteral(value, [...path, i], out));
      return;
    case Kind.OBJECT:
      for (const field of node.fields) collectLiteral(field.value, [...path, field.name.value], out);
      return;
    case Kind.VARIABLE:
      out.push({ variable: node.name.value, path });
      return;
    default:
      return;
  }
}

function checksOf(document: DocumentNode): InputCheck[] {
  let checks = CHECKS.get(document);
  if (checks) return checks;
  checks = [];
  const out = checks;
  visit(document as ASTNode, {
    Argument(node) {
      collectLiteral(node.value, [node.name.value], out);
      return false;
    },
    // Default values of variables are literals too.
    VariableDefinition(node) {
      if (node.defaultValue) collectLiteral(node.defaultValue, [node.variable.name.value], out);
    },
  });
  CHECKS.set(document, checks);
  return checks;
}

/**
 * Every argument of every field and directive in the document, literal or through a variable; the first problem
 * found, or null. Variables are checked where they are used, under the argument's name.
 */
export function checkOperationInputs(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): InputHygieneError | null {
  const values = variables ?? {};
  let found: InputHygieneError | null = null;
  for (const check of checksOf(document)) {
    found =
      'literal' in check ? stringProblem(check.literal, check.path) : checkValue(values[check.variable], check.path);
    if (found) return found;
  }
  // Variables the operation never uses still reach no resolver, but a hostile key or string in them is refused too.
  if (variables) {
    for (const [name, value] of Object.entries(variables)) {
      found = checkValue(value, [name]);
      if (found) break;
    }
  }
  return found;
}

/**
 * Variables coerced against the operation's declared types, as graphql-js does before executing: the errors
 * as BAD_USER_INPUT (over HTTP Apollo does this; graphql-ws would report them as faults).
 */
export function variableErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError[] {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return [];
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 5 });
  return (result.errors ?? []).map(
    (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }),
  );
}
