import { z } from 'zod';
import { Forbidden, NotFound } from '../../../../core/errors.ts';
import { allShardDbs, shardDb, shardOf } from '../../../../core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { largestRemainder, ROUNDING_RULE } from './largest-remainder.ts';

export const RoyaltiesQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
    .default(() => new Date().toISOString().slice(0, 7)),
});

/** An artist's own statement, or any artist's for an admin. */
export function assertMayReadRoyalties(user: AuthUser, artistId: string): void {
  if (user.role !== 'admin' && user.artistId !== artistId) throw new Forbidden("Only the artist or an admin may read an artist's royalties.", 'not_your_royalties');
}

interface TrackStreams {
  trackId: string;
  artistId: string;
  title: string;
  streams: number;
}

/** Counted streams of the month for every track of every catalog shard (royalties are shared across the whole catalog). */
async function monthlyStreams(env: Env, month: string): Promise<TrackStreams[]> {
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map(async (db) => {
      const { results } = await db
        .prepare(
          `SELECT d.track_id, t.artist_id, t.title, sum(d.streams) AS streams
           FROM track_daily_streams d JOIN tracks t ON t.id = d.track_id
           WHERE d.day BETWEEN ?1 || '-01' AND ?1 || '-31' GROUP BY d.track_id`,
        )
        .bind(month)
        .all<{ track_id: string; artist_id: string; title: string; streams: number }>();
      return results.map((r) => ({ trackId: r.track_id, artistId: r.artist_id, title: r.title, streams: r.streams }));
    }),
  );
  return perShard.flat();
}

/**
 * The pro-rata statement: the month's pool split over every track by counted
 * streams (largest remainder, see ROUNDING_RULE), of which this artist's tracks
 * (those they are the primary artist of) are shown with the totals used.
 */
export async function royaltyStatement(env: Env, artistId: string, month: string) {
  const db = shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', artistId, ['art'], 'artist'));
  const artist = await db.prepare('SELECT id, name FROM artists WHERE id = ?').bind(artistId).first<{ id: string; name: string }>();
  if (!artist) throw new NotFound(`No artist with id ${JSON.stringify(artistId)}.`, 'artist_not_found');

  const pool = BigInt(env.ROYALTY_POOL_MINOR_UNITS);
  const all = await monthlyStreams(env, month);
  const shares = largestRemainder(pool, all.map((t) => ({ key: t.trackId, weight: BigInt(t.streams) })));
  const totalStreams = all.reduce((acc, t) => acc + t.streams, 0);

  const tracks = all
    .filter((t) => t.artistId === artistId)
    .sort((a, b) => b.streams - a.streams || (a.trackId < b.trackId ? -1 : 1))
    .map((t) => ({ track_id: t.trackId, title: t.title, streams: t.streams, amount_minor_units: Number(shares.get(t.trackId)!) }));

  return {
    artist: { id: artist.id, name: artist.name },
    month,
    currency: env.ROYALTY_CURRENCY,
    pool_minor_units: Number(pool),
    distributed_minor_units: totalStreams > 0 ? Number(pool) : 0,
    total_streams: totalStreams,
    artist_streams: tracks.reduce((acc, t) => acc + t.streams, 0),
    amount_minor_units: tracks.reduce((acc, t) => acc + t.amount_minor_units, 0),
    rounding: ROUNDING_RULE,
    tracks,
  };
}
