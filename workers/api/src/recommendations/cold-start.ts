import type { Neighbour } from '#core/recommendations/neighbours.ts';
import { allShardDbs, findShard, shardDb } from '#core/shards.ts';
import { readNeighbours } from './neighbour-reads.ts';

/** Tracks of each kind (album, artist, genre) a cold-start list takes. */
const PER_SOURCE = 20;

/**
 * The neighbour list of a track nobody has listened to alongside others yet:
 * its album's, its artist's, then its genre's most popular ready tracks (the
 * genre from every catalog shard), scored in that order so the walk prefers
 * the closest. Empty for an id that names no track.
 */
export async function coldStartNeighbours(env: Env, trackId: string): Promise<Neighbour[]> {
  const shard = findShard(env, 'CATALOG', trackId, ['trk']);
  if (shard === null) return [];
  const db = shardDb(env, 'CATALOG', shard);
  const track = await db
    .prepare('SELECT artist_id, album_id, genre FROM tracks WHERE id = ?1')
    .bind(trackId)
    .first<{ artist_id: string; album_id: string | null; genre: string | null }>();
  if (!track) return [];
  const popular = (column: 'album_id' | 'artist_id' | 'genre') =>
    `SELECT id FROM tracks WHERE ${column} = ?1 AND status = 'ready' AND id != ?2 ORDER BY popularity DESC, id LIMIT ${PER_SOURCE}`;
  const statements = [db.prepare(popular('artist_id')).bind(track.artist_id, trackId)];
  if (track.album_id) statements.unshift(db.prepare(popular('album_id')).bind(track.album_id, trackId));
  const sameShard = (await db.batch<{ id: string }>(statements)).flatMap((r) => r.results);
  const genre = track.genre
    ? (await Promise.all(allShardDbs(env, 'CATALOG').map((d) => d.prepare(popular('genre')).bind(track.genre, trackId).all<{ id: string }>()))).flatMap(
        (r) => r.results,
      )
    : [];
  const ids = [...new Set([...sameShard, ...genre].map((r) => r.id))];
  return ids.map((neighbourId, i) => ({ neighbourId, score: 1 - i / (ids.length + 1) }));
}

/** The seeds' own neighbour lists, with a cold-start list for each seed that has none. */
export async function seedNeighbours(env: Env, seeds: string[]): Promise<Map<string, Neighbour[]>> {
  const lists = await readNeighbours(env, seeds);
  await Promise.all(seeds.filter((id) => !lists.has(id)).map(async (id) => lists.set(id, await coldStartNeighbours(env, id))));
  return lists;
}
