import { z } from 'zod';
import { parseId } from '../ids.ts';

/** Where the web player sends its playback-start beacon (navigator.sendBeacon, so no Authorization header). */
export const PLAYBACK_START_BEACON_PATH = '/api/v1/beacons/playback-start';

/** Longer than this from click to `playing` is not a start worth timing (a stall, a tab left in the background). */
export const MAX_PLAYBACK_START_MS = 120_000;

/** One playback start as the web player measured it: the click on play until the audio element's `playing` event. */
export const PlaybackStartBeacon = z
  .object({
    ms: z.number().int().min(0).max(MAX_PLAYBACK_START_MS),
    track_id: z
      .string()
      .max(64)
      .refine((id) => parseId(id)?.kind === 'trk', 'a track id'),
    /** The bitrate of the rendition that started (hls.js); absent with native HLS, which does not say. */
    bitrate_kbps: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type PlaybackStartBeacon = z.infer<typeof PlaybackStartBeacon>;
