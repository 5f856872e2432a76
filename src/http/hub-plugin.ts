import type { ApolloServerPlugin } from '@apollo/server';
import type { Viewer } from '../core/auth';
import type { Logger } from '../core/logger';
import type { RateLimits } from '../core/rate-limit';
import { noteOperation } from './access-log';
import { logFaults } from './fault-log';
import { guardOperation } from './graphql-guards';
import type { HubMetrics } from './metrics';
import { limitHttpOperation } from './operation-limits';

/** What the plugin reads of a request's context. */
export interface PluginContext {
  readonly viewer: Viewer | null;
  readonly clientAddress: string;
  readonly log: Logger;
  /** The response's `res.locals` (the access log's operation name and type), absent outside HTTP. */
  readonly httpLocals?: Record<string, unknown>;
}

/**
 * The hub's concerns in Apollo's request lifecycle, as one plugin: one `requestDidStart` and one set of
 * hooks per request instead of one per concern. Each concern keeps its code in its own file:
 * the access log's operation name (access-log.ts), the metrics (metrics.ts), the guards (graphql-guards.ts),
 * the rate limits (operation-limits.ts) and the fault log (fault-log.ts). Once the operation is known,
 * it is named and labelled first, then guarded, then limited: an operation the guards refuse costs no
 * rate-limit points.
 */
export function hubPlugin<T extends PluginContext>(deps: {
  metrics: HubMetrics;
  limits: RateLimits;
  log: Logger;
}): ApolloServerPlugin<T> {
  const { metrics, limits, log } = deps;
  return {
    async requestDidStart() {
      const meter = metrics.startOperation();
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          noteOperation(contextValue.httpLocals, operation);
          meter.resolved(operation);
          guardOperation(operation, document, request.variables);
          await limitHttpOperation(limits, contextValue, operation, document, request.variables);
        },
        async didEncounterErrors({ errors, contextValue, operationName }) {
          meter.errors(errors);
          logFaults(contextValue?.log ?? log, errors, operationName);
        },
        async willSendResponse() {
          meter.sent();
        },
      };
    },
  };
}
