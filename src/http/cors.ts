import type { RequestHandler } from 'express';
import { varyBy } from './graphql-http';

const ALLOW_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id';

/**
 * CORS for /graphql: a page from one of `origins` (CORS_ORIGINS) may call the API from the browser;
 * other origins get no CORS headers, so the browser keeps the answer from them. Preflights
 * (OPTIONS) are answered here. Tokens travel in the Authorization header, never in cookies, so
 * credentials are not allowed.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    varyBy(res, 'Origin');
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
    }
    if (req.method !== 'OPTIONS') return next();
    if (ok) {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
      res.setHeader('access-control-max-age', '600');
    }
    res.status(204).end();
  };
}
