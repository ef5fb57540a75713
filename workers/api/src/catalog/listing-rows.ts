import type { AlbumRecord, ArtistRecord } from '#core/catalog/reads.ts';
import type { CatalogTrackFields } from '#core/catalog/views.ts';
import type { CatalogRef } from '#core/protocol/catalog-views.ts';
import { TRACK_CREDITS_SQL } from './track-credits-sql.ts';

/**
 * Rows of the catalog's listing queries (an artist's albums, an album's tracks,
 * search hits), which select their detail columns in the same statement as
 * their order, turned into the records core/catalog/views.ts shapes.
 */

export const ALBUM_COLUMNS = `al.id, al.name, al.release_date, al.external_id, al.image_hash, al.artist_id, ar.name AS artist_name,
  (SELECT count(*) FROM tracks WHERE album_id = al.id AND status = 'ready') AS total_tracks`;

export const TRACK_COLUMNS = `t.id, t.title, t.duration_ms, t.track_number, t.explicit, t.popularity, t.external_id, t.audio_hash, ${TRACK_CREDITS_SQL} AS artists`;

export interface ArtistRow {
  id: string;
  name: string;
  popularity: number;
  external_id: string | null;
  followers_total: number;
  image_hash: string | null;
}

export interface AlbumRow {
  id: string;
  name: string;
  release_date: string | null;
  external_id: string | null;
  image_hash: string | null;
  artist_id: string;
  artist_name: string;
  total_tracks: number;
}

export interface TrackRow {
  id: string;
  title: string;
  duration_ms: number | null;
  track_number: number | null;
  explicit: number;
  popularity: number;
  external_id: string | null;
  audio_hash: string | null;
  /** JSON array of {id, name} in credit order. */
  artists: string;
  album_id?: string | null;
  album_name?: string | null;
  album_image_hash?: string | null;
}

/** Search shows no genres for an artist (they are a per-artist aggregate); GET /artists/{id} does. */
export const artistRecordOf = (a: ArtistRow): ArtistRecord => ({
  id: a.id,
  name: a.name,
  popularity: a.popularity,
  externalId: a.external_id,
  followersTotal: a.followers_total,
  imageHash: a.image_hash,
  genres: [],
});

export const albumRecordOf = (a: AlbumRow): AlbumRecord => ({
  id: a.id,
  name: a.name,
  releaseDate: a.release_date,
  externalId: a.external_id,
  imageHash: a.image_hash,
  artist: { id: a.artist_id, name: a.artist_name },
  totalTracks: a.total_tracks,
});

export const trackFieldsOf = (t: TrackRow): CatalogTrackFields => ({
  id: t.id,
  title: t.title,
  durationMs: t.duration_ms,
  trackNumber: t.track_number,
  explicit: Boolean(t.explicit),
  popularity: t.popularity,
  externalId: t.external_id,
  audioHash: t.audio_hash,
  artists: JSON.parse(t.artists) as CatalogRef[],
  ...(t.album_id !== undefined ? { album: t.album_id ? { id: t.album_id, name: t.album_name ?? '', imageHash: t.album_image_hash ?? null } : null } : {}),
});
