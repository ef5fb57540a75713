import { Hono } from 'hono';
import { z } from 'zod';
import { Forbidden, NotFound, TooManyRequests } from '#core/errors.ts';
import { parseUri } from '#core/protocol/uris.ts';
import { errors } from '../http/error-responses.ts';
import { jsonBody, jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { shareCodeFor, sharedUri } from './link-store.ts';
import { notFoundPage, SHARE_PAGE_CSP, sharePage } from './page.ts';
import { isPlaylistMember, isShareable, loadSharedObject, type ShareableKind } from './shared-object.ts';

const ShareRequest = z.object({
  uri: z
    .string()
    .max(200)
    .refine(
      (value) => {
        const ref = parseUri(value);
        return ref !== null && isShareable(ref.kind);
      },
      { message: 'must be encore:track:{id}, encore:album:{id}, encore:artist:{id}, encore:playlist:{id}, encore:show:{id} or encore:episode:{id}' },
    ),
});
const ShareLink = z.object({ url: z.string().describe('The share page, absolute: `{origin}/s/{code}`.') });

/** The web player's path for share pages: `/s/{code}`. */
export const sharePath = (code: string) => `/s/${code}`;

export const shareRoutes = routeGroup('Share', authenticated()).route(
  {
    method: 'post',
    path: '/share',
    summary: 'A short link to a page anyone can open: OpenGraph tags and a 30-second preview',
    description:
      "The object must exist and be visible to everyone: a private playlist cannot be shared (403 for its owner and collaborators, 404 for anyone else). Sharing the same uri again returns the same link. At most SHARE_LIMITER's rate per account (429).",
    request: jsonBody(ShareRequest),
    responses: { 201: jsonResponse(ShareLink, 'The link.'), ...errors(403, 404, 429) },
  },
  async (c) => {
    const { uri } = c.req.valid('json');
    const userId = c.var.user.id;
    if (!(await c.env.SHARE_LIMITER.limit({ key: `share:${userId}` })).success) {
      throw new TooManyRequests('Too many links shared in the last minute; wait a minute and try again.', 60, 'share_rate_limited');
    }
    // The body schema admits shareable kinds only.
    const { kind, id } = parseUri(uri) as { kind: ShareableKind; id: string };
    const object = await loadSharedObject(c.env, kind, id);
    if (!object) {
      if (kind === 'playlist' && (await isPlaylistMember(c.env, id, userId))) {
        throw new Forbidden('A private playlist cannot be shared: make it public first.', 'playlist_private');
      }
      throw new NotFound(`No ${kind} with id ${JSON.stringify(id)}.`, `${kind}_not_found`);
    }
    const code = await shareCodeFor(c.env, uri);
    return c.json({ url: new URL(sharePath(code), c.req.url).href }, 201);
  },
).app;

/** A share page may be this old at the edge: a title changed or a playlist made private shows within it. */
const PAGE_MAX_AGE_SECONDS = 60;

const html = (body: string, status: number, cacheControl: string) =>
  new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': cacheControl,
      'Content-Security-Policy': SHARE_PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });

/** `GET /s/{code}`: the share page, no login, edge-cached briefly; an unknown code (or a link to what is no longer shared) is a 404 page. */
export const sharePageRoutes = new Hono<{ Bindings: Env }>().get('/s/:code', async (c) => {
  const cacheKey = new Request(new URL(c.req.path, c.req.url).href);
  const cached = await caches.default.match(cacheKey);
  if (cached) return cached;
  const uri = await sharedUri(c.env, c.req.param('code'));
  const ref = uri ? parseUri(uri) : null;
  const object = ref && isShareable(ref.kind) ? await loadSharedObject(c.env, ref.kind, ref.id) : null;
  if (!object) return html(notFoundPage(), 404, 'no-store');
  const url = new URL(c.req.url);
  const page = html(sharePage(object, `${url.origin}${url.pathname}`, url.origin), 200, `public, max-age=${PAGE_MAX_AGE_SECONDS}`);
  c.executionCtx.waitUntil(caches.default.put(cacheKey, page.clone()));
  return page;
});
