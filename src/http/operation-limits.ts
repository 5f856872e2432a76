import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Viewer } from '../core/auth';
import { RateLimitedError } from '../core/errors';
import type { RateLimits } from '../core/rate-limit';

/** Root Query fields whose `search` argument runs a ranked full-text search. */
const SEARCH_FIELDS = new Set(['policies', 'resources']);

interface RootField {
  name: string;
  args: readonly { name: string; value: ValueNode }[];
}

function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): RootField[] {
  const out: RootField[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      out.push({
        name: selection.name.value,
        args: (selection.arguments ?? []).map((a) => ({ name: a.name.value, value: a.value })),
      });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      out.push(...rootFields(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      out.push(...rootFields(fragment.selectionSet, fragments, seen));
    }
  }
  return out;
}

function nonEmptyString(value: ValueNode, variables: Record<string, unknown> | undefined): boolean {
  const given = value.kind === Kind.VARIABLE ? variables?.[value.name.value] : value;
  if (typeof given === 'string') return given.trim() !== '';
  const node = given as ValueNode | undefined;
  return node?.kind === Kind.STRING && node.value.trim() !== '';
}

/** What an operation costs against the per-viewer limits: its root mutation fields and full-text searches. */
export function operationCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): { writes: number; searches: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fields = rootFields(operation.selectionSet, fragments).filter((f) => f.name !== '__typename');
  if (operation.operation === 'mutation') return { writes: fields.length, searches: 0 };
  if (operation.operation !== 'query') return { writes: 0, searches: 0 };
  const searches = fields.filter(
    (f) => SEARCH_FIELDS.has(f.name) && f.args.some((a) => a.name === 'search' && nonEmptyString(a.value, variables)),
  ).length;
  return { writes: 0, searches };
}

/**
 * Writes count per signed-in viewer (its token's subject), on every instance together when the limits
 * live in Redis; the public's only write, `emergencyReport`, has its own limit per client address.
 * Searches count per viewer, and per client address for the public.
 */
export async function limitOperation(
  limits: RateLimits,
  who: { viewer: Viewer | null; clientAddress: string },
  cost: { writes: number; searches: number },
): Promise<void> {
  const key = who.viewer ? `sub:${who.viewer.subject}` : `addr:${who.clientAddress}`;
  if (cost.writes > 0 && who.viewer) await limits.consume('writes', key, cost.writes);
  if (cost.searches > 0) await limits.consume('searches', key, cost.searches);
}

/** The limits over HTTP: a limited operation gets HTTP 429, `Retry-After` and RATE_LIMITED (never runs). */
export async function limitHttpOperation(
  limits: RateLimits,
  who: { viewer: Viewer | null; clientAddress: string },
  operation: OperationDefinitionNode | undefined,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): Promise<void> {
  if (!operation) return;
  const cost = operationCost(document, operation, variables);
  // Most operations cost nothing (a query without a search): no await, no promise.
  if (cost.writes === 0 && cost.searches === 0) return;
  try {
    await limitOperation(limits, who, cost);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const retryAfter = String(error.extensions.retryAfter);
    throw new RateLimitedError(Number(retryAfter), error.message, {
      http: { status: 429, headers: new Map([['retry-after', retryAfter]]) },
    });
  }
}
