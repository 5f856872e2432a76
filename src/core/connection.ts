import { Field, Int, ObjectType } from 'type-graphql';
import { BadInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: '分页信息 — where this page sits in the whole list (Relay).' })
export class PageInfo {
  @Field({ description: '有下一页 — true when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: '有上一页 — true when items come before this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: '起始游标 — cursor of the first item on this page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: '结束游标 — cursor of the last item; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

export interface EdgeData<T> {
  cursor: string;
  node: T;
}

/** A count, or a function that counts: called only when the client selects `totalCount`. */
export type TotalCount = number | (() => Promise<number>);

export interface ConnectionData<T, E extends EdgeData<T> = EdgeData<T>> {
  edges: E[];
  pageInfo: PageInfo;
  totalCount: TotalCount;
}

/** `first` checked against the limit: above 100 is an error, not a silent cap. */
export function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw new BadInputError('`first` 不能为负数 (must be ≥ 0)', 'first');
  if (first > MAX_PAGE_SIZE) {
    throw new BadInputError(`\`first\` 不能超过 ${MAX_PAGE_SIZE} (must be ≤ ${MAX_PAGE_SIZE})`, 'first');
  }
  return first;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type TypeThunk = () => Function | object;

/**
 * The generic edge: a cursor and the item. Abstract: extend it with a concrete `@ObjectType`
 * (`class PolicyEdge extends EdgeType(...)`), adding per-edge data such as highlights.
 */
export function EdgeType<T>(item: TypeThunk, label: string) {
  @ObjectType()
  abstract class Edge implements EdgeData<T> {
    @Field({ description: '游标 — opaque position of this item; pass it as `after`.' })
    cursor!: string;

    @Field(item, { description: `${label} — the item.` })
    node!: T;
  }
  return Edge;
}

/** The generic Relay connection `{edges, nodes, pageInfo, totalCount}`; abstract like EdgeType. */
export function ConnectionType<T>(item: TypeThunk, edge: TypeThunk) {
  @ObjectType()
  abstract class Connection implements ConnectionData<T> {
    @Field(() => [edge()], { description: '边 — the items of this page with their cursors.' })
    edges!: EdgeData<T>[];

    @Field(() => [item()], { description: '节点 — the items of this page, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: '分页信息 — page position.' })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description:
        '总数 — number of items in the whole list, across pages: exact up to 1,000; above 1,000, for a full-text search or the resources list, an estimate (never below 1,001).',
    })
    totalCount!: TotalCount;
  }
  return Connection;
}

/** Wraps a page as connection data, whatever class the GraphQL type is. */
export function connectionOf<E extends EdgeData<unknown>>(
  edges: E[],
  totalCount: TotalCount,
  hasNextPage: boolean,
  hasPreviousPage: boolean,
): ConnectionData<E['node'], E> & { nodes: E['node'][]; suggestions: string[] } {
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage,
    hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  });
  // suggestions: what a search connection offers on an empty result (none elsewhere).
  const connection = { edges, pageInfo, totalCount, nodes: edges.map((e) => e.node), suggestions: [] as string[] };
  if (typeof totalCount === 'function') {
    // A lazy count: GraphQL reads the property only when `totalCount` is selected, then awaits it.
    let counted: Promise<number> | undefined;
    Object.defineProperty(connection, 'totalCount', { enumerable: true, get: () => (counted ??= totalCount()) });
  }
  return connection;
}

/** Offset cursors, used where the order is computed (search ranking). */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodeOffsetCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^o:(\d{1,9})$/.exec(text);
  if (!match) throw new BadInputError('无效的游标 (malformed cursor)', 'after');
  return Number(match[1]) + 1;
}
