import { env } from 'cloudflare:workers';
import { newIdOn, shardDb, shardOfId } from '#core/shards.ts';

/** A taste cluster: `artists` artists of one genre, each with an album of `perArtist` ready tracks, spread over the catalog shards. */
export interface Cluster {
  genre: string;
  tracks: { id: string; artistId: string; albumId: string }[];
}

export async function seedCluster(genre: string, artists: number, perArtist: number, popularity = 10): Promise<Cluster> {
  const tracks: Cluster['tracks'] = [];
  for (let a = 0; a < artists; a++) {
    const shard = a % 4;
    const db = shardDb(env, 'CATALOG', shard);
    const artistId = newIdOn(env, 'art', shard);
    const albumId = newIdOn(env, 'alb', shard);
    const ids = Array.from({ length: perArtist }, () => newIdOn(env, 'trk', shard));
    await db.batch([
      db.prepare('INSERT INTO artists (id, name) VALUES (?1, ?2)').bind(artistId, `${genre} artist ${a}`),
      db.prepare('INSERT INTO albums (id, artist_id, name) VALUES (?1, ?2, ?3)').bind(albumId, artistId, `${genre} album ${a}`),
      ...ids.map((id, i) =>
        db
          .prepare(
            "INSERT INTO tracks (id, artist_id, album_id, title, duration_ms, genre, track_number, popularity, status) VALUES (?1, ?2, ?3, ?4, 200000, ?5, ?6, ?7, 'ready')",
          )
          .bind(id, artistId, albumId, `${genre} ${a}.${i}`, genre, i + 1, popularity + i),
      ),
    ]);
    tracks.push(...ids.map((id) => ({ id, artistId, albumId })));
  }
  return { genre, tracks };
}

/** Writes a track's neighbour list as the recommendations job would (on the track's shard), most similar first. */
export async function plantNeighbours(trackId: string, neighbourIds: string[]): Promise<void> {
  const db = shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', trackId));
  await db.batch([
    db.prepare('DELETE FROM track_neighbours WHERE track_id = ?1').bind(trackId),
    ...neighbourIds.map((n, rank) =>
      db
        .prepare('INSERT INTO track_neighbours (track_id, rank, neighbour_id, score, computed_at) VALUES (?1, ?2, ?3, ?4, ?5)')
        .bind(trackId, rank, n, 1 - rank / (neighbourIds.length + 1), Date.now()),
    ),
  ]);
}

/** Every track of the cluster is a neighbour of every other one of it, nearest by position; `also` adds weak links at the end. */
export async function plantCluster(cluster: Cluster, also: (trackId: string) => string[] = () => []): Promise<void> {
  const ids = cluster.tracks.map((t) => t.id);
  for (const [i, id] of ids.entries()) {
    const others = [...ids.slice(i + 1), ...ids.slice(0, i)];
    await plantNeighbours(id, [...others, ...also(id)]);
  }
}

export const artistOf = (clusters: Cluster[]) => {
  const map = new Map(clusters.flatMap((c) => c.tracks.map((t) => [t.id, t.artistId] as const)));
  return (id: string) => map.get(id) ?? `unknown:${id}`;
};
