import { imageList } from '#core/artwork/images.ts';
import { trackAlbum } from '#core/catalog/views.ts';
import type { DeviceView, PlayerItem, PlayerView, QueueView } from '#core/protocol/connect.ts';
import { isEpisodeEntry, positionAt, type PlayerState, type QueueEntry } from './player-state.ts';

export function playerItem(entry: QueueEntry): PlayerItem {
  if (isEpisodeEntry(entry)) {
    return {
      id: entry.track_id,
      type: 'episode',
      uri: entry.uri,
      name: entry.name,
      duration_ms: entry.duration_ms,
      show: { id: entry.artist_id, name: entry.artist_name },
      images: imageList(entry.album_image_hash ?? null),
    };
  }
  return {
    id: entry.track_id,
    type: 'track',
    uri: entry.uri,
    title: entry.name,
    duration_ms: entry.duration_ms,
    artists: [{ id: entry.artist_id, name: entry.artist_name }],
    album: entry.album_id ? trackAlbum({ id: entry.album_id, name: entry.album_name ?? '', imageHash: entry.album_image_hash ?? null }) : null,
  };
}

/** `GET /me/player` and the `state` push; null when nothing was ever loaded and no device is active. */
export function playerView(state: PlayerState, devices: DeviceView[], now: number): PlayerView | null {
  if (!state.current && !state.activeDeviceId) return null;
  return {
    device: devices.find((d) => d.id === state.activeDeviceId) ?? null,
    is_playing: state.isPlaying,
    progress_ms: positionAt(state, now),
    timestamp: now,
    item: state.current ? playerItem(state.current) : null,
    context: state.contextUri ? { uri: state.contextUri } : null,
    shuffle_state: state.shuffle,
    shuffle_seed: state.shuffleSeed,
    repeat_state: state.repeat,
    seq: state.seq,
  };
}

/** Queued tracks first, then the rest of the context in play order. */
export function queueView(state: PlayerState): QueueView {
  const upcoming = state.order.slice(state.index + 1).map((i) => state.tracks[i]!);
  return {
    currently_playing: state.current ? playerItem(state.current) : null,
    queue: [...state.upNext, ...upcoming].map(playerItem),
  };
}
