import { Hono } from 'hono';
import { z } from 'zod';
import { BadRequest } from '../../../../core/errors.ts';
import { validate } from '../../../../core/http/validation.ts';
import { newId } from '../../../../core/ids.ts';
import { AddItems, MoveItem, RemoveItems } from '../../../../core/protocol/playlist-live.ts';
import { ACCESS_TOKEN_HEADER } from '../../../../core/protocol/reauth.ts';
import { unwrap } from '../../../../core/rpc-result.ts';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { page, PagingQuery } from '../http/paging.ts';
import { myPlaylists } from './listing.ts';
import { actorOf, ownerShardOf, roomFor } from './room.ts';
import { AddCollaborator, CreatePlaylist, UpdatePlaylist } from './schemas.ts';
import { itemsPage, playlistBody } from './view.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const CollaboratorParam = IdParam.extend({ user_id: z.string().min(1).max(100) });
const NO_ITEMS = { limit: 20, offset: 0 };

/** `/api/v1/me/playlists`: the caller's own and followed playlists. */
export const myPlaylistRoutes = new Hono<AuthedEnv>()
  .use(requireAuth)
  .post('/', validate('json', CreatePlaylist), async (c) => {
    const input = c.req.valid('json');
    const id = newId('pl', ownerShardOf(c.var.user));
    const view = unwrap(await roomFor(c.env, id).create({ id, owner: actorOf(c.var.user), name: input.name, description: input.description ?? null, public: input.public, collaborative: input.collaborative }));
    return c.json(await playlistBody(c.env, c.req.url, view, NO_ITEMS), 201, { Location: `/api/v1/playlists/${id}` });
  })
  .get('/', validate('query', PagingQuery), async (c) => {
    const q = c.req.valid('query');
    const { items, total } = await myPlaylists(c.env, c.var.user.id, q);
    return c.json(page(c.req.url, items, total, q));
  });

/** `/api/v1/playlists/{id}`: every read and edit goes to the playlist's room. */
export const playlistRoutes = new Hono<AuthedEnv>()
  .use(requireAuth)
  .get('/:id', validate('param', IdParam), validate('query', PagingQuery), async (c) => {
    const q = c.req.valid('query');
    const view = unwrap(await roomFor(c.env, c.req.valid('param').id).read(c.var.user.id, q.offset, q.limit));
    return c.json(await playlistBody(c.env, c.req.url, view, q));
  })
  .get('/:id/items', validate('param', IdParam), validate('query', PagingQuery), async (c) => {
    const q = c.req.valid('query');
    const view = unwrap(await roomFor(c.env, c.req.valid('param').id).read(c.var.user.id, q.offset, q.limit));
    return c.json(await itemsPage(c.env, c.req.url, view, q));
  })
  .get('/:id/changes', validate('param', IdParam), validate('query', z.object({ since: z.string().max(64).optional() })), async (c) => {
    return c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).changes(c.var.user.id, c.req.valid('query').since)));
  })
  .put('/:id', validate('param', IdParam), validate('json', UpdatePlaylist), async (c) => {
    const view = unwrap(await roomFor(c.env, c.req.valid('param').id).updateDetails(actorOf(c.var.user), c.req.valid('json')));
    return c.json(await playlistBody(c.env, c.req.url, view, NO_ITEMS));
  })
  .delete('/:id', validate('param', IdParam), async (c) => {
    unwrap(await roomFor(c.env, c.req.valid('param').id).deletePlaylist(actorOf(c.var.user)));
    return c.body(null, 204);
  })
  .post('/:id/items', validate('param', IdParam), validate('json', AddItems), async (c) => {
    const result = unwrap(await roomFor(c.env, c.req.valid('param').id).addItems(actorOf(c.var.user), c.req.valid('json')));
    return c.json(result, 201);
  })
  .delete('/:id/items', validate('param', IdParam), validate('json', RemoveItems), async (c) => {
    return c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).removeItems(actorOf(c.var.user), c.req.valid('json'))));
  })
  .put('/:id/items', validate('param', IdParam), validate('json', MoveItem), async (c) => {
    return c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).moveItem(actorOf(c.var.user), c.req.valid('json'))));
  })
  .post('/:id/collaborators', validate('param', IdParam), validate('json', AddCollaborator), async (c) => {
    const view = unwrap(await roomFor(c.env, c.req.valid('param').id).addCollaborator(actorOf(c.var.user), c.req.valid('json').user_id));
    return c.json({ collaborators: view.collaborators, collaborative: view.collaborative, snapshot_id: view.snapshot_id }, 201);
  })
  .delete('/:id/collaborators/:user_id', validate('param', CollaboratorParam), async (c) => {
    const { id, user_id } = c.req.valid('param');
    unwrap(await roomFor(c.env, id).removeCollaborator(actorOf(c.var.user), user_id));
    return c.body(null, 204);
  })
  .put('/:id/followers', validate('param', IdParam), async (c) => {
    return c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).follow(actorOf(c.var.user))));
  })
  .delete('/:id/followers', validate('param', IdParam), async (c) => {
    return c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).unfollow(actorOf(c.var.user))));
  })
  .get('/:id/live', validate('param', IdParam), async (c) => {
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') throw new BadRequest('This endpoint speaks WebSocket only (send Upgrade: websocket).', 'websocket_required');
    const url = new URL(c.req.url);
    const since = url.searchParams.get('since');
    const headers = new Headers({ Upgrade: 'websocket', [ACCESS_TOKEN_HEADER]: c.var.accessToken });
    return roomFor(c.env, c.req.valid('param').id).fetch(new Request(`https://playlist-room/live${since ? `?since=${encodeURIComponent(since)}` : ''}`, { headers }));
  });
