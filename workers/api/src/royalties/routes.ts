import { Hono } from 'hono';
import { validate } from '../../../../core/http/validation.ts';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { assertMayReadRoyalties, royaltyStatement, RoyaltiesQuery } from './statement.ts';

/** Mounted at /api/v1/artists beside the catalog's artist routes; registers only `/:id/royalties`. */
export const royaltyRoutes = new Hono<AuthedEnv>().get('/:id/royalties', requireAuth, validate('query', RoyaltiesQuery), async (c) => {
  const artistId = c.req.param('id');
  assertMayReadRoyalties(c.var.user, artistId);
  return c.json(await royaltyStatement(c.env, artistId, c.req.valid('query').month));
});
