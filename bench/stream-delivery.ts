// Stream delivery: what one media request costs on the real local platform, each
// going through the api worker's /media/* forwarding to the stream worker.
//   - a segment on an edge-cache miss (signature check, R2 read, cache fill) and on a hit
//   - a signed media playlist (signature check, cached raw text, every URI re-signed)
//   - the same two under an `offline` signature: the segment AES-128-CBC encrypted per
//     response (plaintext from the edge cache), the playlist with an #EXT-X-KEY per segment
// Baseline, same run, same objects: the authenticated ingest GET, a plain R2 read
// with no signature, no cache and no rewriting (through the dev ingest gateway,
// one worker hop more than before the ingest path left the public origin).
//
//   node bench/stream-delivery.ts [--n 100]
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INGEST_TOKEN_TTL_SECONDS, mintIngestToken } from '#core/ingest-token.ts';
import { signPath, signingKeysFrom } from '#core/signing.ts';
import { startPlatform } from '../scripts/lib/platform.mjs';
import { root } from '../scripts/lib/setup.mjs';
import { encodeHlsLadder } from '../test/support/hls-fixture.ts';
import { ms, summary } from './lib/stats.ts';

const n = Number(process.argv[process.argv.indexOf('--n') + 1] || 100) || 100;

function devVar(name: string): string {
  const line = readFileSync(path.join(root, 'workers/stream/.dev.vars'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`${name} missing from workers/stream/.dev.vars`);
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/^"|"$/g, '');
}

const signingKeys = devVar('SIGNING_KEYS');
const signing = signingKeysFrom({ SIGNING_KEYS: signingKeys, SIGNING_KEY_ID: Object.keys(JSON.parse(signingKeys))[0]! });
const JOB = 'bench.1';
const auth = { Authorization: `Bearer ${await mintIngestToken(devVar('INGEST_SECRET'), JOB, Math.floor(Date.now() / 1000) + INGEST_TOKEN_TTL_SECONDS)}` };
const randomHash = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

async function timed(url: string, init?: RequestInit): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${res.status} for ${url}`);
  return performance.now() - start;
}

async function series(urls: string[], init?: RequestInit): Promise<number[]> {
  const samples: number[] = [];
  for (const url of urls) samples.push(await timed(url, init));
  return samples;
}

const ladderDir = mkdtempSync(path.join(os.tmpdir(), 'encore-stream-bench-'));
await encodeHlsLadder(ladderDir, 60);
const segmentFile = '128k/seg_00001.m4s';
const playlistFile = '128k/index.m3u8';
const segment = readFileSync(path.join(ladderDir, segmentFile));
const playlist = readFileSync(path.join(ladderDir, playlistFile));

const platform = await startPlatform({ transcoder: false, ingestGateway: true });
try {
  const { origin } = platform;
  const ingestBase = `${platform.ingestOrigin}/media/ingest/jobs/${JOB}`;
  // Every sample gets its own ladder hash, so each first read is a genuine cache miss.
  const hashes = Array.from({ length: n }, randomHash);
  for (const hash of hashes) {
    for (const [file, bytes] of [
      [segmentFile, segment],
      [playlistFile, playlist],
    ] as const) {
      const res = await fetch(`${ingestBase}/hls/${hash}/${file}`, { method: 'PUT', body: bytes, headers: { ...auth, 'Content-Type': 'audio/mp4' } });
      if (res.status !== 201) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
    }
  }
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const signedUrl = async (hash: string, file: string) => `${origin}${await signPath(`/media/hls/${hash}/${file}`, exp, signing)}`;
  const segmentUrls = await Promise.all(hashes.map((h) => signedUrl(h, segmentFile)));
  const playlistUrls = await Promise.all(hashes.map((h) => signedUrl(h, playlistFile)));
  // An offline signature names a license; the stream worker derives its key (HKDF) and encrypts under it.
  const lic = 'usr_eu_v0001_benchListener.trk_v0001_benchTrack.1767225600000';
  const offlineUrl = async (hash: string, file: string) => `${origin}${await signPath(`/media/hls/${hash}/${file}`, exp, signing, 'offline', lic)}`;
  const offlineSegmentUrls = await Promise.all(hashes.map((h) => offlineUrl(h, segmentFile)));
  const offlinePlaylistUrls = await Promise.all(hashes.map((h) => offlineUrl(h, playlistFile)));
  const ingestUrls = (file: string) => hashes.map((h) => `${ingestBase}/hls/${h}/${file}`);

  await series(ingestUrls(segmentFile).slice(0, 10), { headers: auth }); // warm-up of the workers, not measured
  const rows: [string, number[]][] = [
    [`baseline: ingest GET of a segment (${segment.length} B, plain R2 read)`, await series(ingestUrls(segmentFile), { headers: auth })],
    ['segment, edge-cache miss (signature + R2 + cache fill)', await series(segmentUrls)],
    ['segment, edge-cache hit (signature + cache)', await series(segmentUrls)],
    ['segment, 64 KiB Range from cache', await series(segmentUrls, { headers: { Range: 'bytes=0-65535' } })],
    ['offline segment, cache hit, encrypted per response (key derived + AES-CBC)', await series(offlineSegmentUrls)],
    [`baseline: ingest GET of a media playlist (${playlist.length} B)`, await series(ingestUrls(playlistFile), { headers: auth })],
    ['signed media playlist, raw text cache miss (every URI re-signed)', await series(playlistUrls)],
    ['signed media playlist, raw text cache hit (every URI re-signed)', await series(playlistUrls)],
    ['offline media playlist, raw text cache hit (+ #EXT-X-KEY and IV per segment)', await series(offlinePlaylistUrls)],
  ];
  console.log(`stream delivery through the api origin, ${n} requests each, sequential, ${new Date().toISOString()}`);
  for (const [label, samples] of rows) {
    const s = summary(samples);
    console.log(`${label.padEnd(80)} median ${ms(s.median).padStart(9)}  p95 ${ms(s.p95).padStart(9)}`);
  }
} finally {
  await platform.stop();
}
