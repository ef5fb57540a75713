import { env } from 'cloudflare:workers';
import { virtualShardOf } from '#core/ids.ts';
import { describe, expect, it } from 'vitest';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';

const MiB = 1024 * 1024;

/** Deterministic, non-repeating-looking bytes; real audio is not needed to test the upload itself. */
function bytes(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed + (i >> 13)) & 0xff;
  return out;
}

async function sha256(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function createUpload(token: string, fields: Record<string, unknown> = {}) {
  return api('/api/v1/uploads', { method: 'POST', token, json: { title: 'Night Drive', size_bytes: 1000, content_type: 'audio/flac', ...fields } });
}

function putPart(token: string, uploadId: string, n: number | string, data: Uint8Array) {
  return api(`/api/v1/uploads/${uploadId}/parts/${n}`, { method: 'PUT', token, body: data, headers: { 'Content-Length': String(data.byteLength) } });
}

const complete = (token: string, uploadId: string) => api(`/api/v1/uploads/${uploadId}/complete`, { method: 'POST', token });

async function artistIdOf(session: TestSession): Promise<string> {
  return (await body(await api('/api/v1/me', { token: session.access_token }))).artist_id;
}

describe('uploads', () => {
  it('takes a one-part file through create → part → complete, and the source lands in R2', async () => {
    const artist = await registerUser('artist');
    const token = artist.access_token;
    const data = bytes(1000);

    const created = await createUpload(token, { album: 'Coastlines', track_number: 3, explicit: true, genre: 'ambient', release_date: '2026-11-20' });
    expect(created.status).toBe(201);
    const upload = await body(created);
    expect(upload).toMatchObject({ status: 'created', part_size: 8 * MiB, part_count: 1 });
    const artistVirtualShard = virtualShardOf(await artistIdOf(artist));
    expect(virtualShardOf(upload.id)).toBe(artistVirtualShard);
    expect(virtualShardOf(upload.track_id)).toBe(artistVirtualShard);

    const part = await putPart(token, upload.id, 1, data);
    expect(part.status).toBe(200);
    const partBody = await body(part);
    expect(partBody.part).toBe(1);
    expect(partBody.etag).toEqual(expect.any(String));

    const before = await body(await api(`/api/v1/uploads/${upload.id}`, { token }));
    expect(before).toEqual({ id: upload.id, track_id: upload.track_id, status: 'created' });

    const done = await complete(token, upload.id);
    expect(done.status).toBe(202);
    expect(await body(done)).toEqual({ status: 'uploaded' });
    // The job went out right after this status change; the queue worker's tests cover consuming it.
    expect((await body(await api(`/api/v1/uploads/${upload.id}`, { token }))).status).toBe('uploaded');

    const source = await env.MEDIA.get(mediaKeys.source(upload.id));
    expect(source?.httpMetadata?.contentType).toBe('audio/flac');
    expect(await sha256(await source!.arrayBuffer())).toBe(await sha256(data));

    const again = await complete(token, upload.id);
    expect(again.status).toBe(202);
    expect((await body(await api(`/api/v1/uploads/${upload.id}`, { token }))).status).toBe('uploaded');

    const late = await putPart(token, upload.id, 1, data);
    expect(late.status).toBe(409);
    expect((await body(late)).error.code).toBe('upload_not_open');
  });

  it('splits a 12 MiB file into two parts and holds each part to its exact size', async () => {
    const { access_token: token } = await registerUser('artist');
    const data = bytes(12 * MiB, 3);
    const upload = await body(await createUpload(token, { size_bytes: data.byteLength, content_type: 'audio/wav' }));
    expect(upload).toMatchObject({ part_size: 8 * MiB, part_count: 2 });

    const tooBig = await putPart(token, upload.id, 2, bytes(4 * MiB + 1));
    expect(tooBig.status).toBe(413);
    const tooSmall = await putPart(token, upload.id, 1, bytes(4 * MiB));
    expect(tooSmall.status).toBe(422);
    expect((await body(tooSmall)).error.message).toContain(String(8 * MiB));
    expect((await putPart(token, upload.id, 3, bytes(10))).status).toBe(422);
    expect((await putPart(token, upload.id, 0, bytes(10))).status).toBe(422);
    expect((await putPart(token, upload.id, 'x', bytes(10))).status).toBe(422);

    // A part sent again replaces the earlier one.
    expect((await putPart(token, upload.id, 1, bytes(8 * MiB, 99))).status).toBe(200);
    expect((await putPart(token, upload.id, 1, data.subarray(0, 8 * MiB))).status).toBe(200);

    const early = await complete(token, upload.id);
    expect(early.status).toBe(422);
    const earlyError = (await body(early)).error;
    expect(earlyError).toMatchObject({ status: 422, code: 'parts_missing' });
    expect(earlyError.message).toContain('Parts missing: 2 ');

    expect((await putPart(token, upload.id, 2, data.subarray(8 * MiB))).status).toBe(200);
    expect((await complete(token, upload.id)).status).toBe(202);
    const source = await env.MEDIA.get(mediaKeys.source(upload.id));
    expect(source?.size).toBe(12 * MiB);
    expect(await sha256(await source!.arrayBuffer())).toBe(await sha256(data));
  });

  it('refuses bad uploads up front: too large (413), unsupported type or size (422), chunked parts (422)', async () => {
    const { access_token: token } = await registerUser('artist');
    const max = Number(env.MAX_UPLOAD_BYTES);

    const huge = await createUpload(token, { size_bytes: max + 1 });
    expect(huge.status).toBe(413);
    const hugeError = (await body(huge)).error;
    expect(hugeError).toMatchObject({ status: 413, code: 'upload_too_large' });
    expect(hugeError.message).toContain(String(max));
    expect((await createUpload(token, { size_bytes: max })).status).toBe(201);

    const video = await createUpload(token, { content_type: 'video/mp4' });
    expect(video.status).toBe(422);
    const videoError = (await body(video)).error;
    expect(videoError.code).toBe('unsupported_content_type');
    expect(videoError.message).toContain('audio/flac');
    expect(videoError.message).toContain('audio/mpeg');
    expect((await createUpload(token, { content_type: 'Audio/MPEG; layer=3' })).status).toBe(201);
    for (const content_type of ['audio/x-m4a', 'audio/ogg; codecs=opus', 'audio/aiff']) expect((await createUpload(token, { content_type })).status).toBe(201);

    for (const size_bytes of [0, -5, 1.5]) {
      const res = await createUpload(token, { size_bytes });
      expect(res.status).toBe(422);
      expect((await body(res)).error.message).toContain('size_bytes');
    }
    expect((await createUpload(token, { title: '' })).status).toBe(422);
    expect((await createUpload(token, { release_date: 'soon' })).status).toBe(422);

    const upload = await body(await createUpload(token, { size_bytes: 4 }));
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3, 4]));
        controller.close();
      },
    });
    const noLength = await api(`/api/v1/uploads/${upload.id}/parts/1`, { method: 'PUT', token, body: chunked });
    expect(noLength.status).toBe(422);
    expect((await body(noLength)).error.code).toBe('content_length_required');
  });

  it('is for artists only, and an upload is visible only to its artist (and admins)', async () => {
    const listener = await registerUser('listener');
    const forbidden = await createUpload(listener.access_token);
    expect(forbidden.status).toBe(403);
    expect((await createUpload('')).status).toBe(401);

    const owner = await registerUser('artist');
    const other = await registerUser('artist');
    const upload = await body(await createUpload(owner.access_token, { size_bytes: 4 }));

    expect((await api(`/api/v1/uploads/${upload.id}`, { token: listener.access_token })).status).toBe(403);
    for (const res of [
      await api(`/api/v1/uploads/${upload.id}`, { token: other.access_token }),
      await putPart(other.access_token, upload.id, 1, bytes(4)),
      await complete(other.access_token, upload.id),
    ]) {
      expect(res.status).toBe(404);
      expect((await body(res)).error.code).toBe('upload_not_found');
    }
    const bogus = await api('/api/v1/uploads/upl9_nothing', { token: owner.access_token });
    expect(bogus.status).toBe(404);

    const admin = await registerUser('listener', 'admin@encore.local');
    const seen = await api(`/api/v1/uploads/${upload.id}`, { token: admin.access_token });
    expect(seen.status).toBe(200);
    expect((await body(seen)).status).toBe('created');
  });

  it('refuses to complete with parts missing, naming them', async () => {
    const { access_token: token } = await registerUser('artist');
    const upload = await body(await createUpload(token, { size_bytes: 20 * MiB }));
    expect(upload.part_count).toBe(3);
    expect((await putPart(token, upload.id, 2, bytes(8 * MiB))).status).toBe(200);
    const res = await complete(token, upload.id);
    expect(res.status).toBe(422);
    expect((await body(res)).error.message).toContain('Parts missing: 1, 3 (of 3)');
    expect((await body(await api(`/api/v1/uploads/${upload.id}`, { token }))).status).toBe('created');
  });
});
