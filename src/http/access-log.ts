import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { OperationDefinitionNode } from 'graphql';
import type { Logger } from '../core/logger';

/** The request's id: the client's `X-Request-Id` when it is a plain token, else a new one; echoed back. */
export function requestIdOf(req: Request, res: Response): string {
  const given = req.get('x-request-id');
  const id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * The access line of a finished request: method, path, status, time and the GraphQL operation's name and
 * type. Never bodies, variables or query strings: the operation's name is the document's own (a GraphQL
 * Name). `log` is the access logger (accessLogger), `started` the request's start (process.hrtime.bigint()).
 */
export function logAccess(log: Logger, req: Request, res: Response, started: bigint): void {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
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
