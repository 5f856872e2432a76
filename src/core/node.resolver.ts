import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { HubContext } from './context';
import { BadInputError } from './errors';
import { fromGlobalId, Node } from './relay';

/** Fetches a node of one type by local id, or null when it does not exist or is not visible. */
export type NodeFetcher = (ctx: HubContext, id: string) => Promise<Node | null>;

const fetchers = new Map<string, NodeFetcher>();

/** Each module registers how its types are fetched (and who may see them). */
export function registerNodeType(type: string, fetch: NodeFetcher): void {
  fetchers.set(type, fetch);
}

async function fetchNode(ctx: HubContext, globalId: string): Promise<Node | null> {
  const parsed = fromGlobalId(globalId);
  const fetch = parsed && fetchers.get(parsed.type);
  return fetch ? fetch(ctx, parsed.id) : null;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: '节点 — any object by its global ID; null when absent or not visible.',
  })
  node(@Ctx() ctx: HubContext, @Arg('id', () => ID, { description: '全局ID — a global ID.' }) id: string) {
    return fetchNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: '节点列表 — objects by global IDs, in order; null where absent.',
  })
  nodes(
    @Ctx() ctx: HubContext,
    @Arg('ids', () => [ID], { description: '全局ID列表 — at most 100 global IDs.' }) ids: string[],
  ) {
    if (ids.length > 100) throw new BadInputError('一次最多 100 个ID (at most 100 ids)', 'ids');
    return Promise.all(ids.map((id) => fetchNode(ctx, id)));
  }
}
