import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { albums, artists, trackArtists, tracks } from '../db/catalog-schema.ts';
import { episodes, shows } from '../db/catalog-podcasts.ts';
import type { LibraryKind } from '../db/users-library.ts';
import type { IdKind } from '../ids.ts';
import { groupByShard, shardDb, type ShardEnv } from '../shards.ts';
import type { CatalogRef } from '../protocol/catalog-views.ts';

/**
 * Catalog reads by id, for every caller (REST, the player, the playlist rooms):
 * ids are grouped by the shard their id names (groupByShard: ids of another kind
 * or of a shard we do not have are unknown), each shard is read in chunks that
 * stay under D1's 100 bound parameters, and the answer is a Map in the caller's
 * order (first appearance) without the ids that name nothing.
 */

/** D1 allows 100 bound parameters per statement; every read below binds only the chunk's ids. */
export const IDS_PER_STATEMENT = 100;

/** Where a shard is read: the primary by default, or a request's D1 session (read replicas, bookmarks). */
export type ShardReader = (shard: number) => D1Database | D1DatabaseSession;

export interface ReadOptions {
  reader?: ShardReader;
}

export function chunked<T>(items: T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `read` for every shard and chunk of the ids (in parallel) and returns the rows keyed by id, in the ids' order. */
async function readById<Row>(
  env: ShardEnv,
  kind: IdKind,
  ids: Iterable<string>,
  options: ReadOptions,
  read: (db: ReturnType<typeof drizzle>, chunk: string[]) => Promise<(Row & { id: string })[]>,
): Promise<Map<string, Row & { id: string }>> {
  const ordered = [...new Set(ids)];
  const reader = options.reader ?? ((shard: number) => shardDb(env, 'CATALOG', shard));
  const found = new Map<string, Row & { id: string }>();
  const jobs = [...groupByShard(env, 'CATALOG', ordered, [kind])].flatMap(([shard, shardIds]) => {
    // A D1 session has the methods drizzle calls (prepare, batch); its type is not in drizzle's union.
    const db = drizzle(reader(shard) as D1Database);
    return chunked(shardIds).map(async (chunk) => {
      for (const row of await read(db, chunk)) found.set(row.id, row);
    });
  });
  await Promise.all(jobs);
  const out = new Map<string, Row & { id: string }>();
  for (const id of ordered) {
    const row = found.get(id);
    if (row) out.set(id, row);
  }
  return out;
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
}

/** An album as a track names it: with the hash its cover's sizes are named by (core/artwork/images.ts). */
export interface AlbumRef extends CatalogRef {
  imageHash: string | null;
}

// ---- tracks ----

export interface TrackRecord {
  id: string;
  title: string;
  durationMs: number | null;
  explicit: boolean;
  status: 'processing' | 'ready' | 'failed';
  trackNumber: number | null;
  popularity: number;
  loudnessLufs: number | null;
  /** The format of its lossless (FLAC) rendition; null when the source was lossy (or transcoded before there was one). */
  lossless: { bitDepth: number; sampleRate: number } | null;
  audioHash: string | null;
  externalId: string | null;
  /** An earlier track of the same artist with the same audio (matched by acoustic fingerprint), if any. */
  sameRecordingAs: string | null;
  /** In credit order; the primary artist first. */
  artists: CatalogRef[];
  album: AlbumRef | null;
}

export async function loadTracks(env: ShardEnv, ids: Iterable<string>, options: ReadOptions = {}): Promise<Map<string, TrackRecord>> {
  return readById<Omit<TrackRecord, 'id'>>(env, 'trk', ids, options, async (db, chunk) => {
    // Two plain reads, not a batch: drizzle's D1 batch maps joined rows by column name, and both tables have `id`.
    const [rows, credits] = await Promise.all([
      db
        .select({
          id: tracks.id,
          title: tracks.title,
          durationMs: tracks.durationMs,
          explicit: tracks.explicit,
          status: tracks.status,
          trackNumber: tracks.trackNumber,
          popularity: tracks.popularity,
          loudnessLufs: tracks.loudnessLufs,
          losslessBitDepth: tracks.losslessBitDepth,
          losslessSampleRate: tracks.losslessSampleRate,
          audioHash: tracks.audioHash,
          externalId: tracks.externalId,
          sameRecordingAs: tracks.sameRecordingAs,
          artistId: artists.id,
          artistName: artists.name,
          albumId: albums.id,
          albumName: albums.name,
          albumImageHash: albums.imageHash,
        })
        .from(tracks)
        .innerJoin(artists, eq(artists.id, tracks.artistId))
        .leftJoin(albums, eq(albums.id, tracks.albumId))
        .where(inArray(tracks.id, chunk)),
      db
        .select({ trackId: trackArtists.trackId, id: trackArtists.artistId, name: trackArtists.artistName })
        .from(trackArtists)
        .where(inArray(trackArtists.trackId, chunk))
        .orderBy(asc(trackArtists.trackId), asc(trackArtists.position)),
    ]);
    const creditsOf = groupBy(credits, (c) => c.trackId);
    return rows.map(({ artistId, artistName, albumId, albumName, albumImageHash, losslessBitDepth, losslessSampleRate, ...t }) => ({
      ...t,
      lossless: losslessBitDepth !== null && losslessSampleRate !== null ? { bitDepth: losslessBitDepth, sampleRate: losslessSampleRate } : null,
      // A track without credit rows is credited to its primary artist alone.
      artists: creditsOf.get(t.id)?.map(({ id, name }) => ({ id, name })) ?? [{ id: artistId, name: artistName }],
      album: albumId && albumName !== null ? { id: albumId, name: albumName, imageHash: albumImageHash } : null,
    }));
  });
}

// ---- albums ----

export interface AlbumRecord {
  id: string;
  name: string;
  releaseDate: string | null;
  externalId: string | null;
  imageHash: string | null;
  artist: CatalogRef;
  /** Tracks that are ready to play. */
  totalTracks: number;
}

export async function loadAlbums(env: ShardEnv, ids: Iterable<string>, options: ReadOptions = {}): Promise<Map<string, AlbumRecord>> {
  return readById<Omit<AlbumRecord, 'id'>>(env, 'alb', ids, options, async (db, chunk) => {
    const rows = await db
      .select({
        id: albums.id,
        name: albums.name,
        releaseDate: albums.releaseDate,
        externalId: albums.externalId,
        imageHash: albums.imageHash,
        artistId: artists.id,
        artistName: artists.name,
        totalTracks: sql<number>`(SELECT count(*) FROM tracks WHERE album_id = ${albums.id} AND status = 'ready')`,
      })
      .from(albums)
      .innerJoin(artists, eq(artists.id, albums.artistId))
      .where(inArray(albums.id, chunk));
    return rows.map(({ artistId, artistName, ...a }) => ({ ...a, artist: { id: artistId, name: artistName } }));
  });
}

// ---- artists ----

export interface ArtistRecord {
  id: string;
  name: string;
  popularity: number;
  externalId: string | null;
  followersTotal: number;
  imageHash: string | null;
  /** The five genres most of the artist's tracks have, most frequent first. */
  genres: string[];
}

const GENRES_SHOWN = 5;

export async function loadArtists(env: ShardEnv, ids: Iterable<string>, options: ReadOptions = {}): Promise<Map<string, ArtistRecord>> {
  return readById<Omit<ArtistRecord, 'id'>>(env, 'art', ids, options, async (db, chunk) => {
    const n = sql<number>`count(*)`;
    const [rows, genres] = await Promise.all([
      db
        .select({
          id: artists.id,
          name: artists.name,
          popularity: artists.popularity,
          externalId: artists.externalId,
          followersTotal: artists.followersTotal,
          imageHash: artists.imageHash,
        })
        .from(artists)
        .where(inArray(artists.id, chunk)),
      db
        .select({ artistId: tracks.artistId, genre: sql<string>`${tracks.genre}` })
        .from(tracks)
        .where(and(inArray(tracks.artistId, chunk), isNotNull(tracks.genre)))
        .groupBy(tracks.artistId, tracks.genre)
        .orderBy(asc(tracks.artistId), desc(n), asc(tracks.genre)),
    ]);
    const genresOf = groupBy(genres, (g) => g.artistId);
    return rows.map((a) => ({ ...a, genres: (genresOf.get(a.id) ?? []).slice(0, GENRES_SHOWN).map((g) => g.genre) }));
  });
}

// ---- existence ----

/** The id prefix of each kind a library or playlist may name. */
export const kindPrefix = { track: 'trk', album: 'alb', artist: 'art', show: 'shw' } as const satisfies Record<LibraryKind, IdKind>;
const tables = { track: tracks, album: albums, artist: artists, show: shows };

/** The given ids (in their order) that name no existing catalog entry of this kind. */
export async function missingCatalogIds(env: ShardEnv, kind: LibraryKind, ids: string[], options: ReadOptions = {}): Promise<string[]> {
  const table = tables[kind];
  const found = await readById<object>(env, kindPrefix[kind], ids, options, (db, chunk) =>
    db.select({ id: table.id }).from(table).where(inArray(table.id, chunk)),
  );
  return ids.filter((id) => !found.has(id));
}

/** Only the length of each track (the listening rules need nothing else); unknown tracks are absent. */
export async function loadTrackDurations(env: ShardEnv, ids: Iterable<string>, options: ReadOptions = {}): Promise<Map<string, number | null>> {
  const rows = await readById<{ durationMs: number | null }>(env, 'trk', ids, options, (db, chunk) =>
    db.select({ id: tracks.id, durationMs: tracks.durationMs }).from(tracks).where(inArray(tracks.id, chunk)),
  );
  return new Map([...rows].map(([id, r]) => [id, r.durationMs]));
}

/** The length of each episode that is ready to play (resume points need nothing else); others are absent. */
export async function loadEpisodeDurations(env: ShardEnv, ids: Iterable<string>, options: ReadOptions = {}): Promise<Map<string, number>> {
  const rows = await readById<{ durationMs: number | null }>(env, 'epi', ids, options, (db, chunk) =>
    db
      .select({ id: episodes.id, durationMs: episodes.durationMs })
      .from(episodes)
      .where(and(inArray(episodes.id, chunk), eq(episodes.status, 'ready'), isNotNull(episodes.durationMs))),
  );
  return new Map([...rows].map(([id, r]) => [id, r.durationMs!]));
}
