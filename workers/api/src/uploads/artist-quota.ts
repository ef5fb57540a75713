import { and, count, eq, gt, inArray, sum } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { uploads, type UploadStatus } from '#core/db/catalog-schema.ts';
import { TooManyRequests } from '#core/errors.ts';

/** Period of the UPLOAD_LIMITER binding (wrangler.toml). */
const RATE_PERIOD_SECONDS = 60;
/** How soon to try again when over quota: uploads finish within minutes. */
const QUOTA_RETRY_SECONDS = 60;
/** An upload left unfinished this long stops counting (R2 keeps its parts a week, but the artist should not be blocked for that long). */
const UNFINISHED_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Must match the partial index `uploads_artist_unfinished` (migration 0005). */
const UNFINISHED_STATUSES = ['created', 'uploaded', 'transcoding'] as const satisfies readonly UploadStatus[];

/**
 * What one artist may start: at most UPLOAD_LIMITER's rate of new uploads, and
 * at most MAX_UNFINISHED_UPLOADS_PER_ARTIST uploads and
 * MAX_UPLOAD_BYTES_IN_FLIGHT_PER_ARTIST declared bytes not yet ready or failed.
 * Over either: 429 with Retry-After. The limiter goes first, so a flood is
 * refused before the count is read. Two requests racing past the count can overshoot it by the few
 * the rate allows; the quota bounds storage and work, not an exact number.
 */
export async function assertUploadAllowed(env: Env, d1: D1Database, artistId: string, sizeBytes: number): Promise<void> {
  if (!(await env.UPLOAD_LIMITER.limit({ key: `upload:${artistId}` })).success) {
    throw new TooManyRequests('Too many uploads started in the last minute; wait a minute and try again.', RATE_PERIOD_SECONDS, 'upload_rate_limited');
  }
  const maxUploads = Number(env.MAX_UNFINISHED_UPLOADS_PER_ARTIST);
  const maxBytes = Number(env.MAX_UPLOAD_BYTES_IN_FLIGHT_PER_ARTIST);
  const unfinished = await drizzle(d1)
    .select({ uploads: count(), bytes: sum(uploads.sizeBytes).mapWith(Number) })
    .from(uploads)
    .where(and(eq(uploads.artistId, artistId), inArray(uploads.status, UNFINISHED_STATUSES), gt(uploads.updatedAt, Date.now() - UNFINISHED_WINDOW_MS)))
    .get();
  const inFlight = { uploads: unfinished?.uploads ?? 0, bytes: unfinished?.bytes ?? 0 };
  if (inFlight.uploads >= maxUploads) {
    throw new TooManyRequests(
      `You have ${inFlight.uploads} uploads still being sent or transcoded (at most ${maxUploads}); start more when some are ready.`,
      QUOTA_RETRY_SECONDS,
      'upload_quota_exceeded',
    );
  }
  if (inFlight.bytes + sizeBytes > maxBytes) {
    throw new TooManyRequests(
      `Your unfinished uploads hold ${inFlight.bytes} bytes; with this one (${sizeBytes}) that passes the ${maxBytes} bytes one artist may have in flight. Start it when some are ready.`,
      QUOTA_RETRY_SECONDS,
      'upload_quota_exceeded',
    );
  }
}
