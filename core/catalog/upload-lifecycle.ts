import type { UploadStatus } from '../db/catalog-schema.ts';

/**
 * The life of an upload and of the track it creates. The api worker drives the
 * first step, the transcode-queue worker the rest; both go through
 * `upload-transitions.ts`, which guards every step with these rules in SQL.
 *
 *   upload:  created ──complete──▶ uploaded ──job picked up──▶ transcoding ──▶ ready
 *                                   ▲   ▲                        │  ▲    │
 *                                   │   │          transient err └──┘    ├──▶ failed (permanent error)
 *                                   │   │                                 └──▶ held ──admin release──▶ ready
 *                                   │   └── requeue ── delayed ◀── dead letter ──┘
 *                                   │                     │ requeues used up, or source gone
 *                                   └── admin requeue ── failed
 *   track:   processing ─────────────────────────────────────────────▶ ready | failed
 *
 * "delayed" is `uploaded` with no job queued and `retry_at` set. A dead letter
 * means the transcoder stayed unreachable (or kept answering 5xx) through every
 * retry: a transient cause, since a permanent one fails at once. The source
 * stays in R2, so the upload waits for a requeue (core/catalog/upload-requeue.ts)
 * instead of failing. `ready`, `held` and `failed` are final for the queue; only an
 * admin's requeue reopens a failed upload, and only an admin's release a held one
 * (audio that matched another artist's track by acoustic fingerprint,
 * core/catalog/recording-check.ts). The track moves with its upload, except that
 * a held upload's track stays processing.
 */
export const FINAL_UPLOAD_STATUSES = ['ready', 'held', 'failed'] as const satisfies readonly UploadStatus[];

/** Parts may be (re)written only before the upload is completed. */
export const PART_WRITABLE_STATUSES = ['created'] as const satisfies readonly UploadStatus[];

/** States a transcode job may start (or, after a transient failure, restart) from. */
export const TRANSCODABLE_STATUSES = ['uploaded', 'transcoding'] as const satisfies readonly UploadStatus[];

/** States that a dead-lettered job, or a permanent transcoder error, may end as `failed`. */
export const FAILABLE_STATUSES = ['created', 'uploaded', 'transcoding'] as const satisfies readonly UploadStatus[];

export const isFinal = (status: UploadStatus): boolean => (FINAL_UPLOAD_STATUSES as readonly UploadStatus[]).includes(status);

/** Shown to the artist while a dead-lettered upload waits for its requeue. */
export const TRANSCODE_DELAYED_MESSAGE =
  'Transcoding is delayed: the transcoder was unavailable. Your file is kept and will be transcoded automatically; there is no need to upload it again.';

/** Shown when the automatic requeues are used up; the source is still stored. */
export const REQUEUES_EXHAUSTED_MESSAGE =
  'Transcoding kept failing although the file was retried several times. Your file is kept; support can retry it, so there is no need to upload it again.';

/** Shown when a dead-lettered upload's source is no longer stored, the one case where uploading again is the answer. */
export const SOURCE_MISSING_MESSAGE = 'Transcoding failed and the uploaded file is no longer stored; please upload it again.';

/** Waits before the 1st, 2nd and 3rd requeue of a dead-lettered upload; after the last one it fails. */
export const REQUEUE_DELAYS_MS = [5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;
export const MAX_REQUEUES = REQUEUE_DELAYS_MS.length;

/** When an upload requeued `requeues` times so far is due for the next one. */
export const nextRequeueAt = (requeues: number, now = Date.now()): number => now + REQUEUE_DELAYS_MS[Math.min(requeues, MAX_REQUEUES - 1)]!;
