import { z } from 'zod';
import { uploadStatuses } from '#core/db/catalog-schema.ts';

/**
 * Declared types of the formats the transcoder takes. Parameters (`; codecs=...`)
 * and case are ignored. Only a first filter: the transcoder decides the format
 * from the bytes (transcoder/src/sniff.ts), whatever was declared.
 */
export const ACCEPTED_CONTENT_TYPES = [
  'audio/flac',
  'audio/x-flac',
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/vnd.wave',
  'audio/mpeg',
  'audio/mp3',
  'audio/aac',
  'audio/mp4',
  'audio/x-m4a',
  'audio/ogg',
  'audio/opus',
  'audio/aiff',
  'audio/x-aiff',
] as const;

/** Every part but the last has exactly this size (R2 wants ≥ 5 MiB and equal sizes). */
export const PART_SIZE = 8 * 1024 * 1024;

const sourceFile = {
  size_bytes: z.number().int().positive('must be a positive number of bytes'),
  content_type: z.string().trim().min(1).max(100),
};

export const TrackUploadBody = z.object({
  kind: z.literal('track').optional(),
  title: z.string().trim().min(1).max(200),
  ...sourceFile,
  album: z.string().trim().min(1).max(200).optional(),
  genre: z.string().trim().min(1).max(60).optional(),
  track_number: z.number().int().min(1).max(999).optional(),
  explicit: z.boolean().default(false),
  release_date: z.iso.date('must be a date like 2026-11-23').optional(),
});
export type TrackUploadBody = z.infer<typeof TrackUploadBody>;

/** A podcast episode of one of the artist's shows (`POST /shows`), transcoded to the speech ladder. */
export const EpisodeUploadBody = z.object({
  kind: z.literal('episode'),
  show_id: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(''),
  ...sourceFile,
});
export type EpisodeUploadBody = z.infer<typeof EpisodeUploadBody>;

/** A track (no `kind`, or `kind: "track"`) or an episode (`kind: "episode"`). */
export const CreateUploadBody = z.discriminatedUnion('kind', [TrackUploadBody, EpisodeUploadBody]);
export type CreateUploadBody = z.infer<typeof CreateUploadBody>;

export const UploadIdParam = z.object({ id: z.string().max(64) });
export const PartParam = z.object({ id: z.string().max(64), n: z.string().max(12) });

export const CreatedUploadResponse = z.object({
  id: z.string(),
  /** What the upload makes: `track_id` for a track, `episode_id` for an episode. */
  track_id: z.string().optional(),
  episode_id: z.string().optional(),
  status: z.literal('created'),
  part_size: z.number().int(),
  part_count: z.number().int(),
});
export const PartResponse = z.object({ part: z.number().int(), etag: z.string() });
export const UploadStatusResponse = z.object({ status: z.string() });
export const UploadView = z.object({
  id: z.string(),
  track_id: z.string().optional(),
  episode_id: z.string().optional(),
  status: z
    .enum(uploadStatuses)
    .describe(
      '`held`: the audio matches (by acoustic fingerprint) a ready track of another artist; `error` names it, and the track stays unplayable until an admin releases the upload (`POST /uploads/{id}/release`).',
    ),
  /** Why a `failed` upload failed, what a `held` one matched, or why a delayed one waits. */
  error: z.string().optional(),
});
