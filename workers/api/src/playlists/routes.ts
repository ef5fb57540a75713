import { z } from 'zod';
import { BadRequest } from '#core/errors.ts';
import { AddItems, MoveItem, RemoveItems } from '#core/protocol/playlist-live.ts';
import { ACCESS_TOKEN_HEADER } from '#core/protocol/reauth.ts';
import { unwrap } from '#core/rpc-result.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { page, PageOf, PagingQuery } from '../http/paging.ts';
import { jsonBody, jsonResponse, noContent } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { assertMayMarkEditorial, recordEditorial, unfeature } from '../browse/featured-playlists.ts';
import { myPlaylists } from './listing.ts';
import { actorOf, newPlaylistIdFor, roomFor } from './room.ts';
import {
  AddCollaborator,
  AddedItems,
  Changes,
  Collaborators,
  CreatePlaylist,
  Followers,
  ItemsPage,
  ListedPlaylist,
  PlaylistResponse,
  Snapshot,
  UpdatePlaylist,
} from './schemas.ts';
import { readPlaylist } from './shared-read.ts';
import { playlistBody } from './view.ts';

const IdParam = z.object({ id: z.string().min(1).max(100) });
const CollaboratorParam = IdParam.extend({ user_id: z.string().min(1).max(100) });
const NO_ITEMS = { limit: 20, offset: 0 };
/** The room refuses what the caller may not see (404) or do (403), stale or conflicting edits (409) and snapshots or positions it cannot use (422). */
const roomErrors = errors(403, 404, 409, 422);

/**
 * `/api/v1/me/playlists` (the caller's own and followed playlists) and `/api/v1/playlists/{id}`: every edit goes to the
 * playlist's room; public reads by non-members come from the edge cache keyed by the D1 copy's snapshot (`shared-read.ts`).
 */
