// Transcode speed: a 4-minute stereo track through the transcoder service's HTTP
// API (download + hash + probe + one ffmpeg run with loudness + master + uploads
// to a local origin), against a baseline of plain ffmpeg encoding the same
// three-rendition HLS ladder by hand, same machine, same run, alternating which
// goes first. Wall time is what a job waits; CPU time (process + children, from
// /proc) is also printed because on a shared machine wall time mostly measures
// the neighbours.
//
//   node bench/transcode-speed.ts [--rounds 3] [--seconds 240]
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TranscodeResult } from '#core/protocol/transcode.ts';
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
    args.push(
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
    );
  }
  await run('ffmpeg', args, { cwd: outDir });
}

/** CPU seconds a process has used itself (utime+stime) and what its reaped children used (cutime+cstime). */
async function cpuSeconds(pid: number | 'self'): Promise<{ own: number; children: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm) ", utime, stime, cutime, cstime are fields 14-17 of the line, in clock ticks.
  const ticks = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 15)
    .map(Number);
  return { own: (ticks[0]! + ticks[1]!) / 100, children: (ticks[2]! + ticks[3]!) / 100 };
}

interface Measured<T> {
  ms: number;
  /** CPU seconds: the process's own plus its children's. */
  cpu: number;
  ownCpu: number;
  value: T;
}

/** Wall time, and CPU time of `pid` (with children) across `fn`. */
async function timed<T>(pid: number | 'self', fn: () => Promise<T>): Promise<Measured<T>> {
  const before = await cpuSeconds(pid);
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  const after = await cpuSeconds(pid);
  const ownCpu = after.own - before.own;
  return { ms, cpu: ownCpu + after.children - before.children, ownCpu, value };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'encore-bench-transcode-'));
const service = await spawnTranscoder({ TRANSCODER_SECRET: SECRET, TRANSCODER_CONCURRENCY: '1', TRANSCODER_WORKDIR: work });
try {
  const source = path.join(work, 'track.flac');
  await generateMusic(source, seconds);
  const { stdout: ffmpegVersion } = await run('ffmpeg', ['-hide_banner', '-version']);
  console.log(
    `transcode-speed: ${seconds} s stereo 44.1 kHz FLAC (${((await stat(source)).size / 1e6).toFixed(1)} MB), ` +
      `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim()}), ${ffmpegVersion.split('\n')[0]?.split(' Copyright')[0]}, node ${process.version}`,
  );
  console.log('round  baseline: plain ffmpeg ladder              service: POST /jobs (HTTP)                wall overhead');

  const baseline: Array<Measured<void>> = [];
  const viaService: Array<Measured<unknown>> = [];
  const phases: string[] = [];
  const describe = (m: Measured<unknown>) =>
    `${(m.ms / 1000).toFixed(2)} s wall (${(seconds / (m.ms / 1000)).toFixed(1)}x), ${m.cpu.toFixed(2)} s CPU (${(seconds / m.cpu).toFixed(1)}x)`;

  for (let round = 1; round <= rounds; round += 1) {
    const outDir = path.join(work, `plain-${round}`);
    const runBaseline = async () => {
      // The bench process's own children: only this ffmpeg is reaped meanwhile.
      baseline.push(await timed('self', () => plainFfmpegLadder(source, outDir)));
      await rm(outDir, { recursive: true, force: true });
    };
    const runService = async () => {
      // A fresh origin each round, so the service never finds the ladder already stored.
      const origin = await startLocalOrigin();
      try {
        const job = { job_id: `bench-${round}`, source_url: origin.serveSource(source), ingest_url: origin.ingestUrl, ingest_token: origin.ingestToken };
        const measured = await timed(service.child.pid!, () => submitJob(service.url, job, SECRET));
        if (measured.value.status !== 200) throw new Error(`job failed: ${JSON.stringify(measured.value.body)}`);
        const result = TranscodeResult.parse(measured.value.body);
        if (result.reused) throw new Error('the service reused a ladder; the round measured nothing');
        viaService.push(measured);
        const log = JSON.parse(service.lines.at(-1)!) as Record<string, number>;
        phases.push(
          `download+hash ${log.download_ms} ms, probe+ffmpeg+master ${log.transcode_ms} ms, upload ${log.upload_ms} ms (${origin.puts.length} PUTs); ` +
            `CPU: ffprobe+ffmpeg ${(measured.cpu - measured.ownCpu).toFixed(2)} s, the Node service itself ${measured.ownCpu.toFixed(2)} s`,
        );
        if (round === 1) {
          console.log(
            `       result: loudness ${result.loudness_lufs} LUFS, duration ${result.duration_ms} ms, ` +
              result.renditions
                .map((r) => `${r.name} avg ${(r.average_bandwidth / 1000).toFixed(0)}/peak ${(r.bandwidth / 1000).toFixed(0)} kbit/s`)
                .join(', '),
          );
        }
      } finally {
        await origin.close();
      }
    };
    if (round % 2 === 1) {
      await runBaseline();
      await runService();
    } else {
      await runService();
      await runBaseline();
    }
    const b = baseline.at(-1)!;
    const v = viaService.at(-1)!;
    console.log(`${String(round).padEnd(7)}${describe(b).padEnd(42)}${describe(v).padEnd(42)}${(((v.ms - b.ms) / b.ms) * 100).toFixed(1)}%`);
  }

  const median = (xs: number[]) => percentile(xs, 50);
  const [bWall, vWall] = [median(baseline.map((m) => m.ms)) / 1000, median(viaService.map((m) => m.ms)) / 1000];
  const [bCpu, vCpu] = [median(baseline.map((m) => m.cpu)), median(viaService.map((m) => m.cpu))];
  const pct = (a: number, b: number) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%`;
  console.log(
    `median wall: baseline ${bWall.toFixed(2)} s (${(seconds / bWall).toFixed(1)}x real time), service ${vWall.toFixed(2)} s (${(seconds / vWall).toFixed(1)}x real time), overhead ${pct(vWall, bWall)}`,
  );
  console.log(
    `median CPU:  baseline ${bCpu.toFixed(2)} s (${(seconds / bCpu).toFixed(1)}x real time), service ${vCpu.toFixed(2)} s (${(seconds / vCpu).toFixed(1)}x real time), overhead ${pct(vCpu, bCpu)}`,
  );
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.availableParallelism()} CPUs`,
  );
  console.log(`service phases:${phases.map((p, i) => `\n  ${i + 1}: ${p}`).join('')}`);
} finally {
  await service.stop();
  await rm(work, { recursive: true, force: true });
}
