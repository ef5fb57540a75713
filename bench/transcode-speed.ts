// Transcode speed: a 4-minute stereo track through the transcoder service's HTTP
// API (download + hash + probe + one ffmpeg run with loudness + master + uploads
// to a local origin), against a baseline of plain ffmpeg encoding the same
// three-rendition HLS ladder by hand, same machine, same run, alternating rounds.
//
//   node bench/transcode-speed.ts [--rounds 3] [--seconds 240]
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TranscodeResult } from '../core/protocol/transcode.ts';
import { generateMusic } from '../transcoder/testing/generate-audio.ts';
import { startLocalOrigin } from '../transcoder/testing/local-origin.ts';
import { spawnTranscoder } from '../transcoder/testing/spawn-transcoder.ts';
import { submitJob } from '../transcoder/testing/submit-job.ts';
import { percentile } from './lib/stats.ts';

const run = promisify(execFile);
const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || fallback) || fallback;
const rounds = arg('rounds', 3);
const seconds = arg('seconds', 240);
const SECRET = 'bench-transcoder-secret';

/** The same ladder the service makes (3 × AAC-LC stereo, 6 s fMP4 segments), as one hand-written command. */
async function plainFfmpegLadder(source: string, outDir: string): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', source];
  for (const kbps of [64, 128, 256]) {
    await mkdir(path.join(outDir, `${kbps}k`), { recursive: true });
    args.push('-map', '0:a:0', '-c:a', 'aac', '-b:a', `${kbps}k`, '-ac', '2', '-f', 'hls', '-hls_time', '6', '-hls_playlist_type', 'vod',
      '-hls_segment_type', 'fmp4', '-hls_segment_filename', `${kbps}k/seg_%05d.m4s`, `${kbps}k/index.m3u8`);
  }
  await run('ffmpeg', args, { cwd: outDir });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'encore-bench-transcode-'));
const service = await spawnTranscoder({ TRANSCODER_SECRET: SECRET, TRANSCODER_CONCURRENCY: '1', TRANSCODER_WORKDIR: work });
try {
  const source = path.join(work, 'track.flac');
  await generateMusic(source, seconds);
  const { stdout: ffmpegVersion } = await run('ffmpeg', ['-hide_banner', '-version']);
  console.log(`transcode-speed: ${seconds} s stereo 44.1 kHz FLAC (${((await stat(source)).size / 1e6).toFixed(1)} MB), ` +
    `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim()}), ${ffmpegVersion.split('\n')[0]?.split(' Copyright')[0]}, node ${process.version}`);
  console.log('round  baseline: plain ffmpeg ladder    service: POST /jobs (HTTP)      overhead');

  const baseline: number[] = [];
  const viaService: number[] = [];
  const phases: string[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const outDir = path.join(work, `plain-${round}`);
    const plain = await timed(() => plainFfmpegLadder(source, outDir));
    await rm(outDir, { recursive: true, force: true });

    // A fresh origin each round, so the service never finds the ladder already stored.
    const origin = await startLocalOrigin(SECRET);
    try {
      const job = { job_id: `bench-${round}`, source_url: origin.serveSource(source), ingest_url: origin.ingestUrl };
      const viaHttp = await timed(() => submitJob(service.url, job, SECRET));
      if (viaHttp.value.status !== 200) throw new Error(`job failed: ${JSON.stringify(viaHttp.value.body)}`);
      const result = TranscodeResult.parse(viaHttp.value.body);
      if (result.reused) throw new Error('the service reused a ladder; the round measured nothing');
      baseline.push(plain.ms);
      viaService.push(viaHttp.ms);
      const log = JSON.parse(service.lines.at(-1)!) as Record<string, number>;
      phases.push(`download ${log.download_ms} ms, ffmpeg+probe ${log.transcode_ms} ms, upload ${log.upload_ms} ms (${origin.puts.length} PUTs)`);
      const rtf = (ms: number) => `${(ms / 1000).toFixed(2)} s (${(seconds / (ms / 1000)).toFixed(1)}x real time)`;
      console.log(`${String(round).padEnd(7)}${rtf(plain.ms).padEnd(32)}${rtf(viaHttp.ms).padEnd(32)}${(((viaHttp.ms - plain.ms) / plain.ms) * 100).toFixed(1)}%`);
      if (round === rounds) console.log(`       loudness ${result.loudness_lufs} LUFS, duration ${result.duration_ms} ms, ` +
        `renditions ${result.renditions.map((r) => `${r.name}: avg ${(r.average_bandwidth / 1000).toFixed(0)} / peak ${(r.bandwidth / 1000).toFixed(0)} kbit/s`).join(', ')}`);
    } finally {
      await origin.close();
    }
  }

  const base = percentile(baseline, 50);
  const svc = percentile(viaService, 50);
  console.log(`median baseline ${(base / 1000).toFixed(2)} s = ${(seconds / (base / 1000)).toFixed(1)}x real time; ` +
    `service ${(svc / 1000).toFixed(2)} s = ${(seconds / (svc / 1000)).toFixed(1)}x real time; ` +
    `service overhead +${((svc - base) / 1000).toFixed(2)} s (+${(((svc - base) / base) * 100).toFixed(1)}%)`);
  console.log(`service phases per round: ${phases.map((p, i) => `\n  ${i + 1}: ${p}`).join('')}`);
} finally {
  await service.stop();
  await rm(work, { recursive: true, force: true });
}
