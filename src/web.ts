import { existsSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Router } from 'express';
import type { Config } from './config';
import { Role, signToken } from './core/auth';

/** Where `npm run build` puts the web console: beside src/ when run from source, beside dist/ when compiled. */
export function webDist(): string | null {
  const candidates = [path.resolve(__dirname, '../web/dist'), path.resolve(__dirname, '../../web/dist')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

// Paths that belong to the hub itself; anything else that asks for HTML is a route of the single-page app.
const HUB_PATHS = /^\/(graphql|hsds|healthz|readyz|dev)(\/|$)/;

const PAGE_HEADERS: Record<string, string> = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

/**
 * The web console's files: hashed assets cached for a year, index.html revalidated each time and served for every
 * client-side route (a GET that accepts HTML outside the hub's own paths).
 */
export function webRouter(dir: string): Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use(compression());
  router.use(
    express.static(dir, {
      index: false,
      fallthrough: true,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        else res.setHeader('cache-control', 'no-cache');
      },
    }),
  );
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || HUB_PATHS.test(req.path)) return next();
    if (req.path.startsWith('/assets/') || !req.accepts('html')) return next();
    res.set(PAGE_HEADERS).sendFile(index);
  });
  return router;
}

/**
 * Development sign-in for the consoles: mints a token like `npm run token`. Only outside production, and only
 * while the hub signs with the public development secret (or runs under test), so a real secret never has a
 * token shop in front of it.
 */
export function devTokenRouter(config: Config): Router | null {
  const secret = config.jwtSecret;
  if (config.env === 'production' || !secret || !(config.jwtSecretIsDefault || config.env === 'test')) return null;
  const router = express.Router();
  router.get('/token', (_req, res) => {
    res.json({ available: true, roles: Object.values(Role) });
  });
  router.post('/token', express.json({ limit: '4kb' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() && v.length <= 200 ? v.trim() : null);
    const role = text(body.role);
    if (!role || !(Object.values(Role) as string[]).includes(role)) {
      res.status(400).json({ error: `role must be one of ${Object.values(Role).join(', ')}` });
      return;
    }
    const token = await signToken(secret, {
      role: role as Role,
      org: text(body.org),
      area: text(body.area),
      sub: text(body.sub),
      expiresIn: '12h',
    });
    res.json({ token });
  });
  return router;
}
