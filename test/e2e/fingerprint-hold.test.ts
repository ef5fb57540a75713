import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { ApiError, client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';

// The whole platform with the real transcoder (ffmpeg and fpcalc): an upload whose
// audio is another artist's track, re-encoded and shifted in time, is held until an
// admin releases it; the same artist's re-encode is linked; a different tune passes.
const run = promisify(execFile);
let platform: Awaited<ReturnType<typeof startPlatform>>;
let api: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let artistA: ReturnType<typeof client>;
let artistB: ReturnType<typeof client>;
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-fingerprint-'));
const SECONDS = 30;

beforeAll(async () => {
  platform = await startPlatform({ transcoder: true });
  api = client(platform.origin);
  const stamp = Date.now();
  admin = api.withToken((await api.register('admin@encore.local', 'e2e admin password', 'Admin', 'listener')).access_token);
  artistA = api.withToken((await api.register(`fp-a-${stamp}@example.com`, 'e2e password', 'Aurora Lanes', 'artist')).access_token);
  artistB = api.withToken((await api.register(`fp-b-${stamp}@example.com`, 'e2e password', 'Borrowed Echoes', 'artist')).access_token);
});

afterAll(async () => {
  if (!platform) return;
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/e2e-fingerprint-hold.log', platform.logs());
  await platform.stop();
});

async function upload(artist: ReturnType<typeof client>, file: string, title: string, contentType: string) {
  const created = await artist.uploadFile(file, { title }, contentType);
  return { created, done: await artist.waitForUpload(created.id) };
}

const ffmpeg = (...args: string[]) => run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
const searchTitles = async (q: string) =>
  ((await admin.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}&type=track`)).tracks.items as { id: string }[]).map((t) => t.id);

describe('acoustic fingerprints: held, released, linked', () => {
  let original: string;
  let originalTrack: string;

  it("holds another artist's re-encode (MP3 128k, 2 s of silence added) naming the match, until an admin releases it", async () => {
    original = await generateTrack(path.join(workdir, 'original.wav'), { seconds: SECONDS, seed: 'Harbour Lights by Aurora Lanes' });
    const first = await upload(artistA, original, 'Harbour Lights', 'audio/wav');
    expect(first.done).toMatchObject({ status: 'ready' });
    originalTrack = first.created.track_id;

    const copy = path.join(workdir, 'copy.mp3');
    await ffmpeg('-i', original, '-af', 'adelay=2000:all=1', '-b:a', '128k', copy);
    const held = await upload(artistB, copy, 'Quayside Glow', 'audio/mpeg');
    expect(held.done.status).toBe('held');
    expect(held.done.error).toContain('"Harbour Lights" by Aurora Lanes');
    expect(held.done.error).toContain(originalTrack);
    // Not playable, not searchable while held.
    expect(await artistB.track(held.created.track_id)).toMatchObject({ status: 'processing', stream: null });
    // Another query than the one after the release: a search's answer is edge-cached for 30 s.
    expect(await searchTitles('Quayside')).not.toContain(held.created.track_id);

    const release = (who: ReturnType<typeof client>, id: string) => who.call('POST', `/api/v1/uploads/${id}/release`).catch((e: unknown) => e);
    const byArtist = await release(artistB, held.created.id);
    expect(byArtist).toBeInstanceOf(ApiError);
    expect((byArtist as ApiError).status).toBe(403);
    expect(((await release(admin, 'upl1_doesnotexist0000')) as ApiError).status).toBe(404);
    expect(await release(admin, held.created.id)).toEqual({ status: 'ready' });
    expect(await artistB.call('GET', `/api/v1/uploads/${held.created.id}`)).toMatchObject({ status: 'ready' });
    const released = await artistB.track(held.created.track_id);
    expect(released.status).toBe('ready');
    expect(released.stream?.hls_url).toBeTruthy();
    expect(released.same_recording_as).toBeUndefined();
    expect(await searchTitles('Quayside Glow')).toContain(held.created.track_id);
    const again = (await release(admin, held.created.id)) as ApiError;
    expect(again.status).toBe(409);
    expect((again.body as { error: { code: string } }).error.code).toBe('upload_not_held');
  });

  it("links the same artist's re-encode (AAC 96k, first 1.5 s cut) to the recording it repeats, and keeps it ready", async () => {
    const own = path.join(workdir, 'own.m4a');
    await ffmpeg('-ss', '1.5', '-i', original, '-c:a', 'aac', '-b:a', '96k', own);
    const again = await upload(artistA, own, 'Harbour Lights (single edit)', 'audio/mp4');
    expect(again.done).toMatchObject({ status: 'ready' });
    expect(await artistA.track(again.created.track_id)).toMatchObject({ status: 'ready', same_recording_as: originalTrack });
  });

  it('lets a genuinely different tune by the other artist through', async () => {
    const different = await generateTrack(path.join(workdir, 'different.flac'), { seconds: SECONDS, seed: 'Paper Boats by Borrowed Echoes' });
    const done = await upload(artistB, different, 'Paper Boats', 'audio/flac');
    expect(done.done).toMatchObject({ status: 'ready' });
    expect((await artistB.track(done.created.track_id)).same_recording_as).toBeUndefined();
  });
});
