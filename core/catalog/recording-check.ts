import type { RawFingerprint } from '../fingerprint/codec.ts';
import { log } from '../log.ts';
import type { ShardEnv } from '../shards.ts';
import { findRecordings, indexFingerprint, type Recording, storeFingerprint } from './fingerprint-index.ts';
import { type FanoutQueueEnv, releaseAfterReady } from './releases.ts';
import { markHeld, markReady, type TranscodedAudio, type UploadRow } from './upload-transitions.ts';
import type { UploadStatus } from '../db/catalog-schema.ts';

type CatalogEnv = ShardEnv & FanoutQueueEnv;

export type Settled = { outcome: 'ready'; sameRecordingAs: string | null } | { outcome: 'held'; match: Recording } | { outcome: 'moved_on' };

/**
 * What a transcoded upload becomes. A track whose audio matches (by acoustic
 * fingerprint) a ready track of another artist is held, naming that track, for
 * an admin to release; one matching its own artist's track is the same recording
 * again, ready and linked to it; anything else is ready.
 */
export async function settleTranscoded(
  env: CatalogEnv,
  d1: D1Database,
  upload: UploadRow,
  audio: TranscodedAudio,
  fingerprint: RawFingerprint | null,
): Promise<Settled> {
  if (!upload.trackId || !fingerprint) return makeReady(env, d1, upload, audio, null, { from: ['transcoding'], worker: 'transcode-queue' });
  const matches = await findRecordings(env, fingerprint, upload.trackId);
  const own = matches.find((m) => m.artistId === upload.artistId);
  const other = matches[0];
  if (!own && other) {
    await storeFingerprint(env, upload.trackId, fingerprint);
    const held = await markHeld(d1, upload.id, audio, heldMessage(other));
    log('info', 'upload_held', {
      worker: 'transcode-queue',
      upload_id: upload.id,
      matched_track_id: other.trackId,
      bit_error_rate: round(other.alignment.bitErrorRate),
    });
    return held ? { outcome: 'held', match: other } : { outcome: 'moved_on' };
  }
  return makeReady(env, d1, upload, audio, fingerprint, { from: ['transcoding'], sameRecordingAs: own?.trackId ?? null, worker: 'transcode-queue' });
}

/**
 * The one way an upload becomes ready, after its transcode or an admin's
 * release: its fingerprint becomes findable, the track playable (and with it
 * searchable), and its album released if it is due (the fan-out).
 */
export async function makeReady(
  env: CatalogEnv,
  d1: D1Database,
  upload: UploadRow,
  audio: TranscodedAudio,
  fingerprint: RawFingerprint | null,
  options: { from: readonly UploadStatus[]; sameRecordingAs?: string | null; worker: string },
): Promise<Settled> {
  // Indexed first: should the move below not happen, lookups skip a track that is not ready.
  if (upload.trackId && fingerprint) await indexFingerprint(env, upload.trackId, fingerprint);
  const moved = await markReady(d1, upload.id, audio, { from: options.from, sameRecordingAs: options.sameRecordingAs ?? null });
  if (!moved) return { outcome: 'moved_on' };
  if (upload.trackId) await releaseAfterReady(env, d1, upload.trackId, options.worker);
  return { outcome: 'ready', sameRecordingAs: options.sameRecordingAs ?? null };
}

/** What the artist (and the admin) read on a held upload. */
export function heldMessage(match: Recording): string {
  return `Held for review: this audio matches "${match.title}" by ${match.artistName} (track ${match.trackId}), already in the catalog under another artist. An admin can release it.`;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
