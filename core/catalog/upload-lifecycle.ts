import type { UploadStatus } from '../db/catalog-schema.ts';

/**
 * The life of an upload and of the track it creates. The api worker drives the
 * first step, the transcode-queue worker the rest; both go through
 * `upload-transitions.ts`, which guards every step with these rules in SQL.
 *
 *   upload:  created ──complete──▶ uploaded ──job picked up──▶ transcoding ──▶ ready
 *                                     │                          │  ▲    │
 *                                     │            transient err └──┘    └──▶ failed (permanent error)
 *                                     └──────────── dead letter ─────────────▶ failed
 *   track:   processing ─────────────────────────────────────────────▶ ready | failed
 *
 * `ready` and `failed` are final. The track moves only together with its upload.
 */
export const FINAL_UPLOAD_STATUSES = ['ready', 'failed'] as const satisfies readonly UploadStatus[];

/** Parts may be (re)written only before the upload is completed. */
export const PART_WRITABLE_STATUSES = ['created'] as const satisfies readonly UploadStatus[];

/** States a transcode job may start (or, after a transient failure, restart) from. */
export const TRANSCODABLE_STATUSES = ['uploaded', 'transcoding'] as const satisfies readonly UploadStatus[];

/** States that a dead-lettered job, or a permanent transcoder error, may end as `failed`. */
export const FAILABLE_STATUSES = ['created', 'uploaded', 'transcoding'] as const satisfies readonly UploadStatus[];

export const isFinal = (status: UploadStatus): boolean => (FINAL_UPLOAD_STATUSES as readonly UploadStatus[]).includes(status);

/** Shown to the artist when the queue gave up on a job after its last retry. */
export const DEAD_LETTER_MESSAGE = 'Transcoding kept failing; please try uploading again.';
