import { between, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { z } from 'zod';
import { artists, tracks } from '#core/db/catalog-schema.ts';
import { trackDailyStreams } from '#core/db/catalog-streams.ts';
import { Forbidden, NotFound } from '#core/errors.ts';
import { allShardDbs, shardDb, shardOf } from '#core/shards.ts';
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
  if (user.role !== 'admin' && user.artistId !== artistId)
    throw new Forbidden("Only the artist or an admin may read an artist's royalties.", 'not_your_royalties');
}

/** Counted streams of the month for every track of every catalog shard (royalties are shared across the whole catalog). */
async function monthlyStreams(env: Env, month: string) {
  const days = trackDailyStreams;
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map((db) =>
      drizzle(db)
        .select({ trackId: days.trackId, artistId: tracks.artistId, title: tracks.title, streams: sql<number>`sum(${days.streams})`.mapWith(Number) })
        .from(days)
        .innerJoin(tracks, eq(tracks.id, days.trackId))
        .where(between(days.day, `${month}-01`, `${month}-31`))
        .groupBy(days.trackId),
    ),
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
  const artist = await drizzle(db).select({ id: artists.id, name: artists.name }).from(artists).where(eq(artists.id, artistId)).get();
  if (!artist) throw new NotFound(`No artist with id ${JSON.stringify(artistId)}.`, 'artist_not_found');

  const pool = BigInt(env.ROYALTY_POOL_MINOR_UNITS);
  const all = await monthlyStreams(env, month);
  const shares = largestRemainder(
    pool,
    all.map((t) => ({ key: t.trackId, weight: BigInt(t.streams) })),
  );
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
