import { NotFound, Unprocessable } from '../../../../core/errors.ts';
import { parseId } from '../../../../core/ids.ts';
import { shardDb, shardOf } from '../../../../core/shards.ts';
import { unwrap } from '../../../../core/rpc-result.ts';
import type { QueueEntry } from '../../../../durable-objects/device-session.ts';
import { roomFor } from '../playlists/room.ts';

/** The most tracks one play command loads (Spotify's clients send far fewer). */
export const MAX_LOADED_TRACKS = 500;
/** D1 allows 100 bound parameters per statement. */
const IDS_PER_QUERY = 100;

export const TRACK_URI = /^encore:track:([A-Za-z0-9_]+)$/;

export function trackIdOf(uri: string): string {
  const m = TRACK_URI.exec(uri);
  if (!m) throw new Unprocessable(`${JSON.stringify(uri)} is not a track uri (encore:track:{id}).`, 'invalid_uri');
  return m[1]!;
}

interface TrackRow {
  id: string;
  title: string;
  duration_ms: number | null;
  artist_id: string;
  artist_name: string;
}

const TRACK_COLUMNS = 't.id, t.title, t.duration_ms, t.artist_id, a.name AS artist_name FROM tracks t JOIN artists a ON a.id = t.artist_id';

const entryOf = (row: TrackRow): QueueEntry => ({
  uri: `encore:track:${row.id}`,
  track_id: row.id,
  name: row.title,
  duration_ms: row.duration_ms,
  artist_id: row.artist_id,
  artist_name: row.artist_name,
});

/**
 * Looks tracks up in the catalog shards their ids name, keeping the given order.
 * An unknown id is a 404, unless `skipMissing` (a playlist may list a track that was since removed).
 */
export async function resolveTrackIds(env: Env, ids: string[], { skipMissing = false } = {}): Promise<QueueEntry[]> {
  const byShard = new Map<number, string[]>();
  for (const id of new Set(ids)) {
    if (skipMissing && parseId(id)?.kind !== 'trk') continue;
    const shard = shardOf(env, 'CATALOG', id, ['trk'], 'track');
    byShard.set(shard, [...(byShard.get(shard) ?? []), id]);
  }
  const found = new Map<string, QueueEntry>();
  const lookups = [...byShard].flatMap(([shard, shardIds]) => {
    const chunks: string[][] = [];
    for (let i = 0; i < shardIds.length; i += IDS_PER_QUERY) chunks.push(shardIds.slice(i, i + IDS_PER_QUERY));
    return chunks.map((chunk) =>
      shardDb(env, 'CATALOG', shard)
        .prepare(`SELECT ${TRACK_COLUMNS} WHERE t.id IN (${chunk.map(() => '?').join(',')})`)
        .bind(...chunk)
        .all<TrackRow>(),
    );
  });
  for (const { results } of await Promise.all(lookups)) for (const row of results) found.set(row.id, entryOf(row));
  if (skipMissing) return ids.flatMap((id) => found.get(id) ?? []);
  return ids.map((id) => {
    const entry = found.get(id);
    if (!entry) throw new NotFound(`No track with id ${JSON.stringify(id)}.`, 'track_not_found');
    return entry;
  });
}

const CONTEXT_URI = /^encore:(album|artist|playlist):([A-Za-z0-9_]+)$/;

/** The tracks a context plays, in its order: an album by track number, an artist by popularity, a playlist as listed. */
export async function resolveContext(env: Env, userId: string, contextUri: string): Promise<QueueEntry[]> {
  const m = CONTEXT_URI.exec(contextUri);
  if (!m) throw new Unprocessable(`${JSON.stringify(contextUri)} is not an album, artist or playlist uri.`, 'invalid_uri');
  const [, kind, id] = m as unknown as [string, 'album' | 'artist' | 'playlist', string];
  let entries: QueueEntry[];
  if (kind === 'playlist') {
    entries = await resolveTrackIds(env, await playlistTrackIds(env, userId, id), { skipMissing: true });
  } else {
    const shard = shardOf(env, 'CATALOG', id, [kind === 'album' ? 'alb' : 'art'], kind);
    const db = shardDb(env, 'CATALOG', shard);
    const exists = await db.prepare(`SELECT 1 FROM ${kind === 'album' ? 'albums' : 'artists'} WHERE id = ?`).bind(id).first();
    if (!exists) throw new NotFound(`No ${kind} with id ${JSON.stringify(id)}.`, `${kind}_not_found`);
    const order = kind === 'album' ? 'WHERE t.album_id = ? ORDER BY t.track_number, t.title' : 'WHERE t.artist_id = ? ORDER BY t.popularity DESC, t.title';
    const { results } = await db.prepare(`SELECT ${TRACK_COLUMNS} ${order} LIMIT ${MAX_LOADED_TRACKS}`).bind(id).all<TrackRow>();
    entries = results.map(entryOf);
  }
  if (entries.length === 0) throw new Unprocessable(`${contextUri} has no tracks to play.`, 'empty_context');
  return entries;
}

/**
 * A playlist's track ids, if the caller may see it: asked of the playlist's
 * room, which decides visibility (its D1 copy may lag a change that was just made).
 */
async function playlistTrackIds(env: Env, userId: string, playlistId: string): Promise<string[]> {
  const view = unwrap(await roomFor(env, playlistId).read(userId, 0, MAX_LOADED_TRACKS));
  return view.items.entries.map((e) => e.track_id);
}
