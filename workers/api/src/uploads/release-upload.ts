import { loadFingerprint } from '#core/catalog/fingerprint-index.ts';
import { makeReady } from '#core/catalog/recording-check.ts';
import { heldAudioOf, loadUpload, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { Conflict, NotFound } from '#core/errors.ts';

/**
 * An admin lets a held upload (its audio matched another artist's track) through:
 * it becomes ready the way a transcode makes it ready, from the audio it was
 * held with, with no new transcode.
 */
export async function releaseUpload(env: Env, uploadId: string): Promise<{ status: 'ready' }> {
  const d1 = uploadShardDb(env, uploadId);
  const upload = await loadUpload(d1, uploadId);
  if (!upload) throw new NotFound(`No upload with id ${JSON.stringify(uploadId)}.`, 'upload_not_found');
  const audio = heldAudioOf(upload);
  if (upload.status !== 'held' || !audio) throw notHeld(upload.status);
  const fingerprint = upload.trackId ? await loadFingerprint(env, upload.trackId) : null;
  const settled = await makeReady(env, d1, upload, audio, fingerprint, { from: ['held'], worker: 'api' });
  // Another release won the race.
  if (settled.outcome !== 'ready') throw notHeld('no longer held');
  return { status: 'ready' };
}

const notHeld = (status: string) => new Conflict(`This upload is ${status}; only a held upload can be released.`, 'upload_not_held');
