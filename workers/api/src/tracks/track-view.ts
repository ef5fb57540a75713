import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { albums, trackArtists, tracks } from '../../../../core/db/catalog-schema.ts';
import { NotFound } from '../../../../core/errors.ts';
import { shardDb, shardOf } from '../../../../core/shards.ts';
import { signedMasterPlaylist, type SignedStream } from './stream-url.ts';

export interface TrackView {
  id: string;
  title: string;
  duration_ms: number | null;
  artists: { id: string; name: string }[];
  album: { id: string; name: string } | null;
  status: 'processing' | 'ready' | 'failed';
  loudness_lufs?: number;
  explicit: boolean;
  track_number: number | null;
  uri: string;
  /** Only for `ready` tracks: a signed master playlist. */
  stream: SignedStream | null;
}

export async function getTrack(env: Env, trackId: string): Promise<TrackView> {
  const db = drizzle(shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', trackId, ['trk'], 'track')));
  // Two plain reads, not a batch: drizzle's D1 batch maps joined rows by column name, and both tables have `id`.
  const [rows, credits] = await Promise.all([
    db
      .select({ track: tracks, album: { id: albums.id, name: albums.name } })
      .from(tracks)
      .leftJoin(albums, eq(albums.id, tracks.albumId))
      .where(eq(tracks.id, trackId)),
    db.select({ id: trackArtists.artistId, name: trackArtists.artistName }).from(trackArtists).where(eq(trackArtists.trackId, trackId)).orderBy(asc(trackArtists.position)),
  ]);
  const row = rows[0];
  if (!row) throw new NotFound(`No track with id ${JSON.stringify(trackId)}.`, 'track_not_found');
  const { track, album } = row;
  return {
    id: track.id,
    title: track.title,
    duration_ms: track.durationMs,
    artists: credits,
    album: album?.id ? { id: album.id, name: album.name } : null,
    status: track.status,
    ...(track.loudnessLufs !== null ? { loudness_lufs: track.loudnessLufs } : {}),
    explicit: track.explicit,
    track_number: track.trackNumber,
    uri: `encore:track:${track.id}`,
    stream: track.status === 'ready' && track.audioHash ? await signedMasterPlaylist(env, track.audioHash) : null,
  };
}
