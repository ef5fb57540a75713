import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { settleTranscoded } from '#core/catalog/recording-check.ts';
import { markTranscoding, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { randomFingerprint } from '../../../test/support/random-fingerprint.ts';

// The hold on D1 and the api: fingerprints are synthetic here (the real ones, from fpcalc on
// real audio through the transcoder, are in test/e2e/fingerprint-hold.test.ts).

/** What a lossy re-encode that lost its first `shift` items does: a slice, with 5 of 32 bits flipped. */
const reencoded = (fp: Uint32Array, shift: number) => fp.slice(shift).map((v, i) => (v ^ (0b10101 << (i % 27))) >>> 0);

let adminSession: Promise<TestSession> | undefined;
const admin = () => (adminSession ??= registerUser('listener', 'admin@encore.local'));

/** An upload of `artist`'s, completed and transcoded, settled with `fingerprint` as the queue would settle it. */
async function transcoded(artist: TestSession, title: string, fingerprint: Uint32Array | null) {
  const created = await body(
    await api('/api/v1/uploads', { method: 'POST', token: artist.access_token, json: { title, size_bytes: 10, content_type: 'audio/flac' } }),
  );
  const part = await api(`/api/v1/uploads/${created.id}/parts/1`, {
    method: 'PUT',
    token: artist.access_token,
    body: new Uint8Array(10),
    headers: { 'Content-Length': '10' },
  });
  expect(part.status).toBe(200);
  expect((await api(`/api/v1/uploads/${created.id}/complete`, { method: 'POST', token: artist.access_token })).status).toBe(202);
  const db = uploadShardDb(env, created.id);
  const row = await markTranscoding(db, created.id);
  const audio = { contentHash: 'c'.repeat(64), durationMs: 50_000, loudnessLufs: -14 };
  const settled = await settleTranscoded(env, db, row!, audio, fingerprint);
  return { uploadId: created.id as string, trackId: created.track_id as string, settled };
}

const uploadOf = async (token: string, id: string) => body(await api(`/api/v1/uploads/${id}`, { token }));
const trackOf = async (id: string) => body(await api(`/api/v1/tracks/${id}`));
const release = (token: string, id: string) => api(`/api/v1/uploads/${id}/release`, { method: 'POST', token });

describe('uploads held by acoustic fingerprint', () => {
  it("holds another artist's copy naming the match; an admin's release makes it ready; the same artist's copy is linked", async () => {
    const a = await registerUser('artist');
    const b = await registerUser('artist');
    const original = randomFingerprint(400, 11);
    const first = await transcoded(a, 'Harbour Lights', original);
    expect(first.settled).toEqual({ outcome: 'ready', sameRecordingAs: null });

    const copy = await transcoded(b, 'Quayside Glow', reencoded(original, 16));
    expect(copy.settled.outcome).toBe('held');
    const held = await uploadOf(b.access_token, copy.uploadId);
    expect(held.status).toBe('held');
    expect(held.error).toContain(`"Harbour Lights" by ${a.user.display_name}`);
    expect(held.error).toContain(first.trackId);
    expect(await trackOf(copy.trackId)).toMatchObject({ status: 'processing', stream: null });

    expect((await release(b.access_token, copy.uploadId)).status).toBe(403);
    const { access_token: adminToken } = await admin();
    const unknown = await release(adminToken, 'upl1_doesnotexist0000');
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).error.code).toBe('upload_not_found');
    const notHeld = await release(adminToken, first.uploadId);
    expect(notHeld.status).toBe(409);
    expect((await body(notHeld)).error.code).toBe('upload_not_held');

    const released = await release(adminToken, copy.uploadId);
    expect(released.status).toBe(200);
    expect(await body(released)).toEqual({ status: 'ready' });
    expect(await uploadOf(b.access_token, copy.uploadId)).toEqual({ id: copy.uploadId, track_id: copy.trackId, status: 'ready' });
    const track = await trackOf(copy.trackId);
    expect(track).toMatchObject({ status: 'ready', duration_ms: 50_000, loudness_lufs: -14 });
    expect(track.stream.hls_url).toContain('c'.repeat(64));
    expect(track).not.toHaveProperty('same_recording_as');
    expect((await release(adminToken, copy.uploadId)).status).toBe(409);

    // The same artist again: ready, linked to the recording it repeats.
    const own = await transcoded(a, 'Harbour Lights (edit)', reencoded(original, 8));
    expect(own.settled).toEqual({ outcome: 'ready', sameRecordingAs: first.trackId });
    expect(await trackOf(own.trackId)).toMatchObject({ status: 'ready', same_recording_as: first.trackId });
  });

  it('lets different audio through, and audio with no features (silence, a steady tone), and an upload without a fingerprint', async () => {
    const a = await registerUser('artist');
    const b = await registerUser('artist');
    const tone = new Uint32Array(400).fill(558758263);
    expect((await transcoded(a, 'Drone', tone)).settled.outcome).toBe('ready');
    expect((await transcoded(a, 'Song', randomFingerprint(400, 21))).settled.outcome).toBe('ready');
    expect((await transcoded(b, 'Other drone', tone)).settled).toEqual({ outcome: 'ready', sameRecordingAs: null });
    expect((await transcoded(b, 'Other song', randomFingerprint(400, 22))).settled).toEqual({ outcome: 'ready', sameRecordingAs: null });
    expect((await transcoded(b, 'Unfingerprinted', null)).settled).toEqual({ outcome: 'ready', sameRecordingAs: null });
  });
});
