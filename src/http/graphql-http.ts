import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/*
 * Apollo Server over Express 5, as @as-integrations/express5 does it, with the compression of the answer in
 * the same place: an answer is a complete string (no incremental delivery here), so it is compressed once,
 * when it is large enough, instead of wrapping every response's write/end/writeHead (the `compression`
 * middleware) for answers that are mostly below the threshold. No ETag either (express's res.send hashes
 * every body for it; nothing revalidates a GraphQL answer).
 */

/** Below this many bytes an answer goes as it is (the `compression` middleware's default threshold). */
export const COMPRESSION_THRESHOLD = 1024;

// In the order preferred when the client weighs them equally (as the `compression` middleware prefers them).
const ENCODINGS = ['br', 'gzip', 'deflate'] as const;
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/i;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);
// The `compression` middleware's brotli quality: balanced speed and ratio.
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/** The encoding the client takes for this answer, or null to send it as it is. */
function encodingFor(req: Request, res: Response, length: number): string | null {
  if (length < COMPRESSION_THRESHOLD || req.method === 'HEAD') return null;
  if ((res.getHeader('content-encoding') ?? 'identity') !== 'identity') return null;
  if (NO_TRANSFORM.test(String(res.getHeader('cache-control') ?? ''))) return null;
  return preferredEncoding(req.headers['accept-encoding']);
}

/**
 * The encoding to use for an Accept-Encoding header: the highest-weighted of br, gzip and deflate (`*` counts
 * for those not named), br before gzip before deflate at equal weight; null when there is none, or when the
 * client weighs `identity` higher.
 */
export function preferredEncoding(header: string | undefined): (typeof ENCODINGS)[number] | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const token = name!.trim().toLowerCase();
    if (!token) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param);
      if (match) q = Number(match[1]);
    }
    weights.set(token, q);
  }
  const weightOf = (token: string) => weights.get(token) ?? weights.get('*') ?? 0;
  let best: (typeof ENCODINGS)[number] | null = null;
  let bestQ = 0;
  for (const encoding of ENCODINGS) {
    const q = weightOf(encoding);
    if (q > bestQ) [best, bestQ] = [encoding, q];
  }
  return best && bestQ >= (weights.get('identity') ?? 0) ? best : null;
}

/** Adds a field to Vary: set directly in the usual cases (none yet, or cors's Origin), else merged by express. */
export function varyBy(res: Response, field: string): void {
  const vary = res.getHeader('vary');
  if (vary === undefined) res.setHeader('vary', field);
  else if (vary === 'Origin' && field !== 'Origin') res.setHeader('vary', `Origin, ${field}`);
  else res.vary(field);
}

async function sendBody(req: Request, res: Response, text: string): Promise<void> {
  let body = Buffer.from(text, 'utf8');
  // Compressible (JSON), so caches must tell the encodings apart, whatever this answer's size.
  varyBy(res, 'Accept-Encoding');
  const encoding = encodingFor(req, res, body.length);
  if (encoding) {
    body =
      encoding === 'br'
        ? await brotli(body, BROTLI_OPTIONS)
        : encoding === 'gzip'
          ? await gzip(body)
          : await deflate(body);
    res.setHeader('content-encoding', encoding);
  }
  res.setHeader('content-length', body.length);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

/** The request's query string with its `?` (what Apollo reads GET operations from), or ''. */
function searchOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at);
}

/** Apollo Server on an Express route (after express.json()), answers compressed above the threshold. */
export function graphqlHttp<T extends BaseContext>(
  server: ApolloServer<T>,
  context: (args: { req: Request; res: Response }) => Promise<T>,
): RequestHandler {
  server.assertStarted('graphqlHttp()');
  return async (req, res, next) => {
    try {
      if (!('body' in req)) {
        res.status(500);
        res.send(
          '`req.body` is not set; this probably means you forgot to set up the ' +
            '`json` middleware before the Apollo Server middleware.',
        );
        return;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method.toUpperCase(),
          headers,
          search: searchOf(req.url),
          body: req.body as unknown,
        },
        context: () => context({ req, res }),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status || 200;
      if (response.body.kind === 'complete') {
        await sendBody(req, res, response.body.string);
        return;
      }
      // Incremental delivery (not enabled in the hub): chunks as they come, uncompressed.
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      next(error);
    }
  };
}
