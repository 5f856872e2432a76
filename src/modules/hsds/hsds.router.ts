import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { ResourceStatus } from '../resources';
import { hsdsApiInfo, hsdsIdFor, hsdsServiceList, toHsdsService } from './hsds.mapper';
import type { HsdsResourceView } from './hsds.types';

export interface HsdsRouterDeps {
  /** Published resources, in a stable order, with the total count. */
  listPublished(page: { offset: number; limit: number }): Promise<{ items: HsdsResourceView[]; total: number }>;
  /** One published resource by its hub global ID; null when absent or not public. */
  getPublished(id: string): Promise<HsdsResourceView | null>;
  /** The public origin (no trailing /hsds); defaults to the request's protocol and host. */
  baseUrl?: string;
  /**
   * The global ID whose `hsdsIdFor()` is `uuid`, or null. HSDS clients follow the `id` of list entries, which is
   * a derived uuid; without this, such a lookup scans `listPublished` page by page.
   */
  resolveHsdsId?(uuid: string): Promise<string | null>;
  /** Told about unexpected failures (the response is a 500 JSON body either way). */
  onError?(error: unknown): void;
}

export const HSDS_DEFAULT_PER_PAGE = 50;
export const HSDS_MAX_PER_PAGE = 100;
const SCAN_PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITIVE_INT = /^[1-9]\d{0,8}$/;

/** A positive integer query parameter, its default when absent, or null when malformed or repeated. */
function positiveInt(value: unknown, fallback: number): number | null {
  if (value === undefined) return fallback;
  return typeof value === 'string' && POSITIVE_INT.test(value) ? Number(value) : null;
}

function fail(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

/**
 * The HSDS 3.1 read API over the published resource catalogue; mount it at `/hsds`.
 * `GET /services/:id` takes the hub global ID or the HSDS uuid that `hsdsIdFor(globalId)` derives.
 */
export function createHsdsRouter(deps: HsdsRouterDeps): Router {
  const router = Router();
  const baseUrlOf = (req: Request): string => deps.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  async function globalIdFor(uuid: string): Promise<string | null> {
    if (deps.resolveHsdsId) return deps.resolveHsdsId(uuid);
    const wanted = uuid.toLowerCase();
    for (let offset = 0; ; offset += SCAN_PAGE) {
      const { items, total } = await deps.listPublished({ offset, limit: SCAN_PAGE });
      const hit = items.find((item) => hsdsIdFor(item.id) === wanted);
      if (hit) return hit.id;
      if (items.length === 0 || offset + items.length >= total) return null;
    }
  }

  // Public, read-only open data: any origin may read it (as HSDS API publishers are asked to allow).
  router.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  router.get('/', (req, res) => {
    res.json(hsdsApiInfo(baseUrlOf(req)));
  });

  router.get('/services', async (req, res) => {
    const page = positiveInt(req.query.page, 1);
    if (page === null) return fail(res, 400, 'page 须为 ≥ 1 的整数 (page must be an integer ≥ 1)');
    const perPage = positiveInt(req.query.per_page, HSDS_DEFAULT_PER_PAGE);
    if (perPage === null || perPage > HSDS_MAX_PER_PAGE) {
      return fail(
        res,
        400,
        `per_page 须为 1–${HSDS_MAX_PER_PAGE} 的整数 (per_page must be an integer from 1 to ${HSDS_MAX_PER_PAGE})`,
      );
    }
    const { items, total } = await deps.listPublished({ offset: (page - 1) * perPage, limit: perPage });
    const baseUrl = baseUrlOf(req);
    res.json(
      hsdsServiceList(
        items.map((item) => toHsdsService(item, { baseUrl })),
        { pageNumber: page, perPage, totalItems: total },
      ),
    );
  });

  router.get('/services/:id', async (req, res) => {
    const id = req.params.id;
    const globalId = UUID.test(id) ? await globalIdFor(id) : id;
    const view = globalId ? await deps.getPublished(globalId) : null;
    if (!view || view.status === ResourceStatus.DRAFT) return fail(res, 404, `未找到服务 (no published service ${id})`);
    res.json(toHsdsService(view, { baseUrl: baseUrlOf(req) }));
  });

  router.use((req, res) => fail(res, 404, `未知路径 (no HSDS endpoint ${req.method} ${req.path})`));

  const errors: ErrorRequestHandler = (error: { status?: unknown }, _req, res, next) => {
    if (res.headersSent) return next(error);
    // The client's mistake (a path that does not decode, e.g. `/services/%E0%A4%A`): 400, not a fault.
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      return fail(res, 400, '请求路径无效 (malformed request path)');
    }
    deps.onError?.(error);
    fail(res, 500, '服务器内部错误 (internal server error)');
  };
  router.use(errors);
  return router;
}
