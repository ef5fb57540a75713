import { imageList } from '#core/artwork/images.ts';
import { loadAlbums, loadArtists, loadTracks, type TrackRecord } from '#core/catalog/reads.ts';
import { previewUrl } from '#core/catalog/views.ts';
import { episodePreviewPath } from '#core/protocol/preview.ts';
import type { UriKind } from '#core/protocol/uris.ts';
import { groupByShard, shardDb } from '#core/shards.ts';
import { previewableHash, type EpisodeRow } from '../podcasts/views.ts';

/** What a share page shows of the object a link names: only what anyone may see. */
export interface SharedObject {
  kind: ShareableKind;
  title: string;
  /** "Song · Artist", "Album · Artist", …: og:description. */
  description: string;
  /** The largest square of its cover or picture, relative to the origin; null until one is set. */
  imageUrl: string | null;
  /** A track's or episode's `preview_url`: the object's own, or its first playable track's (its newest episode's for a show). */
  previewUrl: string | null;
  /** The web player's page for it. */
  openPath: string;
}

const cover = (hash: string | null | undefined): string | null => imageList(hash)[0]?.url ?? null;
const names = (artists: { name: string }[]) => artists.map((a) => a.name).join(', ');
const page = (kind: 'album' | 'artist' | 'playlist' | 'show' | 'episode', id: string) => `/${kind}/${encodeURIComponent(id)}`;

/** The first of the ids that has a preview, in their order. */
async function firstPreview(env: Env, trackIds: string[]): Promise<string | null> {
  for (const track of (await loadTracks(env, trackIds)).values()) {
    const url = previewUrl(track);
    if (url) return url;
  }
  return null;
}

async function track(env: Env, id: string): Promise<SharedObject | null> {
  const t: TrackRecord | undefined = (await loadTracks(env, [id])).get(id);
  if (t?.status !== 'ready') return null;
  return {
    kind: 'track',
    title: t.title,
    description: `Song · ${names(t.artists)}`,
    imageUrl: cover(t.album?.imageHash),
    previewUrl: previewUrl(t),
    // The web player has no page of its own for a track: its album's, else its artist's.
    openPath: t.album ? page('album', t.album.id) : page('artist', t.artists[0]!.id),
  };
}

/** Up to this many of a container's tracks are tried for a preview. */
const PREVIEW_CANDIDATES = 10;