export const playlistRoutes = routeGroup<AuthedEnv>('Playlists', authenticated())
  .route(
    {
      method: 'post',
      path: '/me/playlists',
      summary: 'Create a playlist',
      request: jsonBody(CreatePlaylist),
      responses: { 201: { ...jsonResponse(PlaylistResponse, 'The new playlist (Location: its URL).') }, ...errors(403, 503) },
    },
    async (c) => {
      const input = c.req.valid('json');
      assertMayMarkEditorial(c.var.user, input.editorial);
      const id = newPlaylistIdFor(c.var.user);
      const view = unwrap(
        await roomFor(c.env, id).create({
          id,
          owner: actorOf(c.var.user),
          name: input.name,
          description: input.description ?? null,
          public: input.public,
          collaborative: input.collaborative,
        }),
      );
      await recordEditorial(c.env, id, c.var.user.id, input.editorial);
      return c.json(await playlistBody(c.env, c.req.url, view, NO_ITEMS), 201, { Location: `/api/v1/playlists/${id}` });
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/playlists',
      summary: 'Playlists the caller owns or follows',
      request: { query: PagingQuery },
      responses: { 200: jsonResponse(PageOf(ListedPlaylist), 'A page of playlists.') },
    },
    async (c) => {
      const q = c.req.valid('query');
      const { items, total } = await myPlaylists(c.env, c.var.user.id, q);
      return c.json(page(c.req.url, items, total, q));
    },
  )
  .route(
    {
      method: 'get',
      path: '/playlists/{id}',
      summary: 'A playlist with a page of items',
      request: { params: IdParam, query: PagingQuery },
      responses: { 200: jsonResponse(PlaylistResponse, 'The playlist.'), ...roomErrors },
    },
    async (c) => {
      const q = c.req.valid('query');
      const { body, cache } = await readPlaylist(c.env, c.req.url, c.req.valid('param').id, c.var.user.id, q, 'playlist');
      return c.json(body, 200, { 'x-cache': cache });
    },
  )
  .route(
    {
      method: 'get',
      path: '/playlists/{id}/items',
      summary: "A page of a playlist's items",
      request: { params: IdParam, query: PagingQuery },
      responses: { 200: jsonResponse(ItemsPage, 'The items.'), ...roomErrors },
    },
    async (c) => {
      const q = c.req.valid('query');
      const { body, cache } = await readPlaylist(c.env, c.req.url, c.req.valid('param').id, c.var.user.id, q, 'items');
      return c.json(body, 200, { 'x-cache': cache });
    },
  )
  .route(
    {
      method: 'get',
      path: '/playlists/{id}/changes',
      summary: 'The changes since a snapshot',
      request: { params: IdParam, query: z.object({ since: z.string().max(64).optional() }) },
      responses: { 200: jsonResponse(Changes, 'The operations after `since`.'), ...roomErrors },
    },
    async (c) => c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).changes(c.var.user.id, c.req.valid('query').since))),
  )
  .route(
    {
      method: 'put',
      path: '/playlists/{id}',
      summary: "Change a playlist's details",
      request: { params: IdParam, ...jsonBody(UpdatePlaylist) },
      responses: { 200: jsonResponse(PlaylistResponse, 'The playlist.'), ...roomErrors, ...errors(503) },
    },
    async (c) => {
      const { editorial, ...details } = c.req.valid('json');
      assertMayMarkEditorial(c.var.user, editorial);
      // The room checks that the caller owns the playlist (even for an editorial-only change) before the index is written.
      const view = unwrap(await roomFor(c.env, c.req.valid('param').id).updateDetails(actorOf(c.var.user), details));
      await recordEditorial(c.env, view.id, view.owner.id, editorial);
      return c.json(await playlistBody(c.env, c.req.url, view, NO_ITEMS));
    },
  )
  .route(
    {
      method: 'delete',
      path: '/playlists/{id}',
      summary: 'Delete a playlist (owner)',
      request: { params: IdParam },
      responses: { 204: noContent('Deleted.'), ...roomErrors, ...errors(503) },
    },
    async (c) => {
      const id = c.req.valid('param').id;
      unwrap(await roomFor(c.env, id).deletePlaylist(actorOf(c.var.user)));
      await unfeature(c.env, id);
      return c.body(null, 204);
    },
  )
  .route(
    {
      method: 'post',
      path: '/playlists/{id}/items',
      summary: 'Add tracks',
      request: { params: IdParam, ...jsonBody(AddItems) },
      responses: { 201: jsonResponse(AddedItems, 'Added.'), ...roomErrors },
    },
    async (c) => {
      const result = unwrap(await roomFor(c.env, c.req.valid('param').id).addItems(actorOf(c.var.user), c.req.valid('json')));
      return c.json(result, 201);
    },
  )
  .route(
    {
      method: 'delete',
      path: '/playlists/{id}/items',
      summary: 'Remove items',
      request: { params: IdParam, ...jsonBody(RemoveItems) },
      responses: { 200: jsonResponse(Snapshot, 'Removed.'), ...roomErrors },
    },
    async (c) => c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).removeItems(actorOf(c.var.user), c.req.valid('json')))),
  )
  .route(
    {
      method: 'put',
      path: '/playlists/{id}/items',
      summary: 'Move an item',
      request: { params: IdParam, ...jsonBody(MoveItem) },
      responses: { 200: jsonResponse(Snapshot, 'Moved.'), ...roomErrors },
    },
    async (c) => c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).moveItem(actorOf(c.var.user), c.req.valid('json')))),
  )
  .route(
    {
      method: 'post',
      path: '/playlists/{id}/collaborators',
      summary: 'Add a collaborator (owner)',
      request: { params: IdParam, ...jsonBody(AddCollaborator) },
      responses: { 201: jsonResponse(Collaborators, 'The collaborators.'), ...roomErrors, ...errors(503) },
    },
    async (c) => {
      const view = unwrap(await roomFor(c.env, c.req.valid('param').id).addCollaborator(actorOf(c.var.user), c.req.valid('json').user_id));
      return c.json({ collaborators: view.collaborators, collaborative: view.collaborative, snapshot_id: view.snapshot_id }, 201);
    },
  )
  .route(
    {
      method: 'delete',
      path: '/playlists/{id}/collaborators/{user_id}',
      summary: 'Remove a collaborator (owner)',
      request: { params: CollaboratorParam },
      responses: { 204: noContent('Removed.'), ...roomErrors, ...errors(503) },
    },
    async (c) => {
      const { id, user_id } = c.req.valid('param');
      unwrap(await roomFor(c.env, id).removeCollaborator(actorOf(c.var.user), user_id));
      return c.body(null, 204);
    },
  )
  .route(
    {
      method: 'put',
      path: '/playlists/{id}/followers',
      summary: 'Follow',
      request: { params: IdParam },
      responses: { 200: jsonResponse(Followers, 'The follower count.'), ...roomErrors, ...errors(503) },
    },
    async (c) => c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).follow(actorOf(c.var.user)))),
  )
  .route(
    {
      method: 'delete',
      path: '/playlists/{id}/followers',
      summary: 'Unfollow',
      request: { params: IdParam },
      responses: { 200: jsonResponse(Followers, 'The follower count.'), ...roomErrors, ...errors(503) },
    },
    async (c) => c.json(unwrap(await roomFor(c.env, c.req.valid('param').id).unfollow(actorOf(c.var.user)))),
  )
  .route(
    {
      method: 'get',
      path: '/playlists/{id}/live',
      summary: 'Live edits (WebSocket)',
      description:
        'A WebSocket upgrade (`?since=` a snapshot to catch up from; browsers pass the token as `access_token`). Frames: hello, add/remove/move edits, diffs.',
      request: { params: IdParam },
      responses: { 101: { description: 'Switching protocols: the room socket.' }, ...roomErrors },
    },
    async (c) => {
      if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket')
        throw new BadRequest('This endpoint speaks WebSocket only (send Upgrade: websocket).', 'websocket_required');
      const url = new URL(c.req.url);
      const since = url.searchParams.get('since');
      const headers = new Headers({ Upgrade: 'websocket', [ACCESS_TOKEN_HEADER]: c.var.accessToken });
      return roomFor(c.env, c.req.valid('param').id).fetch(
        new Request(`https://playlist-room/live${since ? `?since=${encodeURIComponent(since)}` : ''}`, { headers }),
      );
    },
  ).app;
