import { between, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { z } from 'zod';
import { royaltyMonths, royaltyStatements } from '#core/db/catalog-charts.ts';
import { artists, tracks } from '#core/db/catalog-schema.ts';
import { trackDailyStreams } from '#core/db/catalog-streams.ts';
import { Forbidden, NotFound } from '#core/errors.ts';
import { allShardDbs, shardDb, shardOf } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { largestRemainder, ROUNDING_RULE } from './largest-remainder.ts';

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
export const currentMonth = (now = Date.now()) => new Date(now).toISOString().slice(0, 7);

export const RoyaltiesQuery = z.object({ month: Month.default(() => currentMonth()) });

/** An artist's own statement, or any artist's for an admin. */
export function assertMayReadRoyalties(user: AuthUser, artistId: string): void {
  if (user.role !== 'admin' && user.artistId !== artistId)
    throw new Forbidden("Only the artist or an admin may read an artist's royalties.", 'not_your_royalties');
}

export interface StatementTrack {
  track_id: string;
  title: string;
  streams: number;
  amount_minor_units: number;
}

/** What a month's statements share: the pool and the streams it was split over. */
export interface MonthTotals {
  currency: string;
  pool: number;
  distributed: number;
  totalStreams: number;
}

/** Counted streams of the month for every track of every catalog shard (royalties are shared across the whole catalog), by shard. */
async function monthlyStreams(env: Env, month: string) {
  const days = trackDailyStreams;
  return Promise.all(
    allShardDbs(env, 'CATALOG').map((db) =>
      drizzle(db)
        .select({ trackId: days.trackId, artistId: tracks.artistId, title: tracks.title, streams: sql<number>`sum(${days.streams})`.mapWith(Number) })
        .from(days)
        .innerJoin(tracks, eq(tracks.id, days.trackId))
        .where(between(days.day, `${month}-01`, `${month}-31`))
        .groupBy(days.trackId),
    ),
  );
}

/**
 * The pro-rata split of a month: the pool over every track by counted streams
 * (largest remainder, see ROUNDING_RULE); each shard's tracks grouped by their
 * primary artist, most streamed first.
 */
export async function splitMonth(env: Env, month: string): Promise<{ totals: MonthTotals; byShard: Map<string, StatementTrack[]>[] }> {
  const perShard = await monthlyStreams(env, month);
  const all = perShard.flat();
  const pool = BigInt(env.ROYALTY_POOL_MINOR_UNITS);
  const shares = largestRemainder(
    pool,
    all.map((t) => ({ key: t.trackId, weight: BigInt(t.streams) })),
  );
  const totalStreams = all.reduce((acc, t) => acc + t.streams, 0);
  const byShard = perShard.map((rows) => {
    const byArtist = new Map<string, StatementTrack[]>();
    for (const t of [...rows].sort((a, b) => b.streams - a.streams || (a.trackId < b.trackId ? -1 : 1))) {
      const track = { track_id: t.trackId, title: t.title, streams: t.streams, amount_minor_units: Number(shares.get(t.trackId)!) };
      byArtist.set(t.artistId, [...(byArtist.get(t.artistId) ?? []), track]);
    }
    return byArtist;
  });
  const totals = { currency: env.ROYALTY_CURRENCY, pool: Number(pool), distributed: totalStreams > 0 ? Number(pool) : 0, totalStreams };
  return { totals, byShard };
}

/** A closed month's stored totals and this artist's tracks, or null while the month has not been closed on the artist's shard. */
async function closedStatement(db: D1Database, artistId: string, month: string): Promise<{ totals: MonthTotals; tracks: StatementTrack[] } | null> {
  const closed = await drizzle(db).select().from(royaltyMonths).where(eq(royaltyMonths.month, month)).get();
  if (!closed) return null;
  const row = await drizzle(db)
    .select({ tracks: royaltyStatements.tracks })
    .from(royaltyStatements)
    .where(sql`${royaltyStatements.artistId} = ${artistId} AND ${royaltyStatements.month} = ${month}`)
    .get();
  const totals = { currency: closed.currency, pool: closed.poolMinorUnits, distributed: closed.distributedMinorUnits, totalStreams: closed.totalStreams };
  return { totals, tracks: row ? (JSON.parse(row.tracks) as StatementTrack[]) : [] };
}

/**
 * The pro-rata statement: the month's pool split over every track by counted
 * streams, of which this artist's tracks (those they are the primary artist of)
 * are shown with the totals used. A closed month is read as the royalties job
 * stored it (`closed`: it never changes again); a month not closed yet is
 * computed from the counts so far.
 */
export async function royaltyStatement(env: Env, artistId: string, month: string) {
  const db = shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', artistId, ['art'], 'artist'));
  const artist = await drizzle(db).select({ id: artists.id, name: artists.name }).from(artists).where(eq(artists.id, artistId)).get();
  if (!artist) throw new NotFound(`No artist with id ${JSON.stringify(artistId)}.`, 'artist_not_found');

  const stored = await closedStatement(db, artistId, month);
  const { totals, tracks } = stored ?? (await liveStatement(env, artistId, month));
  return {
    statement: {
      artist: { id: artist.id, name: artist.name },
      month,
      currency: totals.currency,
      pool_minor_units: totals.pool,
      distributed_minor_units: totals.distributed,
      total_streams: totals.totalStreams,
      artist_streams: tracks.reduce((acc, t) => acc + t.streams, 0),
      amount_minor_units: tracks.reduce((acc, t) => acc + t.amount_minor_units, 0),
      rounding: ROUNDING_RULE,
      tracks,
    },
    closed: stored !== null,
  };
}

async function liveStatement(env: Env, artistId: string, month: string) {
  const { totals, byShard } = await splitMonth(env, month);
  return { totals, tracks: byShard.flatMap((artistsOfShard) => artistsOfShard.get(artistId) ?? []) };
}
