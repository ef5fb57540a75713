import { loadUpload, uploadShardDb, type UploadRow } from '#core/catalog/upload-transitions.ts';
import { NotFound } from '#core/errors.ts';
import type { AuthUser } from '../auth/tokens.ts';

export interface FoundUpload {
  d1: D1Database;
  upload: UploadRow;
}

/**
 * The upload, if this user may act on it: its artist may, and an admin may look.
 * Anyone else gets the same 404 as for a missing upload, so ids cannot be probed.
 */
export async function findUpload(env: Env, user: AuthUser, uploadId: string, access: 'owner' | 'owner_or_admin'): Promise<FoundUpload> {
  const d1 = uploadShardDb(env, uploadId);
  const upload = await loadUpload(d1, uploadId);
  const isOwner = upload !== null && user.artistId !== null && upload.artistId === user.artistId;
  const isAdminLooking = access === 'owner_or_admin' && user.role === 'admin';
  if (!upload || !(isOwner || isAdminLooking)) throw new NotFound(`No upload with id ${JSON.stringify(uploadId)}.`, 'upload_not_found');
  return { d1, upload };
}

export function uploadView(upload: UploadRow) {
  return {
    id: upload.id,
    ...(upload.trackId ? { track_id: upload.trackId } : { episode_id: upload.episodeId! }),
    status: upload.status,
    ...(upload.status === 'failed' ? { error: upload.error ?? 'The upload failed.' } : {}),
    // Held: the error names the other artist's track the audio matched.
    ...(upload.status === 'held' ? { error: upload.error ?? 'Held for review.' } : {}),
    // Delayed after a dead letter: still `uploaded`, with why it waits (core/catalog/upload-lifecycle.ts).
    ...(upload.status === 'uploaded' && upload.retryAt !== null && upload.error ? { error: upload.error } : {}),
  };
}
