import type { IncomingMessage } from 'node:http';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../config';
import type { TokenVerifier, Viewer } from '../core/auth';
import type { TokenWatch } from './ws-token-watch';
import type { HubContext } from '../core/context';
import { BadInputError, formatError, HubError, isFault, RateLimitedError } from '../core/errors';
import { checkOperationInputs, variableErrors } from '../core/input-hygiene';
import { loggableError, type Logger } from '../core/logger';
import type { RateLimits } from '../core/rate-limit';
import { limitOperation, operationCost } from '../http/operation-limits';
import { clientAddressOf } from '../http/trust-proxy';
import { errorCodesOf, SharedResult, subscriptionExecutor } from './executor';
import { renewableContext, SlowConsumerError } from './subscription';

type WsOptions = ServerOptions<Record<string, unknown> | undefined, Extra>;

/** Close code for a subscriber that does not keep up (events or bytes waiting beyond the limits). */
export const SLOW_CONSUMER_CLOSE = 4008;
/** Close code for a connection over WS_MAX_CONNECTIONS_PER_ADDRESS (RFC 6455 "Try Again Later"). */
export const TOO_MANY_CONNECTIONS_CLOSE = 1013;
/** Bytes waiting in one socket's send buffer before its client counts as too slow. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const KEEP_ALIVE_MS = 12_000;

interface ConnectionParams {
  authorization?: unknown;
  Authorization?: unknown;
  token?: unknown;
}

interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
  /** The client's address (through trusted proxies, as `req.ip` over HTTP). */
  clientAddress: string;
}

/** A graphql-ws connection's running operations (only their count is read). */
interface Operations {
  subscriptions: Record<string, unknown>;
}

/** `error` with `extensions.code` set to `code` unless it has one. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

function isStream(value: unknown): boolean {
  return !!value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function tokenOf(params: ConnectionParams | undefined): string | null {
  const raw = params?.authorization ?? params?.Authorization ?? params?.token;
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return raw.replace(/^Bearer\s+/i, '').trim();
}

// A shared result travels as this placeholder through graphql-ws's JSON.stringify of the message
// and is replaced by its JSON (made once per group) in `send`, which graphql-ws calls right after.
const PLACEHOLDER = '\u0000jiujinan-shared-result\u0000';
const PLACEHOLDER_TAIL = `${JSON.stringify(PLACEHOLDER)}}`;
let pendingShared: string | null = null;

function spliceShared(data: string): string {
  const json = pendingShared;
  pendingShared = null;
  if (json === null || !data.endsWith(PLACEHOLDER_TAIL)) return data;
  return `${data.slice(0, -PLACEHOLDER_TAIL.length)}${json}}`;
}

/**
 * graphql-ws on the `/graphql` path: the token travels in `connectionParams`
 * (`{authorization: "Bearer …"}`) and is checked once, at connection time. Results and errors are
 * formatted as over HTTP (no stack trace or internal message outside development); subscriptions run
 * through the executor (a fresh context per event, shared execution for equal subscribers); a slow
 * client is disconnected with SLOW_CONSUMER_CLOSE instead of being buffered for.
 */
