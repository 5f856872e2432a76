import type { IncomingMessage } from 'node:http';
import {
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
import { formatError, isFault } from '../core/errors';
import { checkOperationInputs, variableErrors } from '../core/input-hygiene';
import { loggableError, type Logger } from '../core/logger';
import { SharedResult, subscriptionExecutor } from './executor';
import { renewableContext, SlowConsumerError } from './subscription';

type WsOptions = ServerOptions<Record<string, unknown> | undefined, Extra>;

/** Close code for a subscriber that does not keep up (events or bytes waiting beyond the limits). */
export const SLOW_CONSUMER_CLOSE = 4008;
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
  /** The context of one operation, for its viewer. */
  context: (viewer: Viewer | null) => HubContext;
  tokens: TokenVerifier;
  /** Closes connections whose token expires or is revoked. */
  tokenWatch: TokenWatch;
  log: Logger;
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}) {
  const { wsServer, schema, config, tokens, tokenWatch, log, validationRules, parseOptions } = args;
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
    context: (ctx) => {
      const viewer = viewers.get(ctx.extra) ?? null;
      return renewableContext(() => args.context(viewer));
    },
    onSubscribe: (_ctx, _id, payload) => {
      let document;
      try {
        document = parse(payload.query, parseOptions);
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('Syntax Error')];
      }
      // Apollo's armor plugins never see WebSocket operations: validate with the same rules here.
      const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
      if (errors.length > 0) return errors;
      const problem = checkOperationInputs(document, payload.variables);
      if (problem) return [problem];
      const coercion = variableErrors(schema, document, payload.operationName, payload.variables);
      if (coercion.length > 0) return coercion;
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
      if ((result as unknown) instanceof SharedResult) return result;
      const ctx = (args.contextValue as HubContext | undefined) ?? undefined;
      return formatResult(result as ExecutionResult, ctx) as FormattedExecutionResult;
    },
    onError: (ctx, _id, _payload, errors) => {
      if (errors.some((e) => e.originalError instanceof SlowConsumerError)) setImmediate(() => slow(ctx.extra.socket));
      else log.warn({ count: errors.length }, 'subscription operation failed');
      return formatErrors(errors, undefined).map((f) => new GraphQLError(f.message, { extensions: f.extensions }));
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
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(ping);
      if (pongWait) clearTimeout(pongWait);
      void closed(code, String(reason));
    });
  });

  return {
    dispose: async () => {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) => wsServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
