// Subsonic `stream` against the HLS path, on the same track, on the real local
// platform (wrangler dev with every worker, the transcoder): what a Subsonic app
// waits for and gets, and what the web player's HLS client does for the same
// audio (the 128 kb/s rendition of a free listener in both).
//   - stream: GET /rest/stream (token auth): the api signs and forwards, the
//     stream worker concatenates init + every segment from R2.
//   - HLS (baseline): GET /api/v1/tracks/{id}, the signed master, the 128k media
//     playlist, then init and every segment in order, one request each.
// Time to first byte: from the first request until the first audio byte arrives
// (for HLS, of the init section, after the track, master and media playlist).
// Throughput: audio bytes over the time from the first request to the last byte.
//
//   node bench/subsonic-stream.ts [--n 20] [--seconds 120]
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SubsonicAPI } from 'subsonic-api';
import { generateTrack } from '../scripts/lib/audio.mjs';
import { client } from '../scripts/lib/client.mjs';
import { startPlatform } from '../scripts/lib/platform.mjs';
import { ms, summary } from './lib/stats.ts';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const n = arg('n', 20);
const trackSeconds = arg('seconds', 120);

interface Sample {
  ttfbMs: number;
  totalMs: number;
  bytes: number;
}

/** Reads a response to the end, noting when its first body byte arrived. */
async function drain(res: Response, start: number): Promise<{ firstByteAt: number; bytes: number }> {
  if (!res.ok || !res.body) throw new Error(`${res.status} ${res.url}`);
  const reader = res.body.getReader();
  let firstByteAt = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByteAt) firstByteAt = performance.now() - start;
    bytes += value.byteLength;
  }
  return { firstByteAt, bytes };
}

const workdir = mkdtempSync(path.join(os.tmpdir(), 'encore-subsonic-bench-'));
const platform = await startPlatform({ transcoder: true });
try {
  const { origin } = platform;
  const api = client(origin);
  const session = await api.register(`bench-subsonic-${Date.now()}@example.com`, 'bench password', 'Bench Artist', 'artist');
  const artist = api.withToken(session.access_token);
  const file = await generateTrack(path.join(workdir, 'bench.flac'), { seconds: trackSeconds, root: 'A', seed: session.user.id });
  const created = await artist.uploadFile(file, { title: 'Bench Song' }, 'audio/flac');
  if ((await artist.waitForUpload(created.id, { timeoutMs: 300_000 })).status !== 'ready') throw new Error('the bench track did not transcode');
  const trackId = created.track_id;
  const subsonic = new SubsonicAPI({ url: origin, auth: await artist.call('POST', '/api/v1/me/subsonic-credentials'), reuseSalt: true });

  const viaStream = async (): Promise<Sample> => {
    const start = performance.now();
    const { firstByteAt, bytes } = await drain(await subsonic.stream({ id: trackId }), start);
    return { ttfbMs: firstByteAt, totalMs: performance.now() - start, bytes };
  };

  const viaHls = async (): Promise<Sample> => {
    const start = performance.now();
    const headers = { Authorization: `Bearer ${session.access_token}` };
    const track = await (await fetch(`${origin}/api/v1/tracks/${trackId}`, { headers })).json();
    const masterUrl = new URL(track.stream.hls_url, origin);
    const master = await (await fetch(masterUrl)).text();
    const mediaLine = master.split('\n').find((l) => l.includes('128k/'))!;
    const mediaUrl = new URL(mediaLine.trim(), masterUrl);
    const media = await (await fetch(mediaUrl)).text();
    const init = /URI="([^"]+)"/.exec(media)![1]!;
    const segments = media.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    let ttfbMs = 0;
    let bytes = 0;
    for (const uri of [init, ...segments]) {
      const part = await drain(await fetch(new URL(uri.trim(), mediaUrl)), start);
      ttfbMs ||= part.firstByteAt;
      bytes += part.bytes;
    }
    return { ttfbMs, totalMs: performance.now() - start, bytes };
  };

  // Warm-up: workers started, layouts and playlists cached, not measured.
  await viaStream();
  await viaHls();
  const rows: [string, Sample[]][] = [
    ['baseline: HLS (track, master, media playlist, init + segments)', []],
    ['Subsonic stream (one progressive fMP4)', []],
  ];
  // Interleaved, so both see the same machine load.
  for (let i = 0; i < n; i++) {
    rows[0]![1].push(await viaHls());
    rows[1]![1].push(await viaStream());
  }
  console.log(`Subsonic stream vs HLS, ${trackSeconds} s track at 128 kb/s, ${n} plays each, sequential, ${new Date().toISOString()}`);
  for (const [label, samples] of rows) {
    const ttfb = summary(samples.map((s) => s.ttfbMs));
    const mbps = summary(samples.map((s) => (s.bytes * 8) / 1e6 / (s.totalMs / 1000)));
    console.log(
      `${label.padEnd(64)} ${String(samples[0]!.bytes).padStart(8)} B  TTFB median ${ms(ttfb.median).padStart(9)} p95 ${ms(ttfb.p95).padStart(9)}  throughput median ${mbps.median.toFixed(1).padStart(6)} Mb/s`,
    );
  }
} finally {
  await platform.stop();
}
