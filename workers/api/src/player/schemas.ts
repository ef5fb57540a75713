import { z } from 'zod';
import { DeviceId, DeviceName, DeviceType, RepeatState } from '#core/protocol/connect.ts';
import { EPISODE_URI } from './resolve-episode.ts';
import { MAX_LOADED_TRACKS, TRACK_URI } from './resolve-tracks.ts';

const TrackUri = z.string().regex(TRACK_URI, 'must be a track uri (encore:track:{id})');
const PlayableUri = z
  .string()
  .refine((u) => TRACK_URI.test(u) || EPISODE_URI.test(u), 'must be a track or episode uri (encore:track:{id}, encore:episode:{id})');
/** Query numbers arrive as text: digits only, so "", "1e3" and "-5" are refused rather than coerced. */
const QueryInt = z
  .string()
  .regex(/^\d{1,12}$/, 'must be a whole number')
  .transform(Number);

export const ConnectQuery = z.object({
  device_id: DeviceId,
  name: DeviceName,
  type: z
    .string()
    .transform((t) => t.toLowerCase())
    .pipe(DeviceType),
});

export const DeviceQuery = z.object({ device_id: DeviceId.optional() });

export const TransferBody = z.object({
  // More than one id is a 400 (checked in the route, as Spotify does), not a shape error.
  device_ids: z.array(z.string()).min(1),
  play: z.boolean().optional(),
});

export const PlayBody = z
  .object({
    /** Tracks, or one podcast episode alone (it starts at the caller's resume point unless `position_ms` says otherwise). */
    uris: z.array(PlayableUri).min(1).max(MAX_LOADED_TRACKS).optional(),
    context_uri: z.string().optional(),
    offset: z.union([z.object({ position: z.number().int().min(0) }), z.object({ uri: TrackUri })]).optional(),
    position_ms: z.number().int().min(0).optional(),
  })
  .refine((b) => !(b.uris && b.context_uri), { message: 'give uris or context_uri, not both', path: ['uris'] })
  .refine((b) => !b.uris?.some((u) => EPISODE_URI.test(u)) || b.uris.length === 1, { message: 'an episode plays alone: give its uri only', path: ['uris'] })
  .refine((b) => !b.offset || b.uris || b.context_uri, { message: 'offset needs uris or a context_uri', path: ['offset'] });
export type PlayBody = z.infer<typeof PlayBody>;

export const SeekQuery = z.object({ position_ms: QueryInt });
export const ShuffleQuery = z.object({ state: z.enum(['true', 'false']).transform((s) => s === 'true') });
export const RepeatQuery = z.object({ state: RepeatState });
export const QueueQuery = z.object({ uri: TrackUri });
export const VolumeQuery = z.object({ volume_percent: QueryInt.pipe(z.number().max(100)) });
