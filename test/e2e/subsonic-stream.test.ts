import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SubsonicAPI } from 'subsonic-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedSeconds, generateTrack } from '../../scripts/lib/audio.mjs';
import { client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';

// A Subsonic app against the real local platform: an uploaded track, transcoded
// by the real transcoder, played through /rest/stream with ffmpeg as the player.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let subsonic: SubsonicAPI;
let trackId: string;
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-subsonic-'));
const SECONDS = 20;

beforeAll(async () => {
  platform = await startPlatform({ transcoder: true });
  const api = client(platform.origin);
  const session = await api.register(`e2e-subsonic-${Date.now()}@example.com`, 'e2e password', 'E2E Subsonic', 'artist');
  const artist = api.withToken(session.access_token);
  const file = await generateTrack(path.join(workdir, 'song.flac'), { seconds: SECONDS, root: 'D' });
  const created = await artist.uploadFile(file, { title: 'Subsonic Song', album: 'Subsonic Sessions' }, 'audio/flac');
  expect((await artist.waitForUpload(created.id)).status).toBe('ready');
  trackId = created.track_id;
  const credentials = await artist.call('POST', '/api/v1/me/subsonic-credentials');
  subsonic = new SubsonicAPI({ url: platform.origin, auth: credentials });
});

afterAll(async () => {
  if (!platform) return;
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/e2e-subsonic-stream.log', platform.logs());
  await platform.stop();
});

describe('Subsonic stream on the real platform', () => {
  it('ffmpeg decodes the progressive stream to the track length, and from timeOffset to the rest of it', async () => {
    const { song } = await subsonic.getSong({ id: trackId });
    expect(song).toMatchObject({ title: 'Subsonic Song', album: 'Subsonic Sessions', duration: SECONDS, contentType: 'audio/mp4' });

    const res = await subsonic.stream({ id: trackId });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('audio/mp4');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('Content-Length'))).toBe(body.length);
    const whole = path.join(workdir, 'whole.mp4');
    writeFileSync(whole, body);
    const seconds = await decodedSeconds(whole);
    expect(seconds).toBeGreaterThan(SECONDS - 0.2);
    expect(seconds).toBeLessThan(SECONDS + 0.3);

    // 6 s segments: an offset of 13 s starts at the third, 12 s in.
    const later = path.join(workdir, 'later.mp4');
    writeFileSync(later, new Uint8Array(await (await subsonic.stream({ id: trackId, timeOffset: 13 })).arrayBuffer()));
    const rest = await decodedSeconds(later);
    expect(rest).toBeGreaterThan(SECONDS - 12 - 0.2);
    expect(rest).toBeLessThan(SECONDS - 12 + 0.3);
  });
});
