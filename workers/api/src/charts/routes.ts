import { Hono } from 'hono';
import { validate } from '../../../../core/http/validation.ts';
import { requestCountry } from '../listening/report.ts';
import { GLOBAL, TrendingQuery, trending } from './trending.ts';

/** Charts are public: no token needed. */
export const chartRoutes = new Hono<{ Bindings: Env }>().get('/trending', validate('query', TrendingQuery), async (c) => {
  const query = c.req.valid('query');
  const region = query.region ?? requestCountry(c.req.raw) ?? GLOBAL;
  return c.json(await trending(c.env, region, query.limit));
});
