import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { checkOperationInputs } from '../core/input-hygiene';

/**
 * Checks that run over HTTP once the operation is known and before it executes: the input hygiene rule
 * (control characters, lengths) and the transport (subscriptions only over WebSocket). Both are the client's
 * mistake: HTTP 400 with a typed code, never a fault.
 */
export function graphqlGuards<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError(
              '订阅只能通过 WebSocket (graphql-ws) 进行 (subscriptions are served over WebSocket only)',
              { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
            );
          }
          const problem = checkOperationInputs(document, request.variables);
          if (problem) throw problem;
        },
      };
    },
  };
}
