import type { AlbumRecord, ArtistRecord } from '#core/catalog/reads.ts';
import type { CatalogRef } from '#core/protocol/catalog-views.ts';

/**
 * Catalog records (core/catalog/reads.ts, the listing rows) in the shapes of
 * the OpenSubsonic spec (openapi/schemas: Child, AlbumID3, ArtistID3).
 * Durations are seconds. `coverArt` is the id of the album, artist or
 * playlist whose picture getCoverArt serves, and only there when one is set.
 */

/** What `stream` serves: the AAC ladder's renditions as one fragmented MP4. */
export const STREAM_CONTENT_TYPE = 'audio/mp4';
export const STREAM_SUFFIX = 'm4a';

/** An album as a song names it; its cover is set when it has an image hash (records) or images (REST shapes). */
export type SongAlbum = CatalogRef & { imageHash?: string | null; images?: unknown[] };
export const hasCover = (a: { imageHash?: string | null; images?: unknown[] }) => Boolean(a.imageHash) || (a.images?.length ?? 0) > 0;

export interface SongFields {
  id: string;
  title: string;
  durationMs: number | null;
  trackNumber: number | null;
  explicit: boolean;
  artists: CatalogRef[];
  album?: SongAlbum | null;
  genre?: string | null;
  releaseDate?: string | null;
}

const seconds = (ms: number | null | undefined) => Math.round((ms ?? 0) / 1000);
const yearOf = (date: string | null | undefined) => (date && /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : undefined);
/** A release date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as its first day. */
function isoDate(date: string | null | undefined): Date | null {
  if (!date) return null;
  const [year, month = '01', day = '01'] = date.slice(0, 10).split('-');
  const time = Date.parse(`${year}-${month}-${day}T00:00:00Z`);
  return Number.isNaN(time) ? null : new Date(time);
}
const artistRef = (a: CatalogRef) => ({ id: a.id, name: a.name });

export interface Extras {
  /** When the listener saved it (library), for `starred`. */
  starredAt?: number;
  /** The bit rate `stream` would send by default, kb/s. */
  bitRate?: number;
}

export function child(t: SongFields, extras: Extras = {}) {
  const primary = t.artists[0];
  return {
    id: t.id,
    ...(t.album ? { parent: t.album.id, album: t.album.name, albumId: t.album.id } : {}),
    isDir: false,
    title: t.title,
    artist: t.artists.map((a) => a.name).join(', '),
    ...(primary ? { artistId: primary.id } : {}),
    ...(t.trackNumber !== null ? { track: t.trackNumber } : {}),
    ...(yearOf(t.releaseDate) ? { year: yearOf(t.releaseDate) } : {}),
    ...(t.genre ? { genre: t.genre } : {}),
    ...(t.album && hasCover(t.album) ? { coverArt: t.album.id } : {}),
    contentType: STREAM_CONTENT_TYPE,
    suffix: STREAM_SUFFIX,
    duration: seconds(t.durationMs),
    ...(extras.bitRate ? { bitRate: extras.bitRate } : {}),
    isVideo: false,
    type: 'music',
    mediaType: 'song',
    ...(extras.starredAt ? { starred: new Date(extras.starredAt).toISOString() } : {}),
    artists: t.artists.map(artistRef),
    displayArtist: t.artists.map((a) => a.name).join(', '),
    explicitStatus: t.explicit ? 'explicit' : '',
  };
}

export interface AlbumFields extends Pick<AlbumRecord, 'id' | 'name' | 'artist' | 'totalTracks' | 'releaseDate'> {
  imageHash?: string | null;
  images?: unknown[];
  durationMs?: number | null;
  createdAt?: number | null;
  genre?: string | null;
}

export function albumID3(a: AlbumFields, extras: Extras = {}) {
  const created = a.createdAt ? new Date(a.createdAt) : (isoDate(a.releaseDate) ?? new Date(0));
  return {
    id: a.id,
    name: a.name,
    artist: a.artist.name,
    artistId: a.artist.id,
    ...(hasCover(a) ? { coverArt: a.id } : {}),
    songCount: a.totalTracks,
    duration: seconds(a.durationMs),
    created: created.toISOString(),
    ...(yearOf(a.releaseDate) ? { year: yearOf(a.releaseDate) } : {}),
    ...(a.genre ? { genre: a.genre } : {}),
    ...(extras.starredAt ? { starred: new Date(extras.starredAt).toISOString() } : {}),
    artists: [artistRef(a.artist)],
    displayArtist: a.artist.name,
  };
}

export function artistID3(a: Pick<ArtistRecord, 'id' | 'name'> & { albumCount?: number; imageHash?: string | null; images?: unknown[] }, extras: Extras = {}) {
  return {
    id: a.id,
    name: a.name,
    ...(hasCover(a) ? { coverArt: a.id } : {}),
    ...(a.albumCount !== undefined ? { albumCount: a.albumCount } : {}),
    ...(extras.starredAt ? { starred: new Date(extras.starredAt).toISOString() } : {}),
  };
}
