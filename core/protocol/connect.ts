import { z } from 'zod';
import { Image, PlayerTrack } from './catalog-views.ts';
import { Authenticated, ReAuth } from './reauth.ts';

/**
 * Encore Connect: the messages between a listener's devices and their device
 * session (`GET /api/v1/me/player/connect`). One schema, used by the server to
 * validate what devices send and by clients to validate what the server pushes.
 *
 * Every push carries the session's `seq`: it grows by one for each command the
 * session applies, so a device ignores any push older than one it already has,
 * and the session ignores reports made against a state it has since replaced.
 *
 * Close codes: 4000 the device was silent too long, 4001 its access token
 * expired (refresh, then reconnect), 4002 the same device connected again.
 */

export const DEVICE_TYPES = ['computer', 'smartphone', 'tablet', 'speaker', 'tv', 'car', 'game_console', 'web', 'other'] as const;
export const DeviceType = z.enum(DEVICE_TYPES);
export type DeviceType = z.infer<typeof DeviceType>;

export const REPEAT_STATES = ['off', 'track', 'context'] as const;
export const RepeatState = z.enum(REPEAT_STATES);
export type RepeatState = z.infer<typeof RepeatState>;

/** Device ids are chosen by the device (kept across reconnects) and scoped to one listener. */
export const DeviceId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 . _ : -');
export const DeviceName = z.string().trim().min(1).max(64);
export const VolumePercent = z.number().int().min(0).max(100);
export const PositionMs = z.number().int().min(0);

// ---- Views: the shapes the HTTP API returns and the session pushes ----

export const DeviceView = z.object({
  id: z.string(),
  name: z.string(),
  type: DeviceType,
  is_active: z.boolean(),
  volume_percent: VolumePercent.nullable(),
});
export type DeviceView = z.infer<typeof DeviceView>;

/** The playing track: the catalog's track summary (`title`, as in REST), cut to what a player needs. */
export const TrackItem = PlayerTrack.extend({ type: z.literal('track') });
export type TrackItem = z.infer<typeof TrackItem>;

/** A playing podcast episode (`name`, as its REST object), with its show and the show's artwork. */
export const EpisodeItem = z.object({
  id: z.string(),
  type: z.literal('episode'),
  uri: z.string(),
  name: z.string(),
  duration_ms: z.number().int().nullable(),
  show: z.object({ id: z.string(), name: z.string() }),
  images: z.array(Image),
});
export type EpisodeItem = z.infer<typeof EpisodeItem>;

/** What the session plays: a track, or an episode (`type` says which). */
export const PlayerItem = z.discriminatedUnion('type', [TrackItem, EpisodeItem]);
export type PlayerItem = z.infer<typeof PlayerItem>;

/** `GET /api/v1/me/player`: `progress_ms` is the position at `timestamp` (epoch ms). */
export const PlayerView = z.object({
  device: DeviceView.nullable(),
  is_playing: z.boolean(),
  progress_ms: z.number().int(),
  timestamp: z.number().int(),
  item: PlayerItem.nullable(),
  context: z.object({ uri: z.string() }).nullable(),
  shuffle_state: z.boolean(),
  shuffle_seed: z.number().int().nullable(),
  repeat_state: RepeatState,
  seq: z.number().int(),
});
export type PlayerView = z.infer<typeof PlayerView>;

export const QueueView = z.object({
  currently_playing: PlayerItem.nullable(),
  queue: z.array(PlayerItem),
});
export type QueueView = z.infer<typeof QueueView>;

// ---- Commands a device may send over its socket (the HTTP endpoints map onto the same ones) ----

export const PlayerCommand = z.discriminatedUnion('action', [
  /** Resume (or start at `position_ms`); with `device_id`, playback moves there first. */
  z.object({ action: z.literal('play'), device_id: DeviceId.optional(), position_ms: PositionMs.optional() }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('next') }),
  z.object({ action: z.literal('previous') }),
  z.object({ action: z.literal('seek'), position_ms: PositionMs }),
  z.object({ action: z.literal('transfer'), device_id: DeviceId, play: z.boolean().optional() }),
  z.object({ action: z.literal('shuffle'), state: z.boolean() }),
  z.object({ action: z.literal('repeat'), state: RepeatState }),
  z.object({ action: z.literal('volume'), volume_percent: VolumePercent }),
]);
export type PlayerCommand = z.infer<typeof PlayerCommand>;

// ---- client → server ----

export const ClientMessage = z.discriminatedUnion('type', [
  /** Optional after connecting: updates how the device presents itself. */
  z.object({ type: z.literal('hello'), name: DeviceName.optional(), device_type: DeviceType.optional(), volume_percent: VolumePercent.optional() }),
  /** Keeps the device listed (send one every ~20 s); a device silent for 60 s drops out. Any message counts. */
  z.object({ type: z.literal('heartbeat') }),
  /**
   * The active device's own account of playback. `seq` is the last state it applied;
   * a report against an older state is ignored. `ended` means the current track ran out.
   */
  z.object({
    type: z.literal('state_report'),
    seq: z.number().int().min(0),
    position_ms: PositionMs,
    is_playing: z.boolean(),
    volume_percent: VolumePercent.optional(),
    ended: z.boolean().optional(),
  }),
  /** `id` is echoed in an `error` if the command is refused. */
  z.object({ type: z.literal('command'), id: z.string().max(64).optional(), command: PlayerCommand }),
  /** A fresh access token (same account) before the current one expires; otherwise the socket is closed with 4001. */
  ReAuth,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---- server → client ----

export const STOP_REASONS = ['transferred', 'another_device_playing', 'expired', 'replaced'] as const;

export const ServerMessage = z.discriminatedUnion('type', [
  /** The whole player state; `player` is null while nothing was ever loaded. */
  z.object({ type: z.literal('state'), seq: z.number().int(), player: PlayerView.nullable() }),
  z.object({ type: z.literal('devices'), seq: z.number().int(), devices: z.array(DeviceView) }),
  /** Stop playing now: playback moved to another device (or this one is being dropped). */
  z.object({ type: z.literal('stop'), seq: z.number().int(), reason: z.enum(STOP_REASONS) }),
  Authenticated,
  z.object({ type: z.literal('error'), ref: z.string().optional(), status: z.number().int(), code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
