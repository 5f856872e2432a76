import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/*
 * Which fields a query selects below the field being resolved, so that a list reads only the
 * relations it will show. Fields are named by their schema name (aliases do not matter), fragments
 * and inline fragments are followed (whatever their type condition: a field any branch selects counts),
 * and @skip/@include are honoured.
 */

type Variables = GraphQLResolveInfo['variableValues'];

function included(node: FieldNode | SelectionSetNode['selections'][number], variables: Variables): boolean {
  if (!('directives' in node) || !node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** The field nodes selected in these selection sets, by field name (fragments flattened). */
function fieldsOf(
  sets: readonly (SelectionSetNode | undefined)[],
  info: Pick<GraphQLResolveInfo, 'fragments' | 'variableValues'>,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const selection of set?.selections ?? []) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        fields.set(name, [...(fields.get(name) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue; // a cycle is invalid GraphQL, but never loop on one
        visit(info.fragments[name]?.selectionSet, new Set([...seen, name]));
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return fields;
}

/** What a connection field's query selects: its items' fields (under `edges.node` or `nodes`) and `totalCount`. */
export interface ConnectionSelection {
  /** The item fields selected (schema names), e.g. `provider`, `serviceAreas`. */
  node: ReadonlySet<string>;
  totalCount: boolean;
}

export function connectionSelection(info: GraphQLResolveInfo): ConnectionSelection {
  const top = fieldsOf(
    info.fieldNodes.map((f) => f.selectionSet),
    info,
  );
  const edges = fieldsOf(
    (top.get('edges') ?? []).map((f) => f.selectionSet),
    info,
  );
  const items = [...(edges.get('node') ?? []), ...(top.get('nodes') ?? [])];
  const node = fieldsOf(
    items.map((f) => f.selectionSet),
    info,
  );
  return { node: new Set(node.keys()), totalCount: top.has('totalCount') };
}
