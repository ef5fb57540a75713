import { z } from 'zod';
import { imageList } from '#core/artwork/images.ts';
import { Image } from '#core/protocol/catalog-views.ts';
import { unwrap } from '#core/rpc-result.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { actorOf, roomFor } from '../playlists/room.ts';
import { catalogArtworkTarget, setCatalogImage, type CatalogArtworkKind } from './catalog-artwork.ts';
import { storeArtwork } from './store-artwork.ts';

const idParam = z.object({ id: z.string().min(1).max(64) });
const binary = { schema: { type: 'string', format: 'binary' } } as const;
/** Told apart by their first bytes, whatever the Content-Type says. */
export const imageBody = {
  required: true,
  description: 'The raw image, at most 10 MB and at least 300 px on each side.',
  content: { 'image/jpeg': binary, 'image/png': binary, 'image/webp': binary },
} as const;
export const ArtworkAccepted = z.object({ images: z.array(Image) });
export const artworkResponses = {
  202: jsonResponse(ArtworkAccepted, 'Stored; `images` lists the new sizes, largest first, as the object now carries them.'),
  ...errors(403, 404, 413, 422, 429),
};

const IMAGE_ROUTE_TEXT = {
  album: { summary: "Set an album's cover", who: "The album's artist" },
  artist: { summary: "Set an artist's picture", who: "The artist's own account" },
  show: { summary: "Set a show's artwork", who: "The show's publishing artist" },
} as const;

const catalogImageRoute = (kind: CatalogArtworkKind) => ({
  method: 'put' as const,
  path: `/${kind}s/{id}/image`,
  summary: IMAGE_ROUTE_TEXT[kind].summary,
  description: `JPEG, PNG or WebP; made into 640, 300 and 64 px centre-cropped WebP squares. ${IMAGE_ROUTE_TEXT[kind].who} or an admin.`,
  request: { params: idParam, body: imageBody },
  responses: artworkResponses,
});

const catalogImageGroup = routeGroup<AuthedEnv>('Catalog', authenticated());
for (const kind of ['album', 'artist', 'show'] as const) {
  catalogImageGroup.route(catalogImageRoute(kind), async (c) => {
    const target = await catalogArtworkTarget(c.env, c.var.user, kind, c.req.valid('param').id);
    const hash = await storeArtwork(c.env, c.req.raw, c.var.user.id, c.var.requestId);
    await setCatalogImage(target, hash);
    return c.json({ images: imageList(hash) }, 202);
  });
}

/** `PUT /api/v1/albums/{id}/image`, `/artists/{id}/image` and `/shows/{id}/image`. The caller is checked before the body is read. */
export const catalogArtworkRoutes = catalogImageGroup.app;

/**
 * `PUT /api/v1/playlists/{id}/image`: the owner, or an admin. The room says
 * who may before the body is read, and makes the change (a details change
 * every live viewer is pushed); a private playlist is a 404 to anyone else.
 */
export const playlistArtworkRoutes = routeGroup<AuthedEnv>('Playlists', authenticated()).route(
  {
    method: 'put',
    path: '/playlists/{id}/image',
    summary: "Set a playlist's cover",
    description: "JPEG, PNG or WebP; made into 640, 300 and 64 px centre-cropped WebP squares. The playlist's owner or an admin.",
    request: { params: idParam, body: imageBody },
    responses: artworkResponses,
  },
  async (c) => {
    const room = roomFor(c.env, c.req.valid('param').id);
    const actor = actorOf(c.var.user);
    const isAdmin = c.var.user.role === 'admin';
    unwrap(await room.mayChangeImage(actor, isAdmin));
    const hash = await storeArtwork(c.env, c.req.raw, c.var.user.id, c.var.requestId);
    return c.json(unwrap(await room.setImage(actor, isAdmin, hash)), 202);
  },
).app;
