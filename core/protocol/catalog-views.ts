import { z } from 'zod';

/**
 * The shapes the catalog has in every answer: REST, Connect pushes and (later)
 * the Subsonic API build their tracks, albums and artists from these, and the
 * OpenAPI document uses them as response schemas. Fields are snake_case;
 * references are `encore:{kind}:{id}` URIs (core/protocol/uris.ts).
 */

export const TRACK_STATUSES = ['processing', 'ready', 'failed'] as const;
export const TrackStatus = z.enum(TRACK_STATUSES);

/** A credited artist, or an album, as a track names it. */
export const CatalogRef = z.object({ id: z.string(), name: z.string() });
export type CatalogRef = z.infer<typeof CatalogRef>;

/** A picture in one size; `images` lists them largest first (640, 300, 64 px squares), `[]` until one is set. */
export const Image = z.object({ url: z.string(), width: z.number().int(), height: z.number().int() });
export type Image = z.infer<typeof Image>;

/** The album a track names, with its cover. */
export const TrackAlbum = CatalogRef.extend({ images: z.array(Image) });
export type TrackAlbum = z.infer<typeof TrackAlbum>;

/** A track as lists of tracks show it (saved tracks, playlists, history, charts): no stream URL. */
export const TrackSummary = z.object({
  id: z.string(),
  uri: z.string(),
  title: z.string(),
  duration_ms: z.number().int().nullable(),
  explicit: z.boolean(),
  status: TrackStatus,
  /** In credit order; the primary artist first. */
  artists: z.array(CatalogRef),
  album: TrackAlbum.nullable(),
  /** Its first 30 s, for anyone: a path that redirects to a signed HLS master (core/protocol/preview.ts); null until there is audio. */
  preview_url: z.string().nullable(),
});
export type TrackSummary = z.infer<typeof TrackSummary>;

/** A playlist entry whose track has left the catalog. */
export const UnavailableTrack = z.object({ id: z.string(), uri: z.string(), unavailable: z.literal(true) });
export type UnavailableTrack = z.infer<typeof UnavailableTrack>;

export const SignedStream = z.object({
  /** A signed master playlist, relative to the origin. */
  hls_url: z.string(),
  expires_at: z.string(),
});
export type SignedStream = z.infer<typeof SignedStream>;

/**
 * A track's lossless rendition: FLAC in fMP4 (`CODECS="fLaC"` in the master) at
 * its source's depth and rate, at most 24-bit/96 kHz. Premium listeners' masters
 * list it; free listeners' do not, and its URLs are refused under their signature.
 */
export const TrackLossless = z
  .object({
    bit_depth: z.number().int().describe('Bits per sample: 16 or 24.'),
    sample_rate: z.number().int().describe('Samples per second, e.g. 44100, 96000.'),
  })
  .describe(
    'Present when the track has a lossless rendition (its source was FLAC, ALAC, WAV or AIFF at 16 bit or more): FLAC in fMP4, listed in the master with CODECS="fLaC" for premium listeners only.',
  );
export type TrackLossless = z.infer<typeof TrackLossless>;

/** `GET /api/v1/tracks/{id}`. */
export const TrackView = TrackSummary.extend({
  loudness_lufs: z.number().optional(),
  lossless: TrackLossless.optional(),
  /** The id of the same artist's earlier track with the same audio (an acoustic fingerprint match): this one is that recording again. */
  same_recording_as: z.string().optional(),
  track_number: z.number().int().nullable(),
  /** Only for `ready` tracks. */
  stream: SignedStream.nullable(),
});
export type TrackView = z.infer<typeof TrackView>;

/** The track a player holds (Connect pushes, `GET /me/player`, the queue): the summary's playing fields and its album's cover. */
export const PlayerTrack = TrackSummary.pick({ id: true, uri: true, title: true, duration_ms: true, artists: true, album: true });
export type PlayerTrack = z.infer<typeof PlayerTrack>;

// ---- Spotify-shaped catalog objects: artists, albums, and tracks as album listings and search show them ----

/** The label's ids: `{label}` for imported records, `{}` otherwise. */
export const ExternalIds = z.object({ label: z.string().optional() });

export const ArtistLink = z.object({ id: z.string(), type: z.literal('artist'), uri: z.string(), name: z.string() });
export type ArtistLink = z.infer<typeof ArtistLink>;

export const AlbumLink = z.object({ id: z.string(), type: z.literal('album'), uri: z.string(), name: z.string(), images: z.array(Image) });
export type AlbumLink = z.infer<typeof AlbumLink>;

/** `GET /api/v1/artists/{id}` and artists in search. */
export const ArtistSummary = ArtistLink.extend({
  popularity: z.number().int(),
  /** The artist's five most frequent track genres. */
  genres: z.array(z.string()),
  /** Listeners who follow the artist (saved it to their library). */
  followers: z.object({ total: z.number().int() }),
  images: z.array(Image),
  external_ids: ExternalIds,
});
export type ArtistSummary = z.infer<typeof ArtistSummary>;

/** `GET /api/v1/albums/{id}`, an artist's albums and albums in search. */
export const AlbumSummary = AlbumLink.extend({
  album_type: z.literal('album'),
  release_date: z.string().nullable(),
  /** Tracks that are ready to play. */
  total_tracks: z.number().int(),
  artists: z.array(ArtistLink),
  external_ids: ExternalIds,
});
export type AlbumSummary = z.infer<typeof AlbumSummary>;

/** A track in an album's listing (no `album`) and in search (with `album`). */
export const CatalogTrack = z.object({
  id: z.string(),
  type: z.literal('track'),
  uri: z.string(),
  title: z.string(),
  duration_ms: z.number().int().nullable(),
  track_number: z.number().int().nullable(),
  explicit: z.boolean(),
  popularity: z.number().int(),
  artists: z.array(ArtistLink),
  album: AlbumLink.nullable().optional(),
  external_ids: ExternalIds,
  preview_url: z.string().nullable(),
});
export type CatalogTrack = z.infer<typeof CatalogTrack>;
