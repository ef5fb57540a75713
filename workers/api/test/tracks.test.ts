import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { markFailed, markReady, markTranscoding, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { signingKeysFrom, verifySignedUrl } from '#core/signing.ts';
import { api, BASE, body, registerUser } from './helpers.ts';

const AUDIO_HASH = 'a'.repeat(64);

async function newUpload(fields: Record<string, unknown> = {}) {
  const artist = await registerUser('artist');
  const res = await api('/api/v1/uploads', {
    method: 'POST',
    token: artist.access_token,
    json: { title: 'Tidal', size_bytes: 10, content_type: 'audio/mpeg', ...fields },
  });
  expect(res.status).toBe(201);
  const me = await body(await api('/api/v1/me', { token: artist.access_token }));
  return { artist, artistId: me.artist_id as string, upload: await body(res) };
}

async function sendAndComplete(token: string, uploadId: string) {
  const data = new Uint8Array(10).fill(7);
  const part = await api(`/api/v1/uploads/${uploadId}/parts/1`, { method: 'PUT', token, body: data, headers: { 'Content-Length': '10' } });
  expect(part.status).toBe(200);
  expect((await api(`/api/v1/uploads/${uploadId}/complete`, { method: 'POST', token })).status).toBe(202);
}

describe('tracks', () => {
  it('shows a processing track without a stream, then a signed master playlist once ready', async () => {
    const { artist, artistId, upload } = await newUpload({ album: 'Moon Water', track_number: 4, explicit: true });

    const before = await api(`/api/v1/tracks/${upload.track_id}`);
    expect(before.status).toBe(200);
    const processing = await body(before);
    expect(processing).toMatchObject({
      id: upload.track_id,
      title: 'Tidal',
      duration_ms: null,
      artists: [{ id: artistId, name: artist.user.display_name }],
      album: { id: expect.stringMatching(/^alb_v\d{4}_/), name: 'Moon Water' },
      status: 'processing',
      explicit: true,
      track_number: 4,
      uri: `encore:track:${upload.track_id}`,
      stream: null,
    });
    expect(processing).not.toHaveProperty('loudness_lufs');

    const db = uploadShardDb(env, upload.id);
    expect(await markTranscoding(db, upload.id)).toBeNull(); // not completed yet
    await sendAndComplete(artist.access_token, upload.id);
    expect(await markReady(db, upload.id, { contentHash: AUDIO_HASH, durationMs: 1, loudnessLufs: -1 })).toBe(false); // not transcoding yet
    expect((await markTranscoding(db, upload.id))?.attempts).toBe(1);
    expect(await markReady(db, upload.id, { contentHash: AUDIO_HASH, durationMs: 183_400, loudnessLufs: -13.2 })).toBe(true);
    expect(await markFailed(db, upload.id, 'too late')).toBe(false); // ready is final

    const res = await api(`/api/v1/tracks/${upload.track_id}`);
    const ready = await body(res);
    expect(ready).toMatchObject({ status: 'ready', duration_ms: 183_400, loudness_lufs: -13.2 });
    const url = new URL(ready.stream.hls_url, BASE);
    expect(url.pathname).toBe(`/media/hls/${AUDIO_HASH}/master.m3u8`);
    const playback = { maxLifetimeSeconds: Number(env.STREAM_URL_TTL_SECONDS) };
    expect(await verifySignedUrl(url, signingKeysFrom(env), playback)).toEqual({ ok: true, scope: null });
    const expiresAt = Date.parse(ready.stream.expires_at) / 1000;
    expect(Number(url.searchParams.get('exp'))).toBe(expiresAt);
    expect(expiresAt - Date.now() / 1000).toBeGreaterThan(Number(env.STREAM_URL_TTL_SECONDS) - 60);
    url.searchParams.set('exp', String(expiresAt + 3600));
    expect((await verifySignedUrl(url, signingKeysFrom(env), playback)).ok).toBe(false);

    const status = await body(await api(`/api/v1/uploads/${upload.id}`, { token: artist.access_token }));
    expect(status).toEqual({ id: upload.id, track_id: upload.track_id, status: 'ready' });
  });

  it('puts uploads naming the same album on one album, and a track without one has album null', async () => {
    const first = await newUpload({ album: 'Shared' });
    const token = first.artist.access_token;
    const second = await body(
      await api('/api/v1/uploads', { method: 'POST', token, json: { title: 'B', size_bytes: 10, content_type: 'audio/wav', album: 'Shared' } }),
    );
    const single = await body(await api('/api/v1/uploads', { method: 'POST', token, json: { title: 'C', size_bytes: 10, content_type: 'audio/wav' } }));
    const a = await body(await api(`/api/v1/tracks/${first.upload.track_id}`));
    const b = await body(await api(`/api/v1/tracks/${second.track_id}`));
    expect(b.album).toEqual(a.album);
    expect((await body(await api(`/api/v1/tracks/${single.track_id}`))).album).toBeNull();
  });

  it('reports a failed track and its upload error readably', async () => {
    const { artist, upload } = await newUpload();
    const db = uploadShardDb(env, upload.id);
    expect(await markFailed(db, upload.id, 'This file is not audio we can read.')).toBe(true);
    expect((await body(await api(`/api/v1/tracks/${upload.track_id}`))).status).toBe('failed');
    const status = await body(await api(`/api/v1/uploads/${upload.id}`, { token: artist.access_token }));
    expect(status).toEqual({ id: upload.id, track_id: upload.track_id, status: 'failed', error: 'This file is not audio we can read.' });
    const again = await api(`/api/v1/uploads/${upload.id}/complete`, { method: 'POST', token: artist.access_token });
    expect(again.status).toBe(409);
  });

  it('answers 404 track_not_found for unknown and malformed ids', async () => {
    for (const id of ['trk0_doesnotexist0000', 'trk99_x', 'nonsense', 'upl0_abc']) {
      const res = await api(`/api/v1/tracks/${id}`);
      expect(res.status).toBe(404);
      expect((await body(res)).error).toMatchObject({ status: 404, code: 'track_not_found' });
    }
  });
});
