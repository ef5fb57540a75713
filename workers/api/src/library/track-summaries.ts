import { asc, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { albums, trackArtists, tracks } from '../../../../core/db/catalog-schema.ts';
import { shardDb } from '../../../../core/shards.ts';
import { byShard } from '../../../../core/catalog/catalog-refs.ts';

/** A track as lists show it (library, playlists): no stream URL, that is `GET /tracks/{id}`. */
export interface TrackSummary {
  id: string;
  uri: string;
  title: string;
  duration_ms: number | null;
  explicit: boolean;
  status: string;
  artists: { id: string; name: string }[];
  album: { id: string; name: string } | null;
}

const CHUNK = 90;

/** Summaries of the given tracks, read from their catalog shards; ids that no longer exist are absent. */
export async function trackSummaries(env: Env, ids: string[]): Promise<Map<string, TrackSummary>> {
  const out = new Map<string, TrackSummary>();
  const unique = [...new Set(ids)];
  const jobs: Promise<void>[] = [];
  for (const [shard, group] of byShard(env, 'track', unique)) {
    if (shard < 0) continue;
    const db = drizzle(shardDb(env, 'CATALOG', shard));
    for (let i = 0; i < group.length; i += CHUNK) {
      const chunk = group.slice(i, i + CHUNK);
      jobs.push(
        (async () => {
          // Three plain selects: D1 batches return rows keyed by column name, so a join would clash on `id`.
          const [rows, albumRows, credits] = await db.batch([
            db.select({ id: tracks.id, title: tracks.title, durationMs: tracks.durationMs, explicit: tracks.explicit, status: tracks.status, albumId: tracks.albumId }).from(tracks).where(inArray(tracks.id, chunk)),
            db.select({ id: albums.id, name: albums.name }).from(albums).where(inArray(albums.id, db.select({ id: tracks.albumId }).from(tracks).where(inArray(tracks.id, chunk)))),
            db
              .select({ trackId: trackArtists.trackId, id: trackArtists.artistId, name: trackArtists.artistName })
              .from(trackArtists)
              .where(inArray(trackArtists.trackId, chunk))
              .orderBy(asc(trackArtists.trackId), asc(trackArtists.position)),
          ]);
          const albumName = new Map(albumRows.map((a) => [a.id, a.name]));
          for (const r of rows) {
            out.set(r.id, {
              id: r.id,
              uri: `encore:track:${r.id}`,
              title: r.title,
              duration_ms: r.durationMs,
              explicit: r.explicit,
              status: r.status,
              artists: credits.filter((c) => c.trackId === r.id).map(({ id, name }) => ({ id, name })),
              album: r.albumId && albumName.has(r.albumId) ? { id: r.albumId, name: albumName.get(r.albumId)! } : null,
            });
          }
        })(),
      );
    }
  }
  await Promise.all(jobs);
  return out;
}
