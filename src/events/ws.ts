import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Config } from '../config';
import { verifyToken, type Viewer } from '../core/auth';
import type { HubContext } from '../core/context';
import { formatError } from '../core/errors';
import { checkOperationInputs } from '../core/input-hygiene';
import type { Logger } from '../core/logger';

interface ConnectionParams {
  authorization?: unknown;
  Authorization?: unknown;
  token?: unknown;
}

function tokenOf(params: ConnectionParams | undefined): string | null {
  const raw = params?.authorization ?? params?.Authorization ?? params?.token;
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return raw.replace(/^Bearer\s+/i, '').trim();
}

/**
 * graphql-ws on the `/graphql` path: the token travels in `connectionParams`
 * (`{authorization: "Bearer …"}`) and is checked once, at connection time.
 */
export function useSubscriptionServer(args: {
  wsServer: WebSocketServer;
  schema: GraphQLSchema;
  config: Config;
  /** The context of one operation, for its viewer. */
  context: (viewer: Viewer | null) => HubContext;
  log: Logger;
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}) {
  const { wsServer, schema, config, log, validationRules, parseOptions } = args;
  const viewers = new WeakMap<object, Viewer | null>();
  const development = config.env === 'development';
  return useServer(
    {
      schema,
      onConnect: async (ctx) => {
        const token = tokenOf(ctx.connectionParams as ConnectionParams | undefined);
        try {
          viewers.set(ctx.extra, token ? await verifyToken(config.jwtSecret, token) : null);
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      context: (ctx) => args.context(viewers.get(ctx.extra) ?? null),
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
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
        };
      },
      onError: (_ctx, _id, _payload, errors) => {
        log.warn({ count: errors.length }, 'subscription operation failed');
        return errors.map((e) => {
          const formatted = formatError(e.toJSON(), e, development);
          return new GraphQLError(formatted.message, { extensions: formatted.extensions });
        });
      },
    },
    wsServer,
  );
}
