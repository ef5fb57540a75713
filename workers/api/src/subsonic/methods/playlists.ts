import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { loadTracks } from '#core/catalog/reads.ts';
import { playlists } from '#core/db/users-playlists.ts';
import { MAX_BATCH, MAX_PLAYLIST_ITEMS } from '#core/protocol/playlist-live.ts';
import { unwrap } from '#core/rpc-result.ts';
import { findShard, shardDb } from '#core/shards.ts';
import type { PlaylistView } from '#do/playlist-room.ts';
import type { AuthUser } from '../../auth/tokens.ts';
import { myPlaylists, type PlaylistRow } from '../../playlists/listing.ts';
import { actorOf, newPlaylistIdFor, roomFor } from '../../playlists/room.ts';
import { missingParameter, SubsonicCode, SubsonicError } from '../errors.ts';
import type { MethodContext, MethodTable } from '../method.ts';
import { child, hasCover } from '../shapes.ts';

/**
 * Subsonic playlists are Encore playlists: every read and edit goes to the
 * playlist's room (the one place edits happen, so a Subsonic edit reaches the
 * web player's live sockets like any other), and the list comes from the
 * caller's follows as `GET /me/playlists` reads them.
 */
const MAX_LISTED = 500;

const chunks = <T>(items: T[], size = MAX_BATCH) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

interface Dates {
  createdAt: number;
  updatedAt: number;
}

function playlistShape(
  p: { id: string; name: string; description: string | null; public: boolean; owner: { id: string }; images?: unknown[]; imageHash?: string | null },
  songCount: number,
  durationMs: number,
  dates: Dates | null,
) {
  return {
    id: p.id,
    name: p.name,
    ...(p.description ? { comment: p.description } : {}),
    // Subsonic usernames are user ids (credentials.ts).
    owner: p.owner.id,
    public: p.public,
    songCount,
    duration: Math.round(durationMs / 1000),
    created: new Date(dates?.createdAt ?? 0).toISOString(),
    changed: new Date(dates?.updatedAt ?? 0).toISOString(),
    ...(hasCover(p) ? { coverArt: p.id } : {}),
  };
}

const listedShape = (p: PlaylistRow) => playlistShape({ ...p, owner: { id: p.ownerId } }, p.itemCount, 0, { createdAt: p.createdAt, updatedAt: p.updatedAt });

/** When the playlist was made and last changed, from its D1 copy (the room keeps no clock of its own). */
async function datesOf(env: Env, id: string): Promise<Dates | null> {
  const shard = findShard(env, 'USERS', id, ['pl']);
  if (shard === null) return null;
  return (
    (await drizzle(shardDb(env, 'USERS', shard))
      .select({ createdAt: playlists.createdAt, updatedAt: playlists.updatedAt })
      .from(playlists)
      .where(eq(playlists.id, id))
      .get()) ?? null
  );
}

const readAll = async (env: Env, user: AuthUser, id: string) => unwrap(await roomFor(env, id).read(user.id, 0, MAX_PLAYLIST_ITEMS));

async function withSongs(env: Env, view: PlaylistView) {
  const tracks = await loadTracks(
    env,
    view.items.entries.map((e) => e.track_id),
  );
  // A track that has left the catalog is not listed (Subsonic has no "unavailable" entry); its place still counts for indexes.
  const songs = view.items.entries.flatMap((e) => {
    const t = tracks.get(e.track_id);
    return t ? [child(t)] : [];
  });
  const durationMs = [...tracks.values()].reduce((sum, t) => sum + (t.durationMs ?? 0), 0);
  return { ...playlistShape(view, view.items.total, durationMs, await datesOf(env, view.id)), entry: songs };
}

async function addSongs(env: Env, user: AuthUser, id: string, trackIds: string[]) {
  for (const batch of chunks(trackIds)) unwrap(await roomFor(env, id).addItems(actorOf(user), { track_ids: batch }));
}

async function removeItems(env: Env, user: AuthUser, id: string, itemIds: string[], snapshotId: string) {
  let snapshot = snapshotId;
  // The first batch is guarded by the snapshot the indexes were read at; a concurrent edit makes it 409 (nothing removed).
  for (const batch of chunks(itemIds))
    snapshot = unwrap(await roomFor(env, id).removeItems(actorOf(user), { item_ids: batch, snapshot_id: snapshot })).snapshot_id;
}

/** createPlaylist: a new private playlist of `songId`s, or with `playlistId` that playlist's songs replaced. */
async function createPlaylist({ env, params, user }: MethodContext) {
  const songIds = params.all('songId');
  const existing = params.get('playlistId');
  if (existing) {
    const view = await readAll(env, user, existing);
    if (view.items.entries.length)
      await removeItems(
        env,
        user,
        existing,
        view.items.entries.map((e) => e.item_id),
        view.snapshot_id,
      );
    if (params.get('name')) unwrap(await roomFor(env, existing).updateDetails(actorOf(user), { name: params.get('name')! }));
    await addSongs(env, user, existing, songIds);
    return { playlist: await withSongs(env, await readAll(env, user, existing)) };
  }
  const name = params.required('name');
  const id = newPlaylistIdFor(user);
  unwrap(await roomFor(env, id).create({ id, owner: actorOf(user), name, description: null, public: false, collaborative: false }));
  await addSongs(env, user, id, songIds);
  return { playlist: await withSongs(env, await readAll(env, user, id)) };
}

/** updatePlaylist: details, `songIndexToRemove` (positions when the request was read) and `songIdToAdd` (at the end). */
async function updatePlaylist({ env, params, user }: MethodContext) {
  const id = params.required('playlistId');
  const patch = {
    ...(params.get('name') ? { name: params.get('name')! } : {}),
    ...(params.has('comment') ? { description: params.get('comment') || null } : {}),
    ...(params.has('public') ? { public: params.bool('public', false) } : {}),
  };
  if (Object.keys(patch).length) unwrap(await roomFor(env, id).updateDetails(actorOf(user), patch));
  const indexes = params.all('songIndexToRemove').map(Number);
  if (indexes.length) {
    const view = await readAll(env, user, id);
    const entries = view.items.entries;
    if (indexes.some((i) => !Number.isInteger(i) || i < 0 || i >= entries.length))
      throw new SubsonicError(SubsonicCode.generic, `songIndexToRemove must be positions 0 to ${entries.length - 1}.`);
    await removeItems(
      env,
      user,
      id,
      [...new Set(indexes)].map((i) => entries[i]!.item_id),
      view.snapshot_id,
    );
  }
  await addSongs(env, user, id, params.all('songIdToAdd'));
  return {};
}

export const playlistMethods: MethodTable = {
  getPlaylists: {
    run: async ({ env, params, user }) => {
      // Only the caller's own list: `username` naming someone else is not ours to show.
      const other = params.get('username');
      if (other && other !== user.id) throw new SubsonicError(SubsonicCode.notAuthorized, 'Only your own playlists are listed.');
      const { items } = await myPlaylists(env, user.id, { limit: MAX_LISTED, offset: 0 }, listedShape);
      return { playlists: { playlist: items } };
    },
  },
  getPlaylist: { run: async ({ env, params, user }) => ({ playlist: await withSongs(env, await readAll(env, user, params.required('id'))) }) },
  createPlaylist: { run: createPlaylist },
  updatePlaylist: { run: updatePlaylist },
  deletePlaylist: {
    run: async ({ env, params, user }) => {
      const id = params.get('id') ?? params.get('playlistId');
      if (!id) throw missingParameter('id');
      unwrap(await roomFor(env, id).deletePlaylist(actorOf(user)));
      return {};
    },
  },
};
