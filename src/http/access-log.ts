import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { OperationDefinitionNode } from 'graphql';
import type { Logger } from '../core/logger';

export const requestIds: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  next();
};

/** One line per request: method, path, status, time and the GraphQL operation's name and type. */
export function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Never bodies, variables or query strings: the operation's name is the document's own (a GraphQL Name).
      log.info(
        {
          requestId: res.locals.requestId,
          method: req.method,
          path: req.baseUrl + req.path,
          status: res.statusCode,
          ms,
          ...(res.locals.operationName !== undefined
            ? { operationName: res.locals.operationName, operationType: res.locals.operationType }
            : {}),
        },
        'request',
      );
    });
    next();
  };
}

/**
 * Tells the access log which operation a GraphQL request ran: the name in the parsed document (null for an
 * anonymous one), never the client's `operationName` field as sent, which could be any text. `locals` is the
 * response's `res.locals`, which the access line reads when the response finishes.
 */
export function noteOperation(
  locals: Record<string, unknown> | undefined,
  operation: OperationDefinitionNode | undefined,
): void {
  if (!locals) return;
  locals.operationName = operation?.name?.value ?? null;
  locals.operationType = operation?.operation ?? null;
}
