import { z } from 'zod';

/** What the api worker puts on the transcode queue when an upload completes. */
export const TranscodeJob = z.object({
  upload_id: z.string(),
  /** What the upload makes: one of the two, as its row says (a job naming another is dropped). */
  track_id: z.string().optional(),
  episode_id: z.string().optional(),
  /** The request that queued it (core/http/request-id.ts), so the consumer's and the transcoder's log lines name it; absent from a requeue sweep. */
  request_id: z.string().max(64).optional(),
});
export type TranscodeJob = z.infer<typeof TranscodeJob>;

/** How long the signed URL of an upload's source lives: the transcoder fetches it at the start of a job. */
export const SOURCE_URL_TTL_SECONDS = 15 * 60;

/** `music`: the stereo ladder of tracks; `speech`: episodes' mono ladder, loudness normalised, with a longer length limit. */
export const LADDER_PROFILES = ['music', 'speech'] as const;
export type LadderProfile = (typeof LADDER_PROFILES)[number];

/** What the queue consumer posts to the transcoder (`POST /jobs`, bearer TRANSCODER_SECRET). */
export const TranscodeRequest = z.object({
  job_id: z.string(),
  profile: z.enum(LADDER_PROFILES).default('music'),
  /** Short-lived signed URL of the uploaded source file. */
  source_url: z.url(),
  /**
   * Base URL the transcoder PUTs outputs under: the stream worker's ingest path
   * for this job, `http://{INGEST_HOST}/media/ingest/jobs/{job_id}`, never the public origin.
   */
  ingest_url: z.url(),
  /** The bearer for `ingest_url`: a per-job token (core/ingest-token.ts), not a shared secret. */
  ingest_token: z.string().min(1),
  /** The request that queued the job, for the transcoder's log lines (core/log.ts). */
  request_id: z.string().max(64).optional(),
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

/** The lossless rendition's format (FLAC, transcoder/src/lossless.ts): the source's depth and rate, at most 24-bit/96 kHz. */
export const LosslessQuality = z.object({
  bit_depth: z.union([z.literal(16), z.literal(24)]),
  sample_rate: z.number().int().positive().max(96_000),
});
export type LosslessQuality = z.infer<typeof LosslessQuality>;

/** Two minutes of sub-fingerprints (~970 of 4 bytes) in base64, with room to spare. */
const MAX_FINGERPRINT_BASE64 = 16_384;

/** The transcoder's answer to a job, also stored as `hls/{content_hash}/meta.json` beside the ladder. */
export const TranscodeResult = z.object({
  content_hash: z.string().regex(/^[0-9a-f]{64}$/),
  duration_ms: z.number().int().nonnegative(),
  loudness_lufs: z.number(),
  renditions: z.array(Rendition).min(3),
  /** Present when the source was lossless (FLAC, ALAC, WAV, AIFF at 16 bit or more): the `lossless` rendition's format. */
  lossless: LosslessQuality.optional(),
  /** The source's chapter markers (speech only), start times in milliseconds. */
  chapters: z
    .array(z.object({ title: z.string().max(200), start_ms: z.number().int().nonnegative() }))
    .max(500)
    .optional(),
  /**
   * The source's raw Chromaprint fingerprint (music only): base64 of its 32-bit sub-fingerprints,
   * little-endian (core/fingerprint/codec.ts). Absent when fpcalc could not make one.
   */
  fingerprint: z.base64().max(MAX_FINGERPRINT_BASE64).optional(),
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
const ladderRoot = (contentHash: string) => `hls/${contentHash}`;
/** A file of the ladder by its path inside it (`master.m3u8`, `128k/index.m3u8`, `128k/segment-1.m4s`). */
const inLadder = (contentHash: string, path: string) => `${ladderRoot(contentHash)}/${path}`;

export const mediaKeys = {
  source: (uploadId: string) => `uploads/${uploadId}/source`,
  ladderRoot,
  inLadder,
  master: (contentHash: string) => inLadder(contentHash, 'master.m3u8'),
  /** Written last: its presence means the whole ladder is in place. */
  meta: (contentHash: string) => inLadder(contentHash, 'meta.json'),
};
