import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { TRANSCODE_DELAYED_MESSAGE, REQUEUES_EXHAUSTED_MESSAGE } from '#core/catalog/upload-lifecycle.ts';
import { loadUpload, markDelayed, markFailed, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { adminSession } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

/** An artist's one-part upload, completed (its job sent; no consumer runs in this project). */
async function completedUpload() {
  const artist = (await registerUser('artist')).access_token;
  const upload = await body(
    await api('/api/v1/uploads', { method: 'POST', token: artist, json: { title: 'Requeued', size_bytes: 1000, content_type: 'audio/flac' } }),
  );
  const part = new Uint8Array(1000).fill(3);
  expect((await api(`/api/v1/uploads/${upload.id}/parts/1`, { method: 'PUT', token: artist, body: part, headers: { 'Content-Length': '1000' } })).status).toBe(
    200,
  );
  expect((await api(`/api/v1/uploads/${upload.id}/complete`, { method: 'POST', token: artist })).status).toBe(202);
  return { artist, uploadId: upload.id as string, trackId: upload.track_id as string, d1: uploadShardDb(env, upload.id) };
}

const requeue = async (uploadId: string, token?: string) =>
  api(`/api/v1/admin/uploads/${uploadId}/requeue`, { method: 'POST', token: token ?? (await adminSession()) });

describe('admin requeue of an upload', () => {
  it('sends a failed upload to transcoding again from its stored source, once', async () => {
    const { artist, uploadId, d1 } = await completedUpload();
    await markFailed(d1, uploadId, REQUEUES_EXHAUSTED_MESSAGE);
    expect(await body(await api(`/api/v1/uploads/${uploadId}`, { token: artist }))).toMatchObject({ status: 'failed', error: REQUEUES_EXHAUSTED_MESSAGE });
    // Completing it again does not send the artist off to upload it anew.
    const completeAgain = await body(await api(`/api/v1/uploads/${uploadId}/complete`, { method: 'POST', token: artist }));
    expect(completeAgain.error).toMatchObject({ status: 409, code: 'upload_failed' });
    expect(completeAgain.error.message).not.toMatch(/start a new upload/);

    const res = await requeue(uploadId);
    expect(res.status).toBe(202);
    expect(await body(res)).toEqual({ status: 'uploaded' });
    expect(await body(await api(`/api/v1/uploads/${uploadId}`, { token: artist }))).toEqual(expect.objectContaining({ status: 'uploaded' }));
    const row = await loadUpload(d1, uploadId);
    expect(row).toMatchObject({ status: 'uploaded', error: null, retryAt: null });
    expect(row!.queuedAt).toEqual(expect.any(Number));
    const track = await d1.prepare('SELECT status FROM tracks WHERE id = ?').bind(row!.trackId).first<{ status: string }>();
    expect(track?.status).toBe('processing');

    // The job is queued now: a second requeue sends nothing more.
    const again = await requeue(uploadId);
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('upload_not_requeueable');
  });

  it('tells the artist a delayed upload is waiting, and lets an admin requeue it at once', async () => {
    const { artist, uploadId, d1 } = await completedUpload();
    expect(await markDelayed(d1, uploadId, Date.now() + 60_000, TRANSCODE_DELAYED_MESSAGE)).toBe(true);
    expect(await body(await api(`/api/v1/uploads/${uploadId}`, { token: artist }))).toMatchObject({ status: 'uploaded', error: TRANSCODE_DELAYED_MESSAGE });
    expect((await requeue(uploadId)).status).toBe(202);
    expect((await loadUpload(d1, uploadId))!.retryAt).toBeNull();
  });

  it('refuses a source that is gone, an upload with its job queued, unknown ids and non-admins', async () => {
    const { artist, uploadId, d1 } = await completedUpload();
    expect((await body(await requeue(uploadId))).error.code).toBe('upload_not_requeueable');
    expect((await requeue(uploadId, artist)).status).toBe(403);
    expect((await requeue('upl1_doesnotexist0000')).status).toBe(404);

    await markFailed(d1, uploadId, REQUEUES_EXHAUSTED_MESSAGE);
    await env.MEDIA.delete(mediaKeys.source(uploadId));
    const gone = await requeue(uploadId);
    expect(gone.status).toBe(409);
    expect((await body(gone)).error.code).toBe('source_missing');
    expect((await loadUpload(d1, uploadId))!.status).toBe('failed');
  });
});
