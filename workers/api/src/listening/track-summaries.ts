import { groupByShard, shardDb, type ShardEnv } from '../../../../core/shards.ts';

/** A track as lists of tracks (history, charts) show it; the API.md track shape without the stream URL. */
export interface TrackSummary {
  id: string;
  uri: string;
  title: string;
  duration_ms: number | null;
  artists: { id: string; name: string }[];
  album: { id: string; name: string } | null;
}

/** Loads tracks by id with one round of queries per catalog shard; ids that no longer exist are simply absent. */
export async function loadTrackSummaries(env: ShardEnv, ids: Iterable<string>): Promise<Map<string, TrackSummary>> {
  const byShard = groupByShard(env, 'CATALOG', ids, ['trk']);
  const out = new Map<string, TrackSummary>();
  await Promise.all(
    [...byShard].map(async ([shard, trackIds]) => {
      const db = shardDb(env, 'CATALOG', shard);
      const json = JSON.stringify(trackIds);
      const [tracks, credits] = await db.batch<Record<string, unknown>>([
        db
          .prepare(
            `SELECT t.id, t.title, t.duration_ms, t.album_id, al.name AS album_name, t.artist_id, ar.name AS artist_name
             FROM tracks t JOIN artists ar ON ar.id = t.artist_id LEFT JOIN albums al ON al.id = t.album_id
             WHERE t.id IN (SELECT value FROM json_each(?))`,
          )
          .bind(json),
        db.prepare('SELECT track_id, artist_id, artist_name FROM track_artists WHERE track_id IN (SELECT value FROM json_each(?)) ORDER BY track_id, position').bind(json),
      ]);
      const creditsByTrack = new Map<string, { id: string; name: string }[]>();
      for (const c of credits!.results) {
        const list = creditsByTrack.get(c.track_id as string) ?? [];
        list.push({ id: c.artist_id as string, name: c.artist_name as string });
        creditsByTrack.set(c.track_id as string, list);
      }
      for (const t of tracks!.results) {
        const id = t.id as string;
        out.set(id, {
          id,
          uri: `encore:track:${id}`,
          title: t.title as string,
          duration_ms: (t.duration_ms as number | null) ?? null,
          artists: creditsByTrack.get(id) ?? [{ id: t.artist_id as string, name: t.artist_name as string }],
          album: t.album_id ? { id: t.album_id as string, name: t.album_name as string } : null,
        });
      }
    }),
  );
  return out;
}
