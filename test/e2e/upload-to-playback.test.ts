import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedSeconds, generateTrack } from '../../scripts/lib/audio.mjs';
import { ApiError, client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';

// The real local platform: wrangler dev running every worker (D1, R2, Queues and
// Durable Objects in miniflare), the transcoder process, and ffmpeg as the player.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let artist: ReturnType<typeof client>;
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-'));

beforeAll(async () => {
  platform = await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const session = await api.register(`e2e-${Date.now()}@example.com`, 'e2e password', 'E2E Artist', 'artist');
  // Premium, so the master lists the whole ladder (a free account's stops at 128 kb/s); the refresh carries the tier.
  const admin = api.withToken((await api.register('admin@encore.local', 'e2e admin password', 'Admin', 'listener')).access_token);
  await admin.call('PUT', `/api/v1/admin/users/${session.user.id}`, { product: 'premium' });
  artist = api.withToken((await api.call('POST', '/api/v1/auth/refresh', { refresh_token: session.refresh_token })).access_token);
});

afterAll(async () => {
  if (!platform) return;
  // Kept for whoever reads a failed CI run: everything the workers and the transcoder printed.
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/e2e-upload-to-playback.log', platform.logs());
  await platform.stop();
});

async function uploadAndWait(file: string, title: string, contentType: string) {
  const created = await artist.uploadFile(file, { title, album: 'E2E Sessions' }, contentType);
  return { created, done: await artist.waitForUpload(created.id) };
}

describe('upload → transcode → signed HLS playback', () => {
  it('plays an uploaded FLAC back through HLS with its full duration', async () => {
    const file = await generateTrack(path.join(workdir, 'song.flac'), { seconds: 20, root: 'E' });
    const { created, done } = await uploadAndWait(file, 'E2E Song', 'audio/flac');
    expect(done).toMatchObject({ status: 'ready', track_id: created.track_id });

    const track = await artist.track(created.track_id);
    expect(track).toMatchObject({ id: created.track_id, title: 'E2E Song', status: 'ready', album: { name: 'E2E Sessions' } });
    expect(track.duration_ms).toBeGreaterThan(19_800);
    expect(track.duration_ms).toBeLessThan(20_200);
    expect(track.loudness_lufs).toBeLessThan(0);

    const masterUrl = new URL(track.stream.hls_url, platform.origin).toString();
    const master = await (await fetch(masterUrl)).text();
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
    expect(variants.length).toBeGreaterThanOrEqual(3);
    for (const v of variants)
      expect(v).toMatch(/BANDWIDTH=\d+.*AVERAGE-BANDWIDTH=\d+.*CODECS="(mp4a\.40\.2|fLaC)"|AVERAGE-BANDWIDTH=\d+.*BANDWIDTH=\d+.*CODECS/);
    // A FLAC source, a premium listener: the lossless rendition is listed too.
    expect(variants.filter((v) => v.includes('CODECS="fLaC"'))).toHaveLength(1);
    // generateTrack writes 16-bit FLAC at 44.1 kHz: the rendition keeps the source's depth and rate.
    expect(track.lossless).toEqual({ bit_depth: 16, sample_rate: 44100 });

    // ffmpeg as the client: follows the master, a media playlist and every segment.
    const seconds = await decodedSeconds(masterUrl);
    expect(seconds).toBeGreaterThan(19.8);
    expect(seconds).toBeLessThan(20.3);
  });

  it('refuses a tampered or expired playlist signature with 403', async () => {
    const file = await generateTrack(path.join(workdir, 'short.wav'), { seconds: 8, root: 'C' });
    const { created } = await uploadAndWait(file, 'Short', 'audio/wav');
    const { stream } = await artist.track(created.track_id);
    const url = new URL(stream.hls_url, platform.origin);
    const tampered = new URL(url);
    tampered.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 60));
    const res = await fetch(tampered);
    expect(res.status).toBe(403);
    expect((await res.json()).error.status).toBe(403);
    const expired = new URL(url);
    expired.searchParams.set('exp', '1000');
    expect((await fetch(expired)).status).toBe(403);
  });

  it('stores identical audio once: a second upload of the same file reuses the ladder', async () => {
    const file = await generateTrack(path.join(workdir, 'twice.flac'), { seconds: 6, root: 'G' });
    const first = await uploadAndWait(file, 'Twice A', 'audio/flac');
    const second = await uploadAndWait(file, 'Twice B', 'audio/flac');
    expect(first.done.status).toBe('ready');
    expect(second.done.status).toBe('ready');
    const ladderOf = async (trackId: string) => new URL((await artist.track(trackId)).stream.hls_url, platform.origin).pathname;
    expect(await ladderOf(second.created.track_id)).toBe(await ladderOf(first.created.track_id));
  });

  it('ends a corrupt upload as failed with an error a person can read', async () => {
    const file = path.join(workdir, 'not-audio.mp3');
    writeFileSync(file, 'this is a text file pretending to be an mp3\n'.repeat(200));
    const { done } = await uploadAndWait(file, 'Broken', 'audio/mpeg');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/audio/i);
    expect(done.error).not.toMatch(/\/tmp|Error:|at .*\.ts/);
  });

  it('never turns a file on the transcoder\'s host into a track: an "MP3" that is an HLS playlist naming it fails as not audio', async () => {
    const secret = await generateTrack(path.join(workdir, 'host-only.flac'), { seconds: 6, root: 'D' });
    const file = path.join(workdir, 'playlist.mp3');
    writeFileSync(file, `#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\nfile://${secret}\n#EXT-X-ENDLIST\n`);
    const { created, done } = await uploadAndWait(file, 'Exfiltrated', 'audio/mpeg');
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^The file could not be read as audio/);
    expect(done.error).not.toContain(workdir);
    expect(await artist.track(created.track_id)).toMatchObject({ status: 'failed', stream: null });
  });

  it('keeps the ingest path off the public origin: 404 there, while the transcoder wrote its ladders through its own route', async () => {
    const hash = 'ab'.repeat(32);
    for (const url of [`${platform.origin}/media/ingest/hls/${hash}/meta.json`, `${platform.origin}/media/ingest/jobs/any.1/hls/${hash}/meta.json`]) {
      const res = await fetch(url, { method: 'PUT', body: '{}', headers: { Authorization: 'Bearer dev-only-transcoder-secret' } });
      expect(res.status, url).toBe(404);
      expect((await res.json()).error.code).toBe('route_not_found');
    }
    // The private route exists, and wants a job's token rather than the old shared secret.
    const res = await fetch(`${platform.ingestOrigin}/media/ingest/jobs/any.1/hls/${hash}/meta.json`, {
      headers: { Authorization: 'Bearer dev-only-transcoder-secret' },
    });
    expect(res.status).toBe(401);
    expect(new URL(platform.ingestOrigin!).port).not.toBe(String(platform.port));
  });

  it('rejects uploads up front with 413 and 422 in the API error shape', async () => {
    const tooBig = await artist.call('POST', '/api/v1/uploads', { title: 'x', size_bytes: 10 * 1024 ** 3, content_type: 'audio/flac' }).catch((e) => e);
    expect(tooBig).toBeInstanceOf(ApiError);
    expect(tooBig.status).toBe(413);
    const wrongType = await artist.call('POST', '/api/v1/uploads', { title: 'x', size_bytes: 1000, content_type: 'video/mp4' }).catch((e) => e);
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.code).toBeTruthy();
  });
});
