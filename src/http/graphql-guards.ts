import { GraphQLError, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { checkOperationInputs } from '../core/input-hygiene';

/**
 * Checks that run over HTTP once the operation is known and before it executes: the input hygiene rule
 * (control characters, lengths) and the transport (subscriptions only over WebSocket). Both are the client's
 * mistake: HTTP 400 with a typed code, never a fault.
 */
export function guardOperation(
  operation: OperationDefinitionNode | undefined,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): void {
  if (operation?.operation === 'subscription') {
    throw new GraphQLError('订阅只能通过 WebSocket (graphql-ws) 进行 (subscriptions are served over WebSocket only)', {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
  const problem = checkOperationInputs(document, variables);
  if (problem) throw problem;
}