async function catalogTrackIds(env: Env, id: string, sql: string): Promise<string[]> {
  const [shard] = groupByShard(env, 'CATALOG', [id], ['alb', 'art']).keys();
  if (shard === undefined) return [];
  const rows = await shardDb(env, 'CATALOG', shard).prepare(sql).bind(id, PREVIEW_CANDIDATES).all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

async function album(env: Env, id: string): Promise<SharedObject | null> {
  const a = (await loadAlbums(env, [id])).get(id);
  if (!a) return null;
  const ids = await catalogTrackIds(
    env,
    id,
    "SELECT id FROM tracks WHERE album_id = ? AND status = 'ready' AND audio_hash IS NOT NULL ORDER BY track_number IS NULL, track_number, id LIMIT ?",
  );
  return {
    kind: 'album',
    title: a.name,
    description: `Album · ${a.artist.name}`,
    imageUrl: cover(a.imageHash),
    previewUrl: await firstPreview(env, ids),
    openPath: page('album', a.id),
  };
}

async function artist(env: Env, id: string): Promise<SharedObject | null> {
  const a = (await loadArtists(env, [id])).get(id);
  if (!a) return null;
  const ids = await catalogTrackIds(
    env,
    id,
    "SELECT id FROM tracks WHERE artist_id = ? AND status = 'ready' AND audio_hash IS NOT NULL ORDER BY popularity DESC, id LIMIT ?",
  );
  return {
    kind: 'artist',
    title: a.name,
    description: 'Artist',
    imageUrl: cover(a.imageHash),
    previewUrl: await firstPreview(env, ids),
    openPath: page('artist', a.id),
  };
}

interface PlaylistRow {
  name: string;
  public: number;
  deleted_at: number | null;
  image_hash: string | null;
  owner_id: string;
  owner_name: string | null;
}

/** The D1 copy of a playlist (the room writes a visibility change there before it makes it); null for no such id. */
function playlistShard(env: Env, id: string): D1Database | null {
  const [shard] = groupByShard(env, 'USERS', [id], ['pl']).keys();
  return shard === undefined ? null : shardDb(env, 'USERS', shard);
}

async function playlist(env: Env, id: string): Promise<SharedObject | null> {
  const db = playlistShard(env, id);
  if (!db) return null;
  const row = await db
    .prepare(
      `SELECT p.name, p.public, p.deleted_at, p.image_hash, p.owner_id, u.display_name AS owner_name
       FROM playlists p LEFT JOIN users u ON u.id = p.owner_id WHERE p.id = ?`,
    )
    .bind(id)
    .first<PlaylistRow>();
  if (!row?.public || row.deleted_at !== null) return null;
  const items = await db
    .prepare('SELECT track_id FROM playlist_items WHERE playlist_id = ? ORDER BY position LIMIT ?')
    .bind(id, PREVIEW_CANDIDATES)
    .all<{ track_id: string }>();
  return {
    kind: 'playlist',
    title: row.name,
    description: row.owner_name ? `Playlist · by ${row.owner_name}` : 'Playlist',
    imageUrl: cover(row.image_hash),
    previewUrl: await firstPreview(
      env,
      items.results.map((i) => i.track_id),
    ),
    openPath: page('playlist', id),
  };
}

function podcastShard(env: Env, id: string, kind: 'shw' | 'epi'): D1Database | null {
  const [shard] = groupByShard(env, 'CATALOG', [id], [kind]).keys();
  return shard === undefined ? null : shardDb(env, 'CATALOG', shard);
}

/** A ready episode, with its show's name and artwork. */
async function episode(env: Env, id: string): Promise<SharedObject | null> {
  const row = await podcastShard(env, id, 'epi')
    ?.prepare(
      `SELECT e.name, e.status, e.audio_hash, s.name AS show_name, s.image_hash FROM episodes e JOIN shows s ON s.id = e.show_id
       WHERE e.id = ? AND e.status = 'ready'`,
    )
    .bind(id)
    .first<Pick<EpisodeRow, 'name' | 'status' | 'audio_hash' | 'show_name'> & { image_hash: string | null }>();
  if (!row) return null;
  return {
    kind: 'episode',
    title: row.name,
    description: `Episode · ${row.show_name}`,
    imageUrl: cover(row.image_hash),
    previewUrl: previewableHash(row) ? episodePreviewPath(id) : null,
    openPath: page('episode', id),
  };
}

/** A show; its preview is its newest ready episode's. */
async function show(env: Env, id: string): Promise<SharedObject | null> {
  const db = podcastShard(env, id, 'shw');
  if (!db) return null;
  const [shows, newest] = await db.batch<{ name: string; publisher: string; image_hash: string | null } | { id: string }>([
    db.prepare('SELECT name, publisher, image_hash FROM shows WHERE id = ?').bind(id),
    db
      .prepare("SELECT id FROM episodes WHERE show_id = ? AND status = 'ready' AND audio_hash IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT 1")
      .bind(id),
  ]);
  const row = shows!.results[0] as { name: string; publisher: string; image_hash: string | null } | undefined;
  if (!row) return null;
  const episodeId = (newest!.results[0] as { id: string } | undefined)?.id;
  return {
    kind: 'show',
    title: row.name,
    description: `Podcast · ${row.publisher}`,
    imageUrl: cover(row.image_hash),
    previewUrl: episodeId ? episodePreviewPath(episodeId) : null,
    openPath: page('show', id),
  };
}

const LOADERS = { track, album, artist, playlist, show, episode };
export type ShareableKind = keyof typeof LOADERS;

/** The kinds a link can point at. */
export const isShareable = (kind: UriKind): kind is ShareableKind => Object.hasOwn(LOADERS, kind);

/** The object as anyone sees it: null when there is none, or it is not for everyone (a private or deleted playlist). */
export function loadSharedObject(env: Env, kind: ShareableKind, id: string): Promise<SharedObject | null> {
  return LOADERS[kind](env, id);
}

/** Whether the user owns or collaborates on the playlist: they may see it while it is private. */
export async function isPlaylistMember(env: Env, playlistId: string, userId: string): Promise<boolean> {
  const db = playlistShard(env, playlistId);
  if (!db) return false;
  const row = await db
    .prepare(
      `SELECT 1 AS member FROM playlists p WHERE p.id = ?1 AND p.deleted_at IS NULL
         AND (p.owner_id = ?2 OR EXISTS (SELECT 1 FROM playlist_collaborators WHERE playlist_id = p.id AND user_id = ?2))`,
    )
    .bind(playlistId, userId)
    .first();
  return row !== null;
}
