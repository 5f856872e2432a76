import type { GraphQLError } from 'graphql';
import { formatError, isFault } from '../core/errors';
import { loggableError, type Logger } from '../core/logger';

/** Logs the faults among a response's errors (not the client's mistakes, which are answered, not logged). */
export function logFaults(log: Logger, errors: readonly GraphQLError[], operationName: string | null | undefined): void {
  for (const error of errors) {
    const formatted = formatError({ message: error.message, extensions: error.extensions }, error, true);
    if (!isFault(formatted)) continue;
    // The operation name and the error only: never the variables, which may hold personal data.
    log.error({ err: loggableError(error.originalError ?? error), operationName }, 'resolver fault');
  }
}
