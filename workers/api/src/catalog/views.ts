import { uri } from './catalog-ids.ts';

/** Spotify-shaped JSON for catalog objects; fields are snake_case, references are `encore:` URIs. */

export interface ArtistRef {
  id: string;
  name: string;
}

export const artistRefView = (a: ArtistRef) => ({ id: a.id, type: 'artist' as const, uri: uri('artist', a.id), name: a.name });

const externalIds = (externalId: string | null) => (externalId ? { label: externalId } : {});

export interface ArtistRow {
  id: string;
  name: string;
  popularity: number;
  external_id: string | null;
}

export const artistView = (a: ArtistRow, genres: string[] = []) => ({
  ...artistRefView(a),
  popularity: a.popularity,
  genres,
  images: [],
  external_ids: externalIds(a.external_id),
});

export interface AlbumRow {
  id: string;
  name: string;
  release_date: string | null;
  external_id: string | null;
  artist_id: string;
  artist_name: string;
  total_tracks: number;
}

export const albumView = (a: AlbumRow) => ({
  id: a.id,
  type: 'album' as const,
  uri: uri('album', a.id),
  name: a.name,
  album_type: 'album' as const,
  release_date: a.release_date,
  total_tracks: a.total_tracks,
  artists: [artistRefView({ id: a.artist_id, name: a.artist_name })],
  images: [],
  external_ids: externalIds(a.external_id),
});

export interface TrackRow {
  id: string;
  title: string;
  duration_ms: number | null;
  track_number: number | null;
  explicit: number;
  popularity: number;
  external_id: string | null;
  /** JSON array of {id, name} in credit order. */
  artists: string;
  album_id?: string | null;
  album_name?: string | null;
}

/** A track as API.md names it (`title`, like GET /tracks/{id}), with the Spotify-style extras. */
export const trackView = (t: TrackRow) => ({
  id: t.id,
  type: 'track' as const,
  uri: uri('track', t.id),
  title: t.title,
  duration_ms: t.duration_ms,
  track_number: t.track_number,
  explicit: Boolean(t.explicit),
  popularity: t.popularity,
  artists: (JSON.parse(t.artists) as ArtistRef[]).map(artistRefView),
  ...(t.album_id !== undefined ? { album: t.album_id ? { id: t.album_id, type: 'album' as const, uri: uri('album', t.album_id), name: t.album_name } : null } : {}),
  external_ids: externalIds(t.external_id),
});
