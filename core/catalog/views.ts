import type {
  AlbumLink,
  AlbumSummary,
  ArtistLink,
  ArtistSummary,
  CatalogRef,
  CatalogTrack,
  PlayerTrack,
  SignedStream,
  TrackAlbum,
  TrackSummary,
  TrackView,
  UnavailableTrack,
} from '../protocol/catalog-views.ts';
import type { ShardEnv } from '../shards.ts';
import { imageList } from '../artwork/images.ts';
import { loadTracks, type AlbumRecord, type AlbumRef, type ArtistRecord, type ReadOptions, type TrackRecord } from './reads.ts';
import { trackPreviewPath } from '../protocol/preview.ts';
import { uri } from '../protocol/uris.ts';

/** Records of reads.ts (or rows of a listing query) in the shapes of core/protocol/catalog-views.ts. */

export const trackAlbum = (a: AlbumRef | null): TrackAlbum | null => (a ? { id: a.id, name: a.name, images: imageList(a.imageHash) } : null);

/** Every track object's `preview_url`: only a ready track with audio has one (imported tracks may have none). */
export const previewUrl = (t: Pick<TrackRecord, 'id' | 'audioHash'> & { status?: TrackRecord['status'] }): string | null =>
  (t.status ?? 'ready') === 'ready' && t.audioHash ? trackPreviewPath(t.id) : null;

export const trackSummary = (t: TrackRecord): TrackSummary => ({
  id: t.id,
  uri: uri('track', t.id),
  title: t.title,
  duration_ms: t.durationMs,
  explicit: t.explicit,
  status: t.status,
  artists: t.artists,
  album: trackAlbum(t.album),
  preview_url: previewUrl(t),
});

export const unavailableTrack = (id: string): UnavailableTrack => ({ id, uri: uri('track', id), unavailable: true });

export const trackView = (t: TrackRecord, stream: SignedStream | null): TrackView => ({
  id: t.id,
  title: t.title,
  duration_ms: t.durationMs,
  artists: t.artists,
  album: trackAlbum(t.album),
  status: t.status,
  ...(t.loudnessLufs !== null ? { loudness_lufs: t.loudnessLufs } : {}),
  ...(t.lossless ? { lossless: { bit_depth: t.lossless.bitDepth, sample_rate: t.lossless.sampleRate } } : {}),
  ...(t.sameRecordingAs !== null ? { same_recording_as: t.sameRecordingAs } : {}),
  explicit: t.explicit,
  track_number: t.trackNumber,
  uri: uri('track', t.id),
  preview_url: previewUrl(t),
  stream,
});

export const playerTrack = ({ id, uri, title, duration_ms, artists, album }: PlayerTrack): PlayerTrack => ({ id, uri, title, duration_ms, artists, album });

const externalIds = (externalId: string | null) => (externalId ? { label: externalId } : {});

export const artistLink = (a: CatalogRef): ArtistLink => ({ id: a.id, type: 'artist', uri: uri('artist', a.id), name: a.name });
export const albumLink = (a: AlbumRef): AlbumLink => ({ id: a.id, type: 'album', uri: uri('album', a.id), name: a.name, images: imageList(a.imageHash) });

export const artistSummary = (a: ArtistRecord): ArtistSummary => ({
  ...artistLink(a),
  popularity: a.popularity,
  genres: a.genres,
  followers: { total: a.followersTotal },
  images: imageList(a.imageHash),
  external_ids: externalIds(a.externalId),
});

export const albumSummary = (a: AlbumRecord): AlbumSummary => ({
  ...albumLink(a),
  album_type: 'album',
  release_date: a.releaseDate,
  total_tracks: a.totalTracks,
  artists: [artistLink(a.artist)],
  external_ids: externalIds(a.externalId),
});

/** Listings list only ready tracks, so no status. */
export type CatalogTrackFields = Pick<
  TrackRecord,
  'id' | 'title' | 'durationMs' | 'trackNumber' | 'explicit' | 'popularity' | 'externalId' | 'audioHash' | 'artists'
> & {
  album?: AlbumRef | null;
};

/** A track of an album listing (`album` undefined: left out) or of search (`album` given or null). */
export const catalogTrack = (t: CatalogTrackFields): CatalogTrack => ({
  id: t.id,
  type: 'track',
  uri: uri('track', t.id),
  title: t.title,
  duration_ms: t.durationMs,
  track_number: t.trackNumber,
  explicit: t.explicit,
  popularity: t.popularity,
  artists: t.artists.map(artistLink),
  ...(t.album !== undefined ? { album: t.album ? albumLink(t.album) : null } : {}),
  external_ids: externalIds(t.externalId),
  preview_url: previewUrl(t),
});

/** Summaries of the given tracks, in the ids' order; ids that name no track are absent. */
export async function loadTrackSummaries(env: ShardEnv, ids: Iterable<string>, options: ReadOptions = {}): Promise<Map<string, TrackSummary>> {
  const records = await loadTracks(env, ids, options);
  return new Map([...records].map(([id, t]) => [id, trackSummary(t)]));
}
