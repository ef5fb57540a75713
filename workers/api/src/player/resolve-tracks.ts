import { and, asc, desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { loadTracks, type TrackRecord } from '#core/catalog/reads.ts';
import { parseUri, uri } from '#core/protocol/uris.ts';
import { albums, artists, tracks } from '#core/db/catalog-schema.ts';
import { NotFound, Unprocessable } from '#core/errors.ts';
import { shardDb, shardOf } from '#core/shards.ts';
import { unwrap } from '#core/rpc-result.ts';
import type { QueueEntry } from '#do/device-session.ts';
import { roomFor } from '../playlists/room.ts';

/** The most tracks one play command loads (Spotify's clients send far fewer). */
export const MAX_LOADED_TRACKS = 500;

export const TRACK_URI = /^encore:track:([A-Za-z0-9_]+)$/;

export function trackIdOf(value: string): string {
  const parsed = parseUri(value);
  if (parsed?.kind !== 'track') throw new Unprocessable(`${JSON.stringify(value)} is not a track uri (encore:track:{id}).`, 'invalid_uri');
  return parsed.id;
}

/** The session keeps a track's title, primary (first credited) artist and album with its cover (for the player bar and OS media controls). */
const entryOf = (t: TrackRecord): QueueEntry => ({
  uri: uri('track', t.id),
  track_id: t.id,
  name: t.title,
  duration_ms: t.durationMs,
  artist_id: t.artists[0]!.id,
  artist_name: t.artists[0]!.name,
  album_id: t.album?.id ?? null,
  album_name: t.album?.name ?? null,
  album_image_hash: t.album?.imageHash ?? null,
});

/**
 * Looks tracks up in the catalog (core/catalog/reads.ts), keeping the given order.
 * An unknown id is a 404, unless `skipMissing` (a playlist may list a track that was since removed).
 */
export async function resolveTrackIds(env: Env, ids: string[], { skipMissing = false } = {}): Promise<QueueEntry[]> {
  const found = await loadTracks(env, ids);
  if (skipMissing) return ids.flatMap((id) => found.get(id) ?? []).map(entryOf);
  return ids.map((id) => {
    const track = found.get(id);
    if (!track) throw new NotFound(`No track with id ${JSON.stringify(id)}.`, 'track_not_found');
    return entryOf(track);
  });
}

/** The tracks a context plays, in its order: an album by track number, an artist by popularity, a playlist as listed. */
export async function resolveContext(env: Env, userId: string, contextUri: string): Promise<QueueEntry[]> {
  const parsed = parseUri(contextUri);
  if (!parsed || (parsed.kind !== 'album' && parsed.kind !== 'artist' && parsed.kind !== 'playlist'))
    throw new Unprocessable(`${JSON.stringify(contextUri)} is not an album, artist or playlist uri.`, 'invalid_uri');
  const { kind, id } = parsed;
  const trackIds = kind === 'playlist' ? await playlistTrackIds(env, userId, id) : await catalogContextTrackIds(env, kind, id);
  const entries = await resolveTrackIds(env, trackIds, { skipMissing: true });
  if (entries.length === 0) throw new Unprocessable(`${contextUri} has no tracks to play.`, 'empty_context');
  return entries;
}

/** An album's tracks by track number, or an artist's by popularity; 404 for an album or artist that does not exist. */
async function catalogContextTrackIds(env: Env, kind: 'album' | 'artist', id: string): Promise<string[]> {
  const db = drizzle(shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', id, [kind === 'album' ? 'alb' : 'art'], kind)));
  const owner = kind === 'album' ? albums : artists;
  const [exists, rows] = await db.batch([
    db.select({ id: owner.id }).from(owner).where(eq(owner.id, id)),
    db
      .select({ id: tracks.id })
      .from(tracks)
      .where(and(eq(kind === 'album' ? tracks.albumId : tracks.artistId, id)))
      .orderBy(...(kind === 'album' ? [asc(tracks.trackNumber), asc(tracks.title)] : [desc(tracks.popularity), asc(tracks.title)]))
      .limit(MAX_LOADED_TRACKS),
  ]);
  if (exists.length === 0) throw new NotFound(`No ${kind} with id ${JSON.stringify(id)}.`, `${kind}_not_found`);
  return rows.map((r) => r.id);
}

/**
 * A playlist's track ids, if the caller may see it: asked of the playlist's
 * room, which decides visibility (its D1 copy may lag a change that was just made).
 */
async function playlistTrackIds(env: Env, userId: string, playlistId: string): Promise<string[]> {
  const view = unwrap(await roomFor(env, playlistId).read(userId, 0, MAX_LOADED_TRACKS));
  return view.items.entries.map((e) => e.track_id);
}
