import { z } from 'zod';
import { TrackSummary } from '#core/protocol/catalog-views.ts';
import { cachedJson } from '../http/edge-cache.ts';
import { jsonResponse } from '../http/responses.ts';
import { requestCountry } from '../http/request-country.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';
import { TRENDING_CACHE_CONTROL, trendingCacheKey } from './chart-cache.ts';
import { GLOBAL, storedChart, TrendingQuery, trendingFromChart } from './trending.ts';

export const TrendingChart = z.object({
  region: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  limit: z.number().int(),
  items: z.array(z.object({ rank: z.number().int(), streams: z.number().int(), track: TrackSummary })),
});

/** Charts are public: no token needed. */
export const chartRoutes = routeGroup('Charts', publicAccess).route(
  {
    method: 'get',
    path: '/charts/trending',
    summary: 'The most-streamed tracks of the last 24 hours',
    description:
      "In `region` (default: the caller's country, else global). Computed every hour by the charts job (or when an admin runs it) and edge-cached for a minute.",
    request: { query: TrendingQuery },
    responses: { 200: jsonResponse(TrendingChart, 'The chart.') },
  },
  async (c) => {
    const query = c.req.valid('query');
    const region = query.region ?? requestCountry(c.req.raw) ?? GLOBAL;
    const chart = await cachedJson(c.executionCtx, trendingCacheKey(region), TRENDING_CACHE_CONTROL, () => storedChart(c.env, region));
    return c.json(trendingFromChart(region, query.limit, chart), 200, { 'cache-control': TRENDING_CACHE_CONTROL });
  },
).app;
