import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../../scripts/lib/client.mjs';
import { startPlatform } from '../../scripts/lib/platform.mjs';
import { audioStreamInfo } from '../../transcoder/testing/decode-audio.ts';
import { generateSpeech } from '../../transcoder/testing/generate-audio.ts';

// The real local platform (wrangler dev, the transcoder, ffmpeg) fed by a real HTTP feed server:
// POST /shows/import → enclosure into R2 → the upload's queue → speech ladder → a playable episode.
let platform: Awaited<ReturnType<typeof startPlatform>>;
let feeds: Server;
let feedOrigin: string;
const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-feed-'));
const persistDir = path.resolve(`.tmp/platform-feed-import-${Date.now()}`);
const files = new Map<string, { type: string; bytes: Buffer }>();

beforeAll(async () => {
  const episode = path.join(workdir, 'episode.m4a');
  await generateSpeech(episode, { seconds: 12 });
  files.set('/episode.m4a', { type: 'audio/mp4', bytes: readFileSync(episode) });
  feeds = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.bytes.length }).end(file.bytes);
  });
  await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  feedOrigin = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  platform = await startPlatform({ persistDir, transcoder: true, vars: { ALLOW_PRIVATE_FEEDS: 'true' } });
});

afterAll(async () => {
  feeds?.close();
  if (!platform) return;
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/e2e-podcast-feed-import.log', platform.logs());
  await platform.stop();
  rmSync(persistDir, { recursive: true, force: true });
});

const feed = (guids: string[]) => `<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<title>Dock Talk</title><description>From the harbour.</description><itunes:author>Harbour FM</itunes:author>
${guids.map((g) => `<item><title>Episode ${g}</title><guid>${g}</guid><enclosure url="${feedOrigin}/episode.m4a" type="audio/mp4" length="0"/></item>`).join('')}
</channel></rss>`;

describe('a podcast feed: import → speech ladder → playable episode', () => {
  it('imports a feed over HTTP into transcoded mono episodes, and a re-import adds only the new item', async () => {
    const api = client(platform.origin);
    const admin = api.withToken((await api.register('admin@encore.local', 'e2e admin password', 'E2E Admin', 'artist')).access_token);
    files.set('/feed.xml', { type: 'application/rss+xml', bytes: Buffer.from(feed(['one'])) });
    const first = await admin.call('POST', '/api/v1/shows/import', { feed_url: `${feedOrigin}/feed.xml` });
    expect(first).toMatchObject({ created: true, items: [{ guid: 'one', status: 'imported' }] });
    const episodeId: string = first.items[0].episode_id;

    let episode: { status: string; stream: { hls_url: string } | null; duration_ms: number; show: { name: string; publisher: string } } | undefined;
    for (let i = 0; i < 240 && episode?.status !== 'ready'; i++) {
      episode = await admin.call('GET', `/api/v1/episodes/${episodeId}`);
      if (episode?.status === 'failed') break;
      if (episode?.status !== 'ready') await new Promise((r) => setTimeout(r, 500));
    }
    expect(episode).toMatchObject({ status: 'ready', show: { name: 'Dock Talk', publisher: 'Harbour FM' } });
    expect(Math.abs(episode!.duration_ms - 12_000)).toBeLessThan(200);
    const masterUrl = new URL(episode!.stream!.hls_url, platform.origin);
    const master = await (await fetch(masterUrl)).text();
    const media = master.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(media).toHaveLength(3);
    for (const u of media) expect(await audioStreamInfo(new URL(u, masterUrl).toString())).toMatchObject({ codec_name: 'aac', channels: 1 });

    files.set('/feed.xml', { type: 'application/rss+xml', bytes: Buffer.from(feed(['two', 'one'])) });
    const again = await admin.call('POST', '/api/v1/shows/import', { feed_url: `${feedOrigin}/feed.xml` });
    expect(again).toMatchObject({
      show_id: first.show_id,
      created: false,
      items: [
        { guid: 'two', status: 'imported' },
        { guid: 'one', status: 'skipped' },
      ],
    });
  });
});
