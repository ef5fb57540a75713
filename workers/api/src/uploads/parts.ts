import { uploadParts } from '#core/db/catalog-schema.ts';
import { drizzle } from 'drizzle-orm/d1';
import type { UploadRow } from '#core/catalog/upload-transitions.ts';
import { PART_WRITABLE_STATUSES } from '#core/catalog/upload-lifecycle.ts';
import { Conflict, PayloadTooLarge, Unprocessable } from '#core/errors.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { findUpload } from './access.ts';

/** Every part is `part_size` bytes except the last, which holds the remainder. */
export function expectedPartSize(upload: Pick<UploadRow, 'sizeBytes' | 'partSize' | 'partCount'>, partNumber: number): number {
  return partNumber < upload.partCount ? upload.partSize : upload.sizeBytes - upload.partSize * (upload.partCount - 1);
}

/**
 * Streams one part's bytes straight into the R2 multipart upload (never
 * buffered here) and records its etag. Sending a part again replaces it.
 */
export async function putPart(env: Env, user: AuthUser, uploadId: string, rawPartNumber: string, request: Request): Promise<{ part: number; etag: string }> {
  const { d1, upload } = await findUpload(env, user, uploadId, 'owner');
  if (!(PART_WRITABLE_STATUSES as readonly string[]).includes(upload.status)) {
    throw new Conflict(`This upload is already ${upload.status}; parts can only be sent before it is completed.`, 'upload_not_open');
  }
  const partNumber = /^\d{1,5}$/.test(rawPartNumber) ? Number(rawPartNumber) : NaN;
  if (!(partNumber >= 1 && partNumber <= upload.partCount)) {
    throw new Unprocessable(
      `Part number must be between 1 and ${upload.partCount} for this upload; got ${JSON.stringify(rawPartNumber)}.`,
      'invalid_part_number',
    );
  }
  const expected = expectedPartSize(upload, partNumber);
  const declared = request.headers.get('Content-Length');
  if (declared === null || !/^\d+$/.test(declared)) {
    throw new Unprocessable(`A Content-Length header is required; part ${partNumber} must be exactly ${expected} bytes.`, 'content_length_required');
  }
  const length = Number(declared);
  if (length > expected) throw new PayloadTooLarge(`Part ${partNumber} must be exactly ${expected} bytes; this one is ${length}.`, 'part_too_large');
  if (length < expected || !request.body) {
    throw new Unprocessable(`Part ${partNumber} must be exactly ${expected} bytes; this one is ${length}.`, 'wrong_part_size');
  }

  const multipart = env.MEDIA.resumeMultipartUpload(mediaKeys.source(uploadId), upload.multipartId);
  // The fixed-length stream gives R2 the length it needs and fails if the body is not what the header promised.
  const uploaded = await multipart.uploadPart(partNumber, request.body.pipeThrough(new FixedLengthStream(expected)));
  await drizzle(d1)
    .insert(uploadParts)
    .values({ uploadId, partNumber, etag: uploaded.etag, sizeBytes: expected })
    .onConflictDoUpdate({ target: [uploadParts.uploadId, uploadParts.partNumber], set: { etag: uploaded.etag, sizeBytes: expected } });
  return { part: partNumber, etag: uploaded.etag };
}
