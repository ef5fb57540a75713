import type { TrackLossless } from '#core/protocol/catalog-views.ts';
import type { ResumableEpisode } from '#core/protocol/podcast-views.ts';

/** Shapes of the API answers the app reads (GET /api/v1/openapi.json); only the fields it uses. */

export interface ArtistRef {
  id: string;
  name: string;
}

/** One size of an object's artwork; `images` lists them largest first (640, 300, 64 px squares), `[]` until one is set. */
export interface Image {
  url: string;
  width: number;
  height: number;
}

export interface AlbumRef {
  id: string;
  name: string | null;
  images?: Image[];
}

export interface Track {
  id: string;
  uri?: string;
  title: string;
  duration_ms: number | null;
  artists: ArtistRef[];
  album?: AlbumRef | null;
  status?: string;
  unavailable?: boolean;
}

export interface PlayableTrack extends Track {
  loudness_lufs?: number;
  lossless?: TrackLossless;
  stream: { hls_url: string; expires_at: string } | null;
}

export interface Album {
  id: string;
  uri?: string;
  name: string;
  release_date: string | null;
  total_tracks: number;
  artists: ArtistRef[];
  images?: Image[];
}

export interface Artist {
  id: string;
  uri?: string;
  name: string;
  genres: string[];
  popularity: number;
  followers?: { total: number };
  images?: Image[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
}

export interface PlaylistSummary {
  id: string;
  uri?: string;
  name: string;
  images?: Image[];
  owner?: { id: string; display_name: string };
  collaborative?: boolean;
  snapshot_id?: string;
  /** Written by Encore for one listener (Discover Weekly): read-only, saveable. */
  algorithmic?: boolean;
}

export interface PlaylistItem {
  item_id: string;
  track: Track;
  added_by: { id: string; display_name: string };
  added_at: string;
}

export interface Playlist extends PlaylistSummary {
  description: string | null;
  public: boolean;
  collaborative: boolean;
  snapshot_id: string;
  items: Page<PlaylistItem> & { snapshot_id: string };
}

export interface Genre {
  id: string;
  name: string;
  track_count: number;
}

/** One entry of `GET /me/inbox`: a new album by a followed artist. */
export interface Release {
  type: 'release';
  album: Album;
  released_at: string;
}

/** `GET /me/home`: sections of albums, artists, playlists or tracks (Continue listening: episodes); empty ones are left out. */
export interface Home {
  sections: { id: string; title: string; items: (Album | Artist | PlaylistSummary | Track | ResumableEpisode)[] }[];
}

/** `GET /tracks/{id}/radio`, `GET /artists/{id}/radio`: one page of a station. */
export interface RadioPage {
  tracks: Track[];
}

/** One entry of `GET /me/friends/activity`: what a followed person plays now (`playing`) or played last. */
export interface FriendActivity {
  user: { id: string; display_name: string };
  track: Track;
  playing: boolean;
  /** When they started it (ISO 8601, or epoch milliseconds). */
  timestamp: string | number;
}

export type { EpisodeSummary, EpisodeView, ListedEpisode, ResumableEpisode, ResumePoint, ShowSummary } from '#core/protocol/podcast-views.ts';
