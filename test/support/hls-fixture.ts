import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { LADDERS, LOSSLESS_RUNG, losslessRungArgs, SEGMENT_SECONDS } from '../../transcoder/src/ladder.ts';
import type { HlsFixture } from './hls-fixture-contract.ts';

/** This module's path, for a vitest config's `globalSetup`. */
export const hlsFixtureSetupFile = fileURLToPath(import.meta.url);

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixtureDir = path.join(root, '.tmp/stream-hls-fixture');
const longFixtureDir = path.join(root, '.tmp/stream-hls-fixture-long');
const losslessFixtureDir = path.join(root, '.tmp/stream-hls-fixture-lossless');
const speechFixtureDir = path.join(root, '.tmp/stream-hls-fixture-speech');
/** Longer than a preview (30 s), so a preview's cut shows. */
const LONG_FIXTURE_SECONDS = 45;
interface Ladder {
  renditions: { name: string; kbps: number }[];
  channels: 'mono' | 'stereo';
}
const MUSIC: Ladder = {
  renditions: [
    { name: '64k', kbps: 64 },
    { name: '128k', kbps: 128 },
    { name: '256k', kbps: 256 },
  ],
  channels: 'stereo',
};
/** An episode's ladder: the transcoder's speech rungs, mono. */
const SPEECH: Ladder = { renditions: LADDERS.speech.rungs.map((r) => ({ name: r.name, kbps: r.bitrateKbps })), channels: 'mono' };
const AAC_LC = 'mp4a.40.2';

/**
 * A real fMP4/AAC-LC HLS ladder (3 renditions, 6 s segments) of tone and pink
 * noise, laid out as the transcoder writes it: `master.m3u8`, `{rendition}/index.m3u8`,
 * `{rendition}/init.mp4`, `{rendition}/seg_00001.m4s`..., with relative URIs,
 * plus a short mono `source.wav` of the same signal.
 */
export async function encodeHlsLadder(outDir: string, seconds = 15, lossless = false, ladder = MUSIC): Promise<void> {
  await encodeLadder(outDir, seconds, ladder);
  if (lossless) await encodeLossless(outDir, seconds);
  await writeMaster(outDir, lossless, ladder);
}

/** The transcoder's lossless rung (transcoder/src/ladder.ts) of the same kind of signal: 24-bit/48 kHz FLAC in fMP4. */
async function encodeLossless(outDir: string, seconds: number): Promise<void> {
  const source = path.join(outDir, 'lossless-source.flac');
  const filter = `sine=f=440:d=${seconds}:r=48000[tone];anoisesrc=d=${seconds}:a=0.05:c=pink:r=48000[noise];[tone][noise]amix=inputs=2,aformat=channel_layouts=stereo[out]`;
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', filter, '-map', '[out]', '-c:a', 'flac', '-sample_fmt', 's32', source]);
  await mkdir(path.join(outDir, LOSSLESS_RUNG.name), { recursive: true });
  await run('ffmpeg', losslessRungArgs(['-i', source], { sampleRate: 48_000, bitDepth: 24 }, 48_000, seconds + 1), { cwd: outDir });
  await rm(source);
}

async function encodeLadder(outDir: string, seconds: number, { renditions, channels }: Ladder): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await Promise.all(renditions.map((r) => mkdir(path.join(outDir, r.name), { recursive: true })));
  const filter = `sine=f=440:d=${seconds}[tone];anoisesrc=d=${seconds}:a=0.05:c=pink[noise];[tone][noise]amix=inputs=2,aformat=sample_fmts=fltp:channel_layouts=${channels},asplit=${renditions.length + 1}${renditions.map((_, i) => `[a${i}]`).join('')}[src]`;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-filter_complex', filter];
  renditions.forEach((r, i) => {
    args.push('-map', `[a${i}]`, '-c:a', 'aac', '-b:a', `${r.kbps}k`, '-ar', '44100');
    args.push('-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4');
    args.push('-hls_fmp4_init_filename', 'init.mp4', '-start_number', '1', '-hls_segment_filename', `${r.name}/seg_%05d.m4s`, `${r.name}/index.m3u8`);
  });
  // A short mono WAV of the same signal stands in for an uploaded source file.
  args.push('-map', '[src]', '-t', '3', '-ac', '1', '-ar', '22050', '-c:a', 'pcm_s16le', 'source.wav');
  await run('ffmpeg', args, { cwd: outDir });
}

const renditionsOf = (lossless: boolean, ladder: Ladder) => [
  ...ladder.renditions.map((r) => ({ name: r.name, codecs: AAC_LC })),
  ...(lossless ? [{ name: LOSSLESS_RUNG.name, codecs: LOSSLESS_RUNG.codecs! }] : []),
];

/** BANDWIDTH/AVERAGE-BANDWIDTH from the real segment sizes, as the transcoder writes them. */
async function writeMaster(outDir: string, lossless: boolean, ladder: Ladder): Promise<void> {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of renditionsOf(lossless, ladder)) {
    const playlist = await readFile(path.join(outDir, r.name, 'index.m3u8'), 'utf8');
    const durations = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
    const segments = playlist.split('\n').filter((l) => l.endsWith('.m4s'));
    const sizes = await Promise.all(segments.map(async (s) => (await stat(path.join(outDir, r.name, s))).size));
    const bits = sizes.reduce((a, b) => a + b, 0) * 8;
    const average = Math.ceil(bits / durations.reduce((a, b) => a + b, 0));
    const peak = Math.ceil(Math.max(...sizes.map((size, i) => (size * 8) / durations[i]!)));
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${Math.max(peak, average)},AVERAGE-BANDWIDTH=${average},CODECS="${r.codecs}"`, `${r.name}/index.m3u8`);
  }
  await writeFile(path.join(outDir, 'master.m3u8'), `${lines.join('\n')}\n`);
}

/** Encodes a ladder of `seconds` into `outDir` and reads it back as the tests receive it. */
async function fixtureOf(outDir: string, seconds: number, lossless = false, ladder = MUSIC): Promise<HlsFixture> {
  await encodeHlsLadder(outDir, seconds, lossless, ladder);
  const source = await readFile(path.join(outDir, 'source.wav'));
  const files: Record<string, string> = {};
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'source.wav') continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(outDir, full).split(path.sep).join('/')] = (await readFile(full)).toString('base64');
  }
  return {
    contentHash: createHash('sha256').update(source).digest('hex'),
    renditions: renditionsOf(lossless, ladder).map((r) => r.name),
    files,
    source: source.toString('base64'),
  };
}

export default async function setup(project: TestProject): Promise<void> {
  const [fixture, longFixture, losslessFixture, speechFixture] = await Promise.all([
    fixtureOf(fixtureDir, 15),
    fixtureOf(longFixtureDir, LONG_FIXTURE_SECONDS),
    fixtureOf(losslessFixtureDir, 15, true),
    fixtureOf(speechFixtureDir, LONG_FIXTURE_SECONDS, false, SPEECH),
  ]);
  project.provide('hlsFixture', fixture);
  project.provide('hlsLongFixture', longFixture);
  project.provide('hlsLosslessFixture', losslessFixture);
  project.provide('hlsSpeechLongFixture', speechFixture);
}
