import type { RequestHandler } from 'express';
import { fixedFieldsLogger, type Logger } from '../core/logger';
import { logAccess, requestIdOf } from './access-log';
import type { HubMetrics } from './metrics';

/**
 * Every request's id, access line and duration metric, as one middleware with one `finish` listener
 * (the code of each stays in access-log.ts and metrics.ts).
 */
export function observeRequests(log: Logger, metrics: HubMetrics): RequestHandler {
  // The access line's fields are fixed (logAccess): nothing in them for the redaction to censor.
  const access = fixedFieldsLogger(log);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    requestIdOf(req, res);
    res.on('finish', () => {
      logAccess(access, req, res, started);
      metrics.observeHttp(req, res, started);
    });
    next();
  };
}
