import { and, desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { loadTracks } from '#core/catalog/reads.ts';
import { trackSummary } from '#core/catalog/views.ts';
import { artists, tracks } from '#core/db/catalog-schema.ts';
import { NotFound, Unprocessable } from '#core/errors.ts';
import type { IdKind } from '#core/ids.ts';
import type { TrackSummary } from '#core/protocol/catalog-views.ts';
import { RADIO_MAX_DEPTH, radioStation, radioWalk } from '#core/recommendations/radio.ts';
import { findShard, shardDb } from '#core/shards.ts';
import { stableHash } from '#core/stable-hash.ts';
import { seedNeighbours } from './cold-start.ts';
import { listenerTaste } from './listener-taste.ts';
import { withNeighbours } from './neighbour-reads.ts';

/** An artist's station starts from this many of their most popular tracks. */
const ARTIST_SEEDS = 5;

export interface RadioPage {
  limit: number;
  offset: number;
}

/** The catalog shard of a client's id, or 422 for an id that is not one of that kind. */
function catalogShardOf(env: Env, id: string, kind: IdKind, what: string): number {
  const shard = findShard(env, 'CATALOG', id, [kind]);
  if (shard === null) throw new Unprocessable(`${JSON.stringify(id)} is not ${what} id.`, 'invalid_id');
  return shard;
}

/**
 * One page of a station from `seeds` for a listener: the neighbour walk
 * (radio.ts), read a step at a time from the shards; the listener's recent
 * plays are the heard tracks. The station's order is fixed by the listener and
 * the seed (`stationKey`), so paging through it with `offset` does not repeat.
 */
async function station(env: Env, userId: string, stationKey: string, seeds: string[], { limit, offset }: RadioPage): Promise<TrackSummary[]> {
  if (seeds.length === 0) return [];
  const [preloaded, taste] = await Promise.all([seedNeighbours(env, seeds), listenerTaste(env, userId)]);
  const walk = await withNeighbours(env, (neighbours) => radioWalk(seeds, neighbours), { maxRounds: RADIO_MAX_DEPTH, preloaded });
  const records = await loadTracks(
    env,
    walk.result.map((w) => w.id),
  );
  const ids = radioStation({
    seeds,
    // Only what can be played and shown: a neighbour removed from the catalog (or not ready) is left out of the walk.
    neighbours: (id) => walk.neighbours(id).filter((n) => records.get(n.neighbourId)?.status === 'ready'),
    artistOf: (id) => records.get(id)?.artists[0]?.id,
    heard: new Set(taste.history.map((h) => h.trackId)),
    offset,
    limit,
    seed: stableHash(`${userId} ${stationKey}`),
  });
  return ids.flatMap((id) => {
    const t = records.get(id);
    return t ? [trackSummary(t)] : [];
  });
}

/** `GET /tracks/{id}/radio`: 422 for an id that is not a track id, 404 for one that names no track. */
export async function trackRadio(env: Env, userId: string, trackId: string, page: RadioPage): Promise<TrackSummary[]> {
  catalogShardOf(env, trackId, 'trk', 'a track');
  if (!(await loadTracks(env, [trackId])).has(trackId)) throw new NotFound(`No track with id ${JSON.stringify(trackId)}.`, 'track_not_found');
  return station(env, userId, `track:${trackId}`, [trackId], page);
}

/** `GET /artists/{id}/radio`: seeded with the artist's most popular ready tracks. */
export async function artistRadio(env: Env, userId: string, artistId: string, page: RadioPage): Promise<TrackSummary[]> {
  const db = drizzle(shardDb(env, 'CATALOG', catalogShardOf(env, artistId, 'art', 'an artist')));
  const [artist, top] = await db.batch([
    db.select({ id: artists.id }).from(artists).where(eq(artists.id, artistId)),
    db
      .select({ id: tracks.id })
      .from(tracks)
      .where(and(eq(tracks.artistId, artistId), eq(tracks.status, 'ready')))
      .orderBy(desc(tracks.popularity), tracks.id)
      .limit(ARTIST_SEEDS),
  ]);
  if (artist.length === 0) throw new NotFound(`No artist with id ${JSON.stringify(artistId)}.`, 'artist_not_found');
  return station(
    env,
    userId,
    `artist:${artistId}`,
    top.map((t) => t.id),
    page,
  );
}
