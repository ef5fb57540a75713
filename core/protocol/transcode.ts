import { z } from 'zod';

/** What the api worker puts on the transcode queue when an upload completes. */
export const TranscodeJob = z.object({
  upload_id: z.string(),
  track_id: z.string(),
});
export type TranscodeJob = z.infer<typeof TranscodeJob>;

/** What the queue consumer posts to the transcoder (`POST /jobs`, bearer TRANSCODER_SECRET). */
export const TranscodeRequest = z.object({
  job_id: z.string(),
  /** Short-lived signed URL of the uploaded source file. */
  source_url: z.url(),
  /** Base URL the transcoder PUTs outputs under, e.g. `https://host/media/ingest` (bearer TRANSCODER_SECRET). */
  ingest_url: z.url(),
});
export type TranscodeRequest = z.infer<typeof TranscodeRequest>;

export const Rendition = z.object({
  name: z.string(),
  bitrate_kbps: z.number().int().positive(),
  bandwidth: z.number().int().positive(),
  average_bandwidth: z.number().int().positive(),
  codecs: z.string(),
});
export type Rendition = z.infer<typeof Rendition>;

/** The transcoder's answer to a job, also stored as `hls/{content_hash}/meta.json` beside the ladder. */
export const TranscodeResult = z.object({
  content_hash: z.string().regex(/^[0-9a-f]{64}$/),
  duration_ms: z.number().int().nonnegative(),
  loudness_lufs: z.number(),
  renditions: z.array(Rendition).min(3),
  /** True when an identical source had been transcoded before and its ladder was reused. */
  reused: z.boolean(),
});
export type TranscodeResult = z.infer<typeof TranscodeResult>;

/**
 * How the transcoder reports a failure. `permanent` failures (not audio, corrupt)
 * end the upload as `failed` with `message` shown to the artist; others are retried.
 */
export const TranscodeFailure = z.object({
  error: z.object({ permanent: z.boolean(), code: z.string(), message: z.string() }),
});
export type TranscodeFailure = z.infer<typeof TranscodeFailure>;

/** R2 layout shared by the transcoder (writer) and the stream worker (reader). */
export const mediaKeys = {
  source: (uploadId: string) => `uploads/${uploadId}/source`,
  ladderRoot: (contentHash: string) => `hls/${contentHash}`,
  master: (contentHash: string) => `hls/${contentHash}/master.m3u8`,
  /** Written last: its presence means the whole ladder is in place. */
  meta: (contentHash: string) => `hls/${contentHash}/meta.json`,
};
