import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedSeconds } from '../../scripts/lib/audio.mjs';
import { client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { audioStreamInfo } from '../../transcoder/testing/decode-audio.ts';
import { generateSpeech } from '../../transcoder/testing/generate-audio.ts';

// The real local platform (wrangler dev, the transcoder, ffmpeg as the player), for a podcast episode:
// upload → queue → speech ladder → signed HLS through the stream worker, and its resume point.
let platform: Awaited<ReturnType<typeof startPlatform>>;
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-episode-'));
const SECONDS = 24;

beforeAll(async () => {
  platform = await startPlatform({ transcoder: true });
});

afterAll(async () => {
  if (!platform) return;
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/e2e-episode-playback.log', platform.logs());
  await platform.stop();
});

describe('a podcast episode: upload → speech ladder → signed HLS → resume', () => {
  it('plays an uploaded episode as three mono renditions and remembers where a listener stopped', async () => {
    const api = client(platform.origin);
    const stamp = Date.now();
    const artist = api.withToken((await api.register(`e2e-podcaster-${stamp}@example.com`, 'e2e password', 'E2E Podcaster', 'artist')).access_token);
    const listenerSession = await api.register(`e2e-listener-${stamp}@example.com`, 'e2e password', 'E2E Listener', 'listener');
    const listener = api.withToken(listenerSession.access_token);

    const { id: showId } = await artist.call('POST', '/api/v1/shows', { name: 'Harbour Hours', description: 'Talk from the docks.', publisher: 'E2E Radio' });
    const file = path.join(workdir, 'episode.m4a');
    await generateSpeech(file, {
      seconds: SECONDS,
      chapters: [
        { title: 'Welcome', startSeconds: 0 },
        { title: 'Guest', startSeconds: 10 },
      ],
    });
    const created = await artist.uploadFile(file, { kind: 'episode', show_id: showId, title: 'Episode One', description: 'We begin.' }, 'audio/mp4');
    const done = await artist.waitForUpload(created.id);
    expect(done).toMatchObject({ status: 'ready', episode_id: created.episode_id });

    const episode = await listener.call('GET', `/api/v1/episodes/${created.episode_id}`);
    expect(episode).toMatchObject({
      name: 'Episode One',
      status: 'ready',
      show: { id: showId, name: 'Harbour Hours', publisher: 'E2E Radio' },
      chapters: [
        { title: 'Welcome', start_ms: 0 },
        { title: 'Guest', start_ms: 10_000 },
      ],
      resume_point: { position_ms: 0, fully_played: false },
    });
    expect(Math.abs(episode.duration_ms - SECONDS * 1000)).toBeLessThan(200);

    const masterUrl = new URL(episode.stream.hls_url, platform.origin);
    const master = await (await fetch(masterUrl)).text();
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
    expect(variants).toHaveLength(3);
    for (const v of variants) expect(v).toMatch(/CODECS="mp4a\.40\.2"/);
    const mediaUrls = master.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(mediaUrls.map((u) => new URL(u, masterUrl).pathname.split('/').at(-2))).toEqual(['32k', '64k', '96k']);
    for (const u of mediaUrls) expect(await audioStreamInfo(new URL(u, masterUrl).toString())).toMatchObject({ codec_name: 'aac', channels: 1 });
    const seconds = await decodedSeconds(masterUrl.toString());
    expect(Math.abs(seconds - SECONDS)).toBeLessThan(0.3);

    const shows = await listener.call('GET', `/api/v1/shows/${showId}/episodes`);
    expect(shows.items.map((e: { id: string }) => e.id)).toEqual([created.episode_id]);

    expect(await listener.call('PUT', `/api/v1/me/episodes/${created.episode_id}/progress`, { position_ms: 12_500 })).toEqual({
      position_ms: 12_500,
      fully_played: false,
    });
    const otherDevice = api.withToken((await api.login(`e2e-listener-${stamp}@example.com`, 'e2e password')).access_token);
    expect((await otherDevice.call('GET', `/api/v1/episodes/${created.episode_id}`)).resume_point).toEqual({ position_ms: 12_500, fully_played: false });
  });
});
