import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/**
 * The `encore_requests` dataset's columns, in order (docs/observability.md
 * queries them by these positions): blob1 route pattern, blob2 method,
 * blob3 status class, blob4 colo, blob5 country, blob6 worker;
 * double1 latency ms, double2 status; index1 route pattern.
 */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * One Analytics Engine datapoint per request. The route is the matched
 * pattern (`/api/v1/tracks/:id`), never the raw path, so the index stays
 * small and no id or signature is stored. A worker without the binding
 * (a test's auxiliary) writes nothing.
 */
export const requestMetrics: MiddlewareHandler<{ Bindings: { ANALYTICS?: AnalyticsEngineDataset } }> = async (c, next) => {
  const started = Date.now();
  await next();
  const dataset = c.env?.ANALYTICS;
  if (!dataset) return;
  const status = c.res.status;
  const route = c.get('unmatchedRoute') ? UNMATCHED_ROUTE : routePath(c, -1);
  const cf = c.req.raw.cf as { colo?: string; country?: string } | undefined;
  try {
    dataset.writeDataPoint({
      indexes: [route],
      blobs: [route, c.req.method, `${Math.floor(status / 100)}xx`, cf?.colo ?? '', cf?.country ?? '', c.get('worker') ?? ''],
      doubles: [Date.now() - started, status],
    });
  } catch {
    // Metrics never fail a request.
  }
};
