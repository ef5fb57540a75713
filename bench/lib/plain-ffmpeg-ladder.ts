// The transcoder's music ladder (3 × AAC-LC stereo, 6 s fMP4 HLS segments) written
// by hand as plain ffmpeg commands, the baselines of bench/transcode-speed.ts.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const RUNG_KBPS = [256, 128, 64] as const;

function rungOutput(kbps: number): string[] {
  return [
    '-map',
    '0:a:0',
    '-c:a',
    'aac',
    '-b:a',
    `${kbps}k`,
    '-ac',
    '2',
    '-f',
    'hls',
    '-hls_time',
    '6',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'fmp4',
    '-hls_segment_filename',
    `${kbps}k/seg_%05d.m4s`,
    `${kbps}k/index.m3u8`,
  ];
}

const input = (source: string) => ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', source];

async function makeDirs(outDir: string): Promise<void> {
  for (const kbps of RUNG_KBPS) await mkdir(path.join(outDir, `${kbps}k`), { recursive: true });
}

/** One ffmpeg process decoding once and encoding all three renditions (what the service did before). */
export async function oneProcessLadder(source: string, outDir: string): Promise<void> {
  await makeDirs(outDir);
  await run('ffmpeg', [...input(source), ...RUNG_KBPS.flatMap(rungOutput)], { cwd: outDir });
}

/** One rendition's process, decoding the source itself. */
export async function renditionProcess(source: string, outDir: string, kbps: number): Promise<void> {
  await makeDirs(outDir);
  await run('ffmpeg', [...input(source), ...rungOutput(kbps)], { cwd: outDir });
}

/** The limit: a process per rendition, all at once. */
export async function parallelLadder(source: string, outDir: string): Promise<void> {
  await Promise.all(RUNG_KBPS.map((kbps) => renditionProcess(source, outDir, kbps)));
}

/** Runs `tasks` with at most `width` in flight, in order. */
export async function inPool(width: number, tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
}
