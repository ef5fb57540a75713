import type { Lyrics } from '#core/lyrics/lrc.ts';
import { lyricsUpsertStatement } from '../../lyrics/lyrics-store.ts';
import { inListStatements, multiRowStatements } from './multi-row.ts';

/** Rows bound for one catalog shard, in the order foreign keys need them. */
export interface ShardRows {
  artists: { id: string; name: string; externalId: string }[];
  albums: { id: string; artistId: string; name: string; releaseDate: string | null; externalId: string }[];
  tracks: {
    id: string;
    artistId: string;
    albumId: string | null;
    title: string;
    durationMs: number | null;
    genre: string | null;
    trackNumber: number | null;
    explicit: boolean;
    popularity: number;
    externalId: string;
    credits: { artistId: string; name: string }[];
  }[];
  /** After the tracks: a lyrics line may name a track of the same batch. */
  lyrics: { trackId: string; lyrics: Lyrics }[];
}

export const emptyShardRows = (): ShardRows => ({ artists: [], albums: [], tracks: [], lyrics: [] });

/**
 * The statements that upsert a group of rows into one shard: several multi-row
 * statements, run as one atomic `batch`. Updates are conditional (`WHERE ... IS NOT`)
 * so re-importing an unchanged line writes nothing and leaves the FTS index alone.
 */
export function shardWriteStatements(db: D1DatabaseSession, rows: ShardRows): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  statements.push(
    ...multiRowStatements(
      db,
      'INSERT INTO artists (id, name, external_id)',
      `ON CONFLICT(id) DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name`,
      rows.artists.map((a) => [a.id, a.name, a.externalId]),
    ),
  );
  statements.push(
    ...multiRowStatements(
      db,
      'INSERT INTO albums (id, artist_id, name, release_date, external_id)',
      `ON CONFLICT(id) DO UPDATE SET artist_id = excluded.artist_id, name = excluded.name, release_date = excluded.release_date
       WHERE artist_id IS NOT excluded.artist_id OR name IS NOT excluded.name OR release_date IS NOT excluded.release_date`,
      rows.albums.map((a) => [a.id, a.artistId, a.name, a.releaseDate, a.externalId]),
    ),
  );
  statements.push(
    ...multiRowStatements(
      db,
      `INSERT INTO tracks (id, artist_id, album_id, title, duration_ms, genre, track_number, explicit, popularity, external_id, status)
       SELECT column1, column2, column3, column4, column5, column6, column7, column8, column9, column10, 'ready' FROM (`,
      `) WHERE true ON CONFLICT(id) DO UPDATE SET artist_id = excluded.artist_id, album_id = excluded.album_id, title = excluded.title,
         duration_ms = excluded.duration_ms, genre = excluded.genre, track_number = excluded.track_number, explicit = excluded.explicit,
         popularity = excluded.popularity
       WHERE artist_id IS NOT excluded.artist_id OR album_id IS NOT excluded.album_id OR title IS NOT excluded.title
         OR duration_ms IS NOT excluded.duration_ms OR genre IS NOT excluded.genre OR track_number IS NOT excluded.track_number
         OR explicit IS NOT excluded.explicit OR popularity IS NOT excluded.popularity`,
      rows.tracks.map((t) => [t.id, t.artistId, t.albumId, t.title, t.durationMs, t.genre, t.trackNumber, t.explicit ? 1 : 0, t.popularity, t.externalId]),
    ),
  );
  // A re-import may credit fewer artists than before: drop the positions past the new list.
  statements.push(
    ...multiRowStatements(
      db,
      'DELETE FROM track_artists WHERE rowid IN (SELECT ta.rowid FROM (',
      ') AS n JOIN track_artists ta ON ta.track_id = n.column1 AND ta.position >= n.column2)',
      rows.tracks.map((t) => [t.id, t.credits.length]),
    ),
  );
  statements.push(
    ...multiRowStatements(
      db,
      'INSERT INTO track_artists (track_id, artist_id, artist_name, position)',
      `ON CONFLICT(track_id, position) DO UPDATE SET artist_id = excluded.artist_id, artist_name = excluded.artist_name
       WHERE artist_id IS NOT excluded.artist_id OR artist_name IS NOT excluded.artist_name`,
      rows.tracks.flatMap((t) => t.credits.map((c, position) => [t.id, c.artistId, c.name, position])),
    ),
  );
  // An artist is as popular as their most popular track.
  const primaryArtists = [...new Set(rows.tracks.map((t) => t.artistId))];
  statements.push(
    ...inListStatements(
      db,
      (ids) => `UPDATE artists SET popularity = coalesce((SELECT max(popularity) FROM tracks WHERE artist_id = artists.id), 0) WHERE id IN (${ids})`,
      primaryArtists,
    ),
  );
  const now = Date.now();
  // One statement a track: lyrics run to 64 kB, too large to gather several into one.
  for (const l of rows.lyrics) statements.push(lyricsUpsertStatement(db, l.trackId, l.lyrics, now));
  return statements;
}
