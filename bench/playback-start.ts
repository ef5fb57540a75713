// Playback start: time from requesting the signed master playlist to holding the
// first segment of the lowest rendition (master → media playlist → init → first
// segment), warm, over 100 runs against the real local platform. Baseline: the
// same four responses served from memory by a bare node:http server, same run.
//
//   node bench/playback-start.ts [--runs 100]
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTrack } from '../scripts/lib/audio.mjs';
import { client } from '../scripts/lib/client.mjs';
import { startPlatform } from '../scripts/lib/platform.mjs';
import { ms, summary } from './lib/stats.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 100) || 100;

/** Follows one playback start and returns the URLs it fetched, in order. */
async function playbackStart(origin: string, masterPath: string): Promise<string[]> {
  const fetched: string[] = [];
  const get = async (url: string) => {
    const res = await fetch(new URL(url, origin));
    if (!res.ok) throw new Error(`${res.status} for ${url}`);
    fetched.push(url);
    return res;
  };
  const master = await (await get(masterPath)).text();
  const lines = master.split('\n');
  // Variants are listed lowest bandwidth first; pick the lowest explicitly anyway.
  let lowest = { bandwidth: Infinity, uri: '' };
  lines.forEach((line, i) => {
    const m = /^#EXT-X-STREAM-INF:(?:.*,)?BANDWIDTH=(\d+)/.exec(line);
    if (m && Number(m[1]) < lowest.bandwidth) lowest = { bandwidth: Number(m[1]), uri: lines[i + 1]!.trim() };
  });
  const media = await (await get(lowest.uri)).text();
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(media)?.[1];
  const firstSegment = media.split('\n').find((l) => l && !l.startsWith('#'));
  if (!init || !firstSegment) throw new Error(`unexpected media playlist:\n${media}`);
  await (await get(init)).arrayBuffer();
  await (await get(firstSegment)).arrayBuffer();
  return fetched;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const platform = await startPlatform({ transcoder: true });
try {
  const api = client(platform.origin);
  const session = await api.register(`bench-${Date.now()}@example.com`, 'bench password', 'Bench Artist', 'artist');
  const artist = api.withToken(session.access_token);
  const file = await generateTrack(path.join(mkdtempSync(path.join(os.tmpdir(), 'encore-bench-')), 'bench.flac'), { seconds: 60, seed: session.user.id });
  const upload = await artist.uploadFile(file, { title: 'Bench' }, 'audio/flac');
  const done = await artist.waitForUpload(upload.id);
  if (done.status !== 'ready') throw new Error(`upload failed: ${done.error}`);
  const masterPath: string = (await artist.track(upload.track_id)).stream.hls_url;

  // Baseline: the same bytes from memory over plain HTTP on the same machine.
  const bodies = new Map<string, Buffer>();
  for (const url of await playbackStart(platform.origin, masterPath)) {
    bodies.set(new URL(url, platform.origin).pathname, Buffer.from(await (await fetch(new URL(url, platform.origin))).arrayBuffer()));
  }
  const baseline = http.createServer((req, res) => {
    const body = bodies.get(new URL(req.url!, 'http://x').pathname);
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
  const baselineOrigin = `http://127.0.0.1:${(baseline.address() as { port: number }).port}`;

  for (let i = 0; i < 10; i++) await playbackStart(platform.origin, masterPath); // warm-up
  const encore: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    encore.push(await time(() => playbackStart(platform.origin, masterPath)));
    bare.push(await time(() => playbackStart(baselineOrigin, masterPath)));
  }
  baseline.close();
  const e = summary(encore);
  const b = summary(bare);
  console.log(`playback start, ${runs} warm runs (master → lowest media playlist → init → first segment)`);
  console.log(`  encore (wrangler dev: api → stream worker → R2, signed): median ${ms(e.median)}  p95 ${ms(e.p95)}  min ${ms(e.min)}  max ${ms(e.max)}`);
  console.log(`  baseline (same bytes from memory, bare node:http):       median ${ms(b.median)}  p95 ${ms(b.p95)}  min ${ms(b.min)}  max ${ms(b.max)}`);
  console.log(`  overhead at the median: ${ms(e.median - b.median)}`);
} finally {
  await platform.stop();
}