export function useSubscriptionServer(args: {
  wsServer: WebSocketServer;
  schema: GraphQLSchema;
  config: Config;
  /** The context of one operation, for its viewer and client address. */
  context: (viewer: Viewer | null, clientAddress: string) => HubContext;
  tokens: TokenVerifier;
  /** Closes connections whose token expires or is revoked. */
  tokenWatch: TokenWatch;
  log: Logger;
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  /** Writes and searches over WebSocket count against the same limits as over HTTP. */
  limits: RateLimits;
  /** Which proxies may name the client (TRUST_PROXY). */
  trust: (addr: string, i: number) => boolean;
  /** Counts each error sent to a client, by its code (the error metric, as over HTTP). */
  countError?: (code: string) => void;
}) {
  const { wsServer, schema, config, tokens, tokenWatch, log, validationRules, parseOptions, limits, trust } = args;
  const countError = args.countError ?? (() => undefined);
  const count = (codes: readonly string[]) => {
    for (const code of codes) countError(code);
  };
  const connections = new Map<string, number>();
  const open = new Set<Operations>();
  const viewers = new WeakMap<object, Viewer | null>();
  const texts = new WeakMap<DocumentNode, string>();
  const development = config.env === 'development';

  const formatErrors = (errors: readonly GraphQLError[], ctx: HubContext | undefined) =>
    errors.map((error) => {
      if (!(error instanceof GraphQLError)) return error as unknown as GraphQLFormattedError; // formatted already
      const formatted = formatError(error.toJSON(), error, development);
      if (isFault(formatted))
        (ctx?.log ?? log).error({ err: loggableError(error.originalError ?? error) }, 'subscription fault');
      return formatted;
    });
  const formatResult = (result: ExecutionResult, ctx: HubContext | undefined): ExecutionResult =>
    result.errors ? ({ ...result, errors: formatErrors(result.errors, ctx) } as unknown as ExecutionResult) : result;

  const slow = (socket: WebSocket) => {
    if (socket.readyState === socket.OPEN) socket.close(SLOW_CONSUMER_CLOSE, 'Subscriber too slow');
  };

  const server = makeServer<Record<string, unknown> | undefined, Extra>({
    schema,
    onConnect: async (ctx) => {
      open.add(ctx);
      const token = tokenOf(ctx.connectionParams as ConnectionParams | undefined);
      try {
        const viewer = token ? await tokens.verify(token) : null;
        viewers.set(ctx.extra, viewer);
        if (viewer) tokenWatch.watch(ctx.extra.socket, viewer);
        return true;
      } catch {
        return false; // graphql-ws closes with 4403 Forbidden
      }
    },
    // Subscriptions make a fresh context from the same factory for every event.
    onClose: (ctx) => {
      open.delete(ctx);
    },
    context: (ctx) => {
      const viewer = viewers.get(ctx.extra) ?? null;
      return renewableContext(() => args.context(viewer, ctx.extra.clientAddress));
    },
    onSubscribe: async (ctx, _id, payload) => {
      const cap = config.wsMaxSubscriptionsPerConnection;
      // The new operation is counted already; the connection and its other streams carry on.
      if (cap > 0 && Object.keys(ctx.subscriptions).length > cap) {
        return [
          new HubError(
            `此连接的订阅数已达上限 ${cap} (too many operations on this connection: at most ${cap})`,
            'RATE_LIMITED',
            { limit: cap },
          ),
        ];
      }
      let document;
      try {
        document = parse(payload.query, parseOptions);
      } catch (error) {
        return [
          withCode(error instanceof GraphQLError ? error : new GraphQLError('Syntax Error'), 'GRAPHQL_PARSE_FAILED'),
        ];
      }
      // Apollo's armor plugins never see WebSocket operations: validate with the same rules here.
      const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
      // Coded as Apollo codes them over HTTP: the client's error (BAD_USER_INPUT), not a fault of the hub.
      if (errors.length > 0) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
      const problem = checkOperationInputs(document, payload.variables);
      if (problem) return [problem];
      const coercion = variableErrors(schema, document, payload.operationName, payload.variables);
      if (coercion.length > 0) return coercion;
      const operation = getOperationAST(document, payload.operationName);
      // graphql-ws would send its own uncoded "Unable to identify operation" (masked as a fault).
      if (!operation)
        return [
          new BadInputError(
            payload.operationName
              ? `文档中没有名为 ${payload.operationName} 的操作 (no operation of that name in the document)`
              : '文档有多个操作，须指明 operationName (several operations: name one in operationName)',
            'operationName',
          ),
        ];
      try {
        const who = { viewer: viewers.get(ctx.extra) ?? null, clientAddress: ctx.extra.clientAddress };
        await limitOperation(limits, who, operationCost(document, operation, payload.variables ?? undefined));
      } catch (error) {
        if (error instanceof RateLimitedError) return [error];
        throw error;
      }
      texts.set(document, payload.query);
      return {
        schema,
        document,
        operationName: payload.operationName ?? null,
        variableValues: payload.variables ?? null,
      };
    },
    subscribe: subscriptionExecutor({
      format: formatResult,
      textOf: (document) => texts.get(document),
    }) as unknown as WsOptions['subscribe'],
    onNext: (_ctx, _id, _payload, args, result) => {
      if ((result as unknown) instanceof SharedResult) {
        count((result as unknown as SharedResult).errorCodes);
        return result;
      }
      const ctx = (args.contextValue as HubContext | undefined) ?? undefined;
      const formatted = formatResult(result as ExecutionResult, ctx);
      count(errorCodesOf(formatted));
      return formatted as FormattedExecutionResult;
    },
    onError: (ctx, _id, _payload, errors) => {
      if (errors.some((e) => e.originalError instanceof SlowConsumerError)) setImmediate(() => slow(ctx.extra.socket));
      else log.warn({ count: errors.length }, 'subscription operation failed');
      const formatted = formatErrors(errors, undefined);
      count(errorCodesOf({ errors: formatted } as unknown as ExecutionResult));
      return formatted.map((f) => new GraphQLError(f.message, { extensions: f.extensions }));
    },
    jsonMessageReplacer(key, value) {
      if (key === 'payload' && value instanceof SharedResult) {
        pendingShared = value.json;
        return PLACEHOLDER;
      }
      return value as unknown;
    },
  });

  wsServer.options.handleProtocols = handleProtocols;
  wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const clientAddress = clientAddressOf(request, trust);
    const held = connections.get(clientAddress) ?? 0;
    const cap = config.wsMaxConnectionsPerAddress;
    if (cap > 0 && held >= cap) {
      socket.once('error', () => undefined);
      socket.close(TOO_MANY_CONNECTIONS_CLOSE, `Too many connections from this address (at most ${cap})`);
      return;
    }
    connections.set(clientAddress, held + 1);
    socket.once('close', () => {
      const left = (connections.get(clientAddress) ?? 1) - 1;
      if (left > 0) connections.set(clientAddress, left);
      else connections.delete(clientAddress);
    });
    socket.once('error', (error) => {
      log.warn({ err: loggableError(error) }, 'websocket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    let pongWait: NodeJS.Timeout | null = null;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN || pongWait) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, KEEP_ALIVE_MS);
    ping.unref();
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          const message = spliceShared(data);
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return slow(socket);
          return new Promise<void>((resolve) => socket.send(message, () => resolve()));
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            cb(String(data)).catch((error: unknown) => {
              log.error({ err: loggableError(error) }, 'websocket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request, clientAddress },
    );
    socket.once('close', (code, reason) => {
      clearInterval(ping);
      if (pongWait) clearTimeout(pongWait);
      void closed(code, String(reason));
    });
  });

  return {
    /** Subscriptions streaming now, over all connections of this instance. */
    activeSubscriptions: () => {
      let count = 0;
      for (const ctx of open) for (const value of Object.values(ctx.subscriptions)) if (isStream(value)) count += 1;
      return count;
    },
    dispose: async () => {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) => wsServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
