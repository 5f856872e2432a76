import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { HubContext } from '../core/context';
import { BoundedMap } from '../core/bounded-map';
import { Delivery, isEventStream } from './subscription';

/**
 * A result serialised once for every subscriber of its group; ws.ts splices the JSON into each message
 * (and counts its errors, by code, once per subscriber it reaches).
 */
export class SharedResult {
  constructor(
    readonly json: string,
    readonly errorCodes: readonly string[] = [],
  ) {}
}

/** The codes of a formatted result's errors (INTERNAL_SERVER_ERROR where one has none). */
export function errorCodesOf(result: ExecutionResult): string[] {
  return (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
}

const MEMO_SIZE = 2048;

/** Equal subscribers see equal results: the same role, area and organisation (never the subject). */
function visibilityOf(ctx: HubContext | undefined): string {
  const viewer = ctx?.viewer;
  return viewer ? JSON.stringify([viewer.role, viewer.areaCode, viewer.organizationId]) : 'public';
}

function isAsyncIterable(value: unknown): value is AsyncIterableIterator<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * graphql-ws's `subscribe`: the source stream from the subscription field, each event executed in
 * the context its delivery brings (fresh per event: new loaders, a new access decision, audited
 * reads). Subscribers whose operation text, variables and visibility are equal and whose stream says
 * so (no personal data) share one execution per event, serialised once.
 */
export function subscriptionExecutor(options: {
  /** Formats (masks) a result's errors, as for HTTP. */
  format: (result: ExecutionResult, ctx: HubContext | undefined) => ExecutionResult;
  /** The operation's text as the client sent it (the group key's first part). */
  textOf: (document: DocumentNode) => string | undefined;
}) {
  const memo = new BoundedMap<string, Promise<SharedResult>>(MEMO_SIZE);

  return async function subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult | SharedResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult; // errors: formatted in onNext
    const text = options.textOf(args.document);
    const group =
      isEventStream(source) && source.shareable && text !== undefined
        ? JSON.stringify([
            text,
            args.operationName ?? null,
            args.variableValues ?? null,
            visibilityOf(args.contextValue as HubContext),
          ])
        : null;

    // Unshared results are formatted in graphql-ws's onNext, shared ones here, before serialising.
    const run = async (item: unknown): Promise<ExecutionResult> =>
      item instanceof Delivery
        ? execute({ ...args, rootValue: item.root, contextValue: item.scope.context })
        : execute({ ...args, rootValue: item });

    const map = (item: unknown): Promise<ExecutionResult | SharedResult> => {
      if (!group || !(item instanceof Delivery)) return run(item);
      const key = `${group}#${item.eventId}#${item.index}`;
      let shared = memo.get(key);
      if (!shared) {
        const ctx = item.scope.context;
        shared = run(item).then((result) => {
          const formatted = options.format(result, ctx);
          return new SharedResult(JSON.stringify(formatted), errorCodesOf(formatted));
        });
        memo.set(key, shared);
        shared.catch(() => memo.delete(key));
      }
      return shared;
    };

    const iterator = source as AsyncIterableIterator<unknown>;
    const mapped: AsyncIterableIterator<ExecutionResult | SharedResult> = {
      async next() {
        const step = await iterator.next();
        if (step.done) return { value: undefined, done: true };
        return { value: await map(step.value), done: false };
      },
      async return() {
        await iterator.return?.();
        return { value: undefined, done: true };
      },
      async throw(error?: unknown) {
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return mapped;
      },
    };
    return mapped;
  };
}
