/** Shapes of the API answers the app reads (GET /api/v1/openapi.json); only the fields it uses. */

export interface ArtistRef {
  id: string;
  name: string;
}

export interface Track {
  id: string;
  uri?: string;
  title: string;
  duration_ms: number | null;
  artists: ArtistRef[];
  album?: { id: string; name: string | null } | null;
  status?: string;
  unavailable?: boolean;
}

export interface PlayableTrack extends Track {
  loudness_lufs?: number;
  stream: { hls_url: string; expires_at: string } | null;
}

export interface Album {
  id: string;
  name: string;
  release_date: string | null;
  total_tracks: number;
  artists: ArtistRef[];
}

export interface Artist {
  id: string;
  name: string;
  genres: string[];
  popularity: number;
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
  name: string;
  owner?: { id: string; display_name: string };
  collaborative?: boolean;
  snapshot_id?: string;
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
