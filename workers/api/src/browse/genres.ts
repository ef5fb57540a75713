import { genreId } from '#core/catalog/genres.ts';
import { catalogTrack } from '#core/catalog/views.ts';
import { NotFound } from '#core/errors.ts';
import type { CatalogTrack } from '#core/protocol/catalog-views.ts';
import { allShardDbs } from '#core/shards.ts';
import { TRACK_COLUMNS, trackFieldsOf, type TrackRow } from '../catalog/listing-rows.ts';
import type { PagingQuery } from '../http/paging.ts';
import { mergedPage } from './shard-pages.ts';

export interface Genre {
  id: string;
  name: string;
  track_count: number;
  /** The genre texts of the tracks it gathers (spellings that share its id). */
  spellings: string[];
}

/**
 * Every genre with ready tracks, from each shard's genre_track_counts (kept in
 * step with tracks by triggers, migration 0010): spellings that share an id are
 * one genre, named by its most common spelling. Most tracks first, then name.
 */
export async function listGenres(env: Env): Promise<Genre[]> {
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map((db) =>
      db.prepare('SELECT genre, track_count FROM genre_track_counts WHERE track_count > 0').all<{ genre: string; track_count: number }>(),
    ),
  );
  const bySpelling = new Map<string, number>();
  for (const { genre, track_count } of perShard.flatMap((r) => r.results)) bySpelling.set(genre, (bySpelling.get(genre) ?? 0) + track_count);
  const byId = new Map<string, { spellings: [string, number][] }>();
  for (const [spelling, count] of bySpelling) {
    const id = genreId(spelling);
    byId.set(id, { spellings: [...(byId.get(id)?.spellings ?? []), [spelling, count]] });
  }
  return [...byId]
    .map(([id, { spellings }]) => {
      spellings.sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1));
      return { id, name: spellings[0]![0], track_count: spellings.reduce((sum, [, n]) => sum + n, 0), spellings: spellings.map(([s]) => s) };
    })
    .sort((a, b) => b.track_count - a.track_count || (a.name < b.name ? -1 : 1));
}

export async function getGenre(env: Env, id: string): Promise<Genre> {
  const genre = (await listGenres(env)).find((g) => g.id === id);
  if (!genre) throw new NotFound(`No genre with id ${JSON.stringify(id)}.`, 'genre_not_found');
  return genre;
}

const mostPopularFirst = (a: TrackRow, b: TrackRow) => b.popularity - a.popularity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A genre's ready tracks, most popular first (then id), merged across the catalog shards; with their albums, as search shows tracks. */
export async function genreTracks(env: Env, genre: Genre, paging: PagingQuery): Promise<CatalogTrack[]> {
  // D1 binds at most 100 parameters a statement; one genre never has that many spellings in practice.
  const texts = genre.spellings.slice(0, 90);
  const spellings = texts.map(() => '?').join(', ');
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map(async (db) => {
      const { results } = await db
        .prepare(
          `SELECT ${TRACK_COLUMNS}, t.album_id, al.name AS album_name FROM tracks t INDEXED BY tracks_genre_popularity
           LEFT JOIN albums al ON al.id = t.album_id
           WHERE t.genre IN (${spellings}) AND t.status = 'ready' ORDER BY t.popularity DESC, t.id LIMIT ?`,
        )
        .bind(...texts, paging.offset + paging.limit)
        .all<TrackRow>();
      return results;
    }),
  );
  return mergedPage(perShard, mostPopularFirst, paging.offset, paging.limit).map((t) => catalogTrack(trackFieldsOf(t)));
}
