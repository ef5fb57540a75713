import type { RepeatState } from '#core/protocol/connect.ts';
import { parseUri } from '#core/protocol/uris.ts';

/**
 * One playable track as the session keeps it: enough to show it, shuffle it and clamp a seek.
 * A podcast episode is kept in the same columns (its uri says it is one): `track_id` is the
 * episode's id, `artist_*` its show and `album_image_hash` the show's artwork.
 */
export interface QueueEntry {
  uri: string;
  track_id: string;
  /** The track's title (the column the session's SQLite has always had). */
  name: string;
  duration_ms: number | null;
  artist_id: string;
  artist_name: string;
  /** The track's album and the hash of its cover when it was loaded; absent in entries stored before covers existed. */
  album_id?: string | null;
  album_name?: string | null;
  album_image_hash?: string | null;
}

export const isEpisodeEntry = (entry: QueueEntry): boolean => parseUri(entry.uri)?.kind === 'episode';

/** Everything the session knows about playback. Stored in the object's SQLite, rebuilt from it after eviction. */
export interface PlayerState {
  /** Grows by one with every applied command; every push carries it. */
  seq: number;
  activeDeviceId: string | null;
  isPlaying: boolean;
  /** Position at `measuredAt` (epoch ms); while playing, the live position runs on from there. */
  positionMs: number;
  measuredAt: number;
  contextUri: string | null;
  /** The loaded tracks in their original order (what shuffle off returns to). */
  tracks: QueueEntry[];
  /** Play order: indices into `tracks`. */
  order: number[];
  /** Position in `order` of the context track playing (or last played, while a queued track plays). */
  index: number;
  /** Tracks the listener queued: they play next, before the context continues. */
  upNext: QueueEntry[];
  current: QueueEntry | null;
  currentIsQueued: boolean;
  shuffle: boolean;
  shuffleSeed: number | null;
  repeat: RepeatState;
}

export const EMPTY_STATE: PlayerState = {
  seq: 0,
  activeDeviceId: null,
  isPlaying: false,
  positionMs: 0,
  measuredAt: 0,
  contextUri: null,
  tracks: [],
  order: [],
  index: -1,
  upNext: [],
  current: null,
  currentIsQueued: false,
  shuffle: false,
  shuffleSeed: null,
  repeat: 'off',
};

/** The position right now: the last measurement plus the time played since, never past the track's end. */
export function positionAt(state: PlayerState, now: number): number {
  const elapsed = state.isPlaying ? Math.max(0, now - state.measuredAt) : 0;
  const position = state.positionMs + elapsed;
  const duration = state.current?.duration_ms;
  return duration != null ? Math.min(position, duration) : position;
}
