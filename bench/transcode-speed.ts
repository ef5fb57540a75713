// Transcode speed: how close the transcoder service gets to what this machine can
// do, for one track (latency) and for an album of 12 submitted at once (throughput).
// Three contenders, same run, the order rotated every round:
//   limit        plain ffmpeg, one process per rendition, all at once (for the
//                album: all 36 processes at once, the OS sharing the cores);
//   service      POST /jobs to `node transcoder/src/server.ts` with its defaults
//                (download + hash + probe + ffmpeg + loudness + master + uploads to
//                a local origin over HTTP); for the album, 12 requests at once;
//   one-process  plain ffmpeg encoding the whole ladder in one process (what the
//                service did before); for the album, one track per CPU at a time.
// The baselines only encode; the service also measures loudness and length, and
// moves the files. Wall time is what a job waits; CPU time (process + children,
// from /proc) is printed too, because on a shared machine wall time also measures
// the neighbours (the load average is printed before and after).
//
//   node bench/transcode-speed.ts [--rounds 3] [--seconds 240] [--album 12] [--album-rounds 2]
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TranscodeResult } from '#core/protocol/transcode.ts';
import { generateMusic } from '../transcoder/testing/generate-audio.ts';
import { startLocalOrigin } from '../transcoder/testing/local-origin.ts';
import { spawnTranscoder } from '../transcoder/testing/spawn-transcoder.ts';
import { RUNG_KBPS, inPool, oneProcessLadder, parallelLadder, renditionProcess } from './lib/plain-ffmpeg-ladder.ts';
import { percentile } from './lib/stats.ts';

const run = promisify(execFile);
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isInteger(value) && value >= 1 ? value : fallback;
};
const rounds = arg('rounds', 3);
const seconds = arg('seconds', 240);
const albumSize = arg('album', 12);
const albumRounds = arg('album-rounds', 2);
const SECRET = 'bench-transcoder-secret';

/**
 * POST /jobs over node:http, which has no time limit on the answer: the last of
 * an album's jobs waits for the eleven before it (fetch gives up after 300 s).
 */
