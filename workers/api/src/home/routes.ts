import type { AuthedEnv } from '../auth/middleware.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { requestCountry } from '../http/request-country.ts';
import { buildHome, HOME_CACHE_CONTROL } from './home.ts';
import { HomeBody } from './section.ts';

export const homeRoutes = routeGroup<AuthedEnv>('Home', authenticated()).route(
  {
    method: 'get',
    path: '/me/home',
    summary: "The caller's home page",
    description:
      'Sections in order: `continue_listening` (podcast episodes the caller started and has not finished, the last listened first, each with its `resume_point` and `show`; read fresh on every request), `recently_played` (albums and artists of recent plays), `new_releases` (followed artists), `trending` (the region of the request, else of the account, else global), `made_for_you`, `featured`. Empty sections are left out. Each other section is cached for the caller for 30 s.',
    responses: { 200: jsonResponse(HomeBody, 'The sections.') },
  },
  async (c) => {
    const body = await buildHome({
      env: c.env,
      user: c.var.user,
      requestCountry: requestCountry(c.req.raw),
      requestUrl: c.req.url,
      ctx: c.executionCtx,
    });
    return c.json(body, 200, { 'cache-control': HOME_CACHE_CONTROL });
  },
).app;
