import { unwrap } from '#core/rpc-result.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import type { PlaylistView } from '#do/playlist-room.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { putCachedJson, readCachedJson } from '../http/edge-cache.ts';
import type { PagingQuery } from '../http/paging.ts';
import { roomFor } from './room.ts';
import { itemsPage, playlistBody } from './view.ts';
import { log } from '#core/log.ts';

export type ReadKind = 'playlist' | 'items';

/** The D1 copy of the playlist row, read on every request: cheap (one primary-key row) and never behind a visibility change. */
interface Pointer {
  public: number;
  deleted_at: number | null;
  snapshot_id: string;
  version: number;
  follower_count: number;
  /** The caller owns or collaborates on it: they read the room itself (read-your-writes, socket edits included). */
  member: number;
  /** The collaborator list changes without a new snapshot, so it is part of the cache key. */
  collaborators: string | null;
}

const POINTER_SQL = `SELECT public, deleted_at, snapshot_id, version, follower_count,
    (owner_id = ?1 OR EXISTS (SELECT 1 FROM playlist_collaborators WHERE playlist_id = p.id AND user_id = ?1)) AS member,
    (SELECT group_concat(user_id) FROM (SELECT user_id FROM playlist_collaborators WHERE playlist_id = p.id ORDER BY user_id)) AS collaborators
  FROM playlists p WHERE id = ?2`;

/** Track summaries in a cached body come from the catalog, which can change without a new snapshot: they are at most this old. */
const BODY_MAX_AGE_S = 60;

/** Fills in flight in this isolate, so a burst of readers of a new snapshot asks the room once. */
const filling = new Map<string, Promise<Record<string, unknown>>>();

/**
 * `GET /playlists/{id}` and `/items`. A public playlist read by someone who is
 * neither its owner nor a collaborator is served from the edge cache under a key
 * naming the snapshot the D1 copy points at (a snapshot's body never changes);
 * only a miss asks the room, and its answer is cached only when it is public and
 * for that same snapshot. Private playlists, members' reads and anything the D1
 * copy cannot vouch for (missing, deleted, unreadable) go to the room as before.
 * `cache` says which (the `x-cache` header, as search has it): hit, miss (filled
 * from the room) or bypass (the room's answer, never cached).
 */
export async function readPlaylist(env: Env, requestUrl: string, playlistId: string, userId: string, paging: PagingQuery, kind: ReadKind) {
  const room = roomFor(env, playlistId);
  const fromRoom = async () => {
    const view = unwrap(await room.read(userId, paging.offset, paging.limit));
    return { view, body: await build(env, requestUrl, view, paging, kind) };
  };
  const pointer = await pointerOf(env, playlistId, userId);
  if (!pointer || pointer.member || !pointer.public || pointer.deleted_at !== null) return { body: (await fromRoom()).body, cache: 'bypass' as const };

  const key = await cacheKey(requestUrl, kind, pointer);
  const hit = await readCachedJson<Record<string, unknown>>(key);
  const body = hit ?? (await fill(key, pointer, fromRoom));
  return { body: kind === 'playlist' ? { ...body, followers: { total: pointer.follower_count } } : body, cache: hit ? ('hit' as const) : ('miss' as const) };
}

async function build(env: Env, requestUrl: string, view: PlaylistView, paging: PagingQuery, kind: ReadKind): Promise<Record<string, unknown>> {
  return kind === 'playlist' ? playlistBody(env, requestUrl, view, paging) : itemsPage(env, requestUrl, view, paging);
}

async function pointerOf(env: Env, playlistId: string, userId: string): Promise<Pointer | null> {
  try {
    return await shardDb(env, 'USERS', shardOfId(env, 'USERS', playlistId))
      .prepare(POINTER_SQL)
      .bind(userId, playlistId)
      .first<Pointer>();
  } catch (err) {
    // The copy cannot vouch for anything: the room answers, as it always could.
    log('warn', 'playlist_pointer_read_failed', { worker: 'api', playlist_id: playlistId, error: err });
    return null;
  }
}

async function fill(key: string, pointer: Pointer, fromRoom: () => Promise<{ view: PlaylistView; body: Record<string, unknown> }>) {
  let pending = filling.get(key);
  if (!pending) {
    pending = (async () => {
      const { view, body } = await fromRoom();
      // The room may be ahead of the copy (or, mid-change, not public yet): then its answer is right but not this key's.
      if (view.snapshot_id === pointer.snapshot_id && view.public) await putCachedJson(key, body, `max-age=${BODY_MAX_AGE_S}`);
      return body;
    })().finally(() => filling.delete(key));
    filling.set(key, pending);
  }
  return pending;
}

/** The request's own URL (its links are in the body) plus what makes a body immutable: version, snapshot and collaborators. */
async function cacheKey(requestUrl: string, kind: ReadKind, pointer: Pointer): Promise<string> {
  const url = new URL(requestUrl);
  const tag = (await sha256Hex(pointer.collaborators ?? '')).slice(0, 16);
  url.searchParams.set('__playlist_snapshot', `${kind}.${pointer.version}.${pointer.snapshot_id}.${tag}`);
  return url.toString();
}