function submitJob(url: string, job: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(job);
    const req = request(`${url}/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
const cpus = os.availableParallelism();
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** CPU seconds a process has used itself (utime+stime) plus what its reaped children used (cutime+cstime). */
async function cpuSeconds(pid: number | 'self'): Promise<number> {
  const line = await readFile(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm) ", utime, stime, cutime, cstime are fields 14-17 of the line, in clock ticks.
  const ticks = line
    .slice(line.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 15)
    .map(Number);
  return ticks.reduce((sum, t) => sum + t, 0) / 100;
}

interface Measured {
  ms: number;
  cpu: number;
}

async function timed(pid: number | 'self', fn: () => Promise<unknown>): Promise<Measured> {
  const cpuBefore = await cpuSeconds(pid);
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  return { ms, cpu: (await cpuSeconds(pid)) - cpuBefore };
}

/**
 * Album tracks that are genuinely different audio (not the same bytes, which the
 * service would reuse, nor the same sound): one generated piece, pitch-shifted by
 * a quarter tone more for each track, cut to `seconds`.
 */
async function albumTracks(dir: string, count: number): Promise<string[]> {
  const base = path.join(dir, 'base.flac');
  await generateMusic(base, Math.ceil(seconds * 2 ** ((count - 1) / 24)) + 1);
  const tracks = Array.from({ length: count }, (_, k) => path.join(dir, `track-${String(k + 1).padStart(2, '0')}.flac`));
  await inPool(
    cpus,
    tracks.map((track, k) => async () => {
      const shift = `asetrate=${(44100 * 2 ** (k / 24)).toFixed(3)},aresample=44100`;
      await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', base, '-af', shift, '-t', String(seconds), '-c:a', 'flac', track]);
    }),
  );
  await rm(base);
  return tracks;
}

const work = await mkdtemp(path.join(os.tmpdir(), 'encore-bench-transcode-'));
const service = await spawnTranscoder({ TRANSCODER_SECRET: SECRET, TRANSCODER_WORKDIR: work });
const pid = service.child.pid!;
try {
  const tracks = await albumTracks(work, albumSize);
  const single = tracks[0]!;
  const { stdout: ffmpegVersion } = await run('ffmpeg', ['-hide_banner', '-version']);
  const settings = JSON.parse(service.lines[0]!) as { concurrency: number; cpu_slots: number };
  console.log(
    `transcode-speed: ${seconds} s stereo 44.1 kHz FLAC (${((await stat(single)).size / 1e6).toFixed(1)} MB), album of ${albumSize}; ` +
      `${cpus} CPUs (${os.cpus()[0]?.model.trim()}), ${ffmpegVersion.split('\n')[0]?.split(' Copyright')[0]}, node ${process.version}; ` +
      `service: ${settings.concurrency} jobs at once, ${settings.cpu_slots} CPU slots`,
  );
  console.log(`load average at the start: ${loadAverage()}`);
  const describe = (m: Measured, audioSeconds: number) =>
    `${(m.ms / 1000).toFixed(2)} s (${(audioSeconds / (m.ms / 1000)).toFixed(1)}x), ${m.cpu.toFixed(1)} s CPU`;
  let scratch = 0;
  const outDir = () => path.join(work, `out-${++scratch}`);

  /** One round per entry of `contenders`, each round starting with the next one. */
  async function race(title: string, audioSeconds: number, count: number, contenders: Record<string, () => Promise<Measured>>) {
    const names = Object.keys(contenders);
    const results: Record<string, Measured[]> = Object.fromEntries(names.map((n) => [n, []]));
    console.log(`\n${title}\nround  ${names.map((n) => n.padEnd(34)).join('')}`);
    for (let round = 0; round < count; round += 1) {
      const order = names.map((_, i) => names[(i + round) % names.length]!);
      for (const name of order) results[name]!.push(await contenders[name]!());
      const ofLimit = (n: string) => (results.limit!.at(-1)!.ms / results[n]!.at(-1)!.ms).toFixed(2);
      console.log(
        `${String(round + 1).padEnd(7)}${names.map((n) => describe(results[n]!.at(-1)!, audioSeconds).padEnd(34)).join('')}` +
          `of the limit: ${names
            .filter((n) => n !== 'limit')
            .map((n) => `${n} ${ofLimit(n)}`)
            .join(', ')}; load ${loadAverage()}`,
      );
    }
    const medians = Object.fromEntries(
      names.map((n) => [
        n,
        percentile(
          results[n]!.map((m) => m.ms),
          50,
        ) / 1000,
      ]),
    );
    const limit = medians.limit!;
    console.log(
      `median: ${names.map((n) => `${n} ${medians[n]!.toFixed(2)} s${n === 'limit' ? '' : ` (${(limit / medians[n]!).toFixed(2)} of the limit)`}`).join(', ')}`,
    );
    return medians;
  }

  async function viaService(files: string[]): Promise<Measured> {
    // A fresh origin each time, so the service never finds a ladder already stored.
    const origin = await startLocalOrigin();
    try {
      return await timed(pid, async () => {
        const answers = await Promise.all(
          files.map((file, i) =>
            submitJob(service.url, {
              job_id: `bench-${scratch++}-${i}`,
              source_url: origin.serveSource(file),
              ingest_url: origin.ingestUrl,
              ingest_token: origin.ingestToken,
            }),
          ),
        );
        for (const answer of answers) {
          if (answer.status !== 200) throw new Error(`job failed: ${JSON.stringify(answer.body)}`);
          if (TranscodeResult.parse(answer.body).reused) throw new Error('the service reused a ladder; the round measured nothing');
        }
      });
    } finally {
      await origin.close();
    }
  }

  async function plain(fn: (dir: string) => Promise<void>): Promise<Measured> {
    const dir = outDir();
    try {
      return await timed('self', () => fn(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const track = await race(`single track: latency of one ${seconds} s track`, seconds, rounds, {
    limit: () => plain((dir) => parallelLadder(single, dir)),
    service: () => viaService([single]),
    'one-process': () => plain((dir) => oneProcessLadder(single, dir)),
  });
  const jobLines = service.lines.slice(1).map((l) => JSON.parse(l) as Record<string, number>);
  const phase = (key: string) =>
    `${percentile(
      jobLines.map((l) => l[key]!),
      50,
    )} ms`;
  console.log(
    `service phases, median: download+hash ${phase('download_ms')}, probe+ffmpeg+master ${phase('transcode_ms')}, upload ${phase('upload_ms')}, whole job ${phase('total_ms')}`,
  );

  const albumSeconds = seconds * albumSize;
  const album = await race(`album: ${albumSize} tracks submitted at once, until the last is done`, albumSeconds, albumRounds, {
    limit: () =>
      plain((dir) => Promise.all(tracks.flatMap((t, i) => RUNG_KBPS.map((kbps) => renditionProcess(t, path.join(dir, `${i}`), kbps)))).then(() => {})),
    service: () => viaService(tracks),
    'one-process': () =>
      plain((dir) =>
        inPool(
          cpus,
          tracks.map((t, i) => () => oneProcessLadder(t, path.join(dir, `${i}`))),
        ),
      ),
  });
  const perMinute = (s: number) => `${((albumSize / s) * 60).toFixed(1)} tracks/min`;
  console.log(
    `album throughput: ${Object.entries(album)
      .map(([n, s]) => `${n} ${perMinute(s)}`)
      .join(', ')}`,
  );
  console.log(
    `\nsummary: single-track latency ${(track.limit! / track.service!).toFixed(2)} of the limit (one-process ${(track.limit! / track['one-process']!).toFixed(2)}); ` +
      `album throughput ${(album.limit! / album.service!).toFixed(2)} of the limit (one-process ${(album.limit! / album['one-process']!).toFixed(2)})`,
  );
  console.log(`load average at the end: ${loadAverage()} on ${cpus} CPUs`);
} finally {
  await service.stop();
  await rm(work, { recursive: true, force: true });
}
