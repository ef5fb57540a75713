import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeFailure } from '../../core/protocol/transcode.ts';
import { JobFailure } from '../src/job-failure.ts';
import { runProcess } from '../src/run-process.ts';
import { generateTone } from '../testing/generate-audio.ts';
import { type LocalOrigin, startLocalOrigin } from '../testing/local-origin.ts';
import { spawnTranscoder } from '../testing/spawn-transcoder.ts';
import { type RunningTranscoder, startTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';

const SECRET = 'test-transcoder-secret';
const run = promisify(execFile);

let work: string;
let origin: LocalOrigin;
const running: RunningTranscoder[] = [];

const job = (file: string) => ({
  job_id: `job-${crypto.randomUUID()}`,
  source_url: origin.serveSource(file),
  ingest_url: origin.ingestUrl,
  ingest_token: origin.ingestToken,
});

/** A transcoder with its own empty workdir, so a test can see what a job leaves behind. */
async function transcoderWith(limits: { maxSourceSeconds?: number; processTimeoutMs?: number }) {
  const workdir = await mkdtemp(path.join(work, 'jobs-'));
  const transcoder = await startTranscoder({ secret: SECRET, workdir, ...limits });
  running.push(transcoder);
  return { url: transcoder.url, workdir };
}

async function ffmpegProcessesUsing(dir: string): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'args']);
  return stdout.split('\n').filter((line) => line.includes(dir) && /ff(mpeg|probe)/.test(line));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'encore-transcoder-limits-'));
  origin = await startLocalOrigin();
});

afterAll(async () => {
  await Promise.all(running.map((t) => t.close()));
  await origin?.close();
  await rm(work, { recursive: true, force: true });
});

describe('MAX_SOURCE_SECONDS', () => {
  it('fails an hour-long source fast, before encoding, with a message naming the limit', async () => {
    const { url, workdir } = await transcoderWith({ maxSourceSeconds: 1800 });
    // An hour of 8 kHz 8-bit mono: 29 MB, and minutes of encoding if it were let through.
    const hour = path.join(work, 'hour.wav');
    await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=300:sample_rate=8000:duration=3600',
      '-c:a',
      'pcm_u8',
      hour,
    ]);
    const started = performance.now();
    const answer = await submitJob(url, job(hour), SECRET);
    expect(answer.status).toBe(422);
    expect(TranscodeFailure.parse(answer.body).error).toEqual({
      code: 'source_too_long',
      message: 'The audio is 1 h long; uploads are limited to 30 min (MAX_SOURCE_SECONDS = 1800).',
      permanent: true,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(origin.puts).toHaveLength(0);
    expect(await readdir(workdir)).toEqual([]);
  });

  it('stops decoding a second past the limit when the header claims less than the file holds', async () => {
    const { url, workdir } = await transcoderWith({ maxSourceSeconds: 5 });
    // 20 s of FLAC whose STREAMINFO says 2 s: ffprobe believes the header, the decoder does not.
    const liar = path.join(work, 'liar.flac');
    await generateTone(liar, { seconds: 20 });
    const bytes = await readFile(liar);
    const totalSamplesMask = (1n << 36n) - 1n;
    bytes.writeBigUInt64BE((bytes.readBigUInt64BE(18) & ~totalSamplesMask) | 88_200n, 18);
    await writeFile(liar, bytes);
    expect((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', liar])).stdout.trim()).toBe('2.000000');

    const answer = await submitJob(url, job(liar), SECRET);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'source_too_long',
      message: 'The audio is longer than 5 s; uploads are limited to 5 s (MAX_SOURCE_SECONDS = 5).',
      permanent: true,
    });
    expect(origin.puts).toHaveLength(0);
    expect(await readdir(workdir)).toEqual([]);
  });

  it('lets a source of exactly the limit through', async () => {
    const { url } = await transcoderWith({ maxSourceSeconds: 5 });
    const five = path.join(work, 'five.flac');
    await generateTone(five, { seconds: 5 });
    const answer = await submitJob(url, job(five), SECRET);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.duration_ms).toBe(5000);
  });
});

describe('the wall-clock limit of one ffmpeg or ffprobe run', () => {
  it('kills a process that runs past it', async () => {
    const started = performance.now();
    const outcome = await runProcess('sleep', ['30'], { signal: new AbortController().signal, timeoutMs: 200 }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(JobFailure);
    expect(outcome).toMatchObject({ code: 'process_timeout', permanent: true, message: 'Processing the file took longer than 0.2 s and was stopped.' });
    expect(performance.now() - started).toBeLessThan(2_000);
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout.split('\n')).not.toContain('sleep 30');
  });

  it('fails the job permanently, kills ffmpeg and removes the temp dir', async () => {
    const { url, workdir } = await transcoderWith({ processTimeoutMs: 400 });
    const long = path.join(work, 'long.wav');
    await generateTone(long, { seconds: 240 });
    const putsBefore = origin.puts.length;
    const answer = await submitJob(url, job(long), SECRET);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'process_timeout', permanent: true });
    expect(await readdir(workdir)).toEqual([]);
    expect(await ffmpegProcessesUsing(workdir)).toEqual([]);
    expect(origin.puts.length).toBe(putsBefore);
  });
});

describe('temporary files', () => {
  it('are removed at start-up when a process died mid-job, but not while their process lives', async () => {
    const workdir = await mkdtemp(path.join(work, 'restart-'));
    const deadPid = 4_194_305; // above Linux's pid_max: no such process
    const stale = [`encore-job-${deadPid}-a1b2c3`, 'encore-job-Xy12Zq'];
    const kept = [`encore-job-${process.pid}-live01`, 'unrelated'];
    for (const name of [...stale, ...kept]) {
      await mkdir(path.join(workdir, name, 'out'), { recursive: true });
      await writeFile(path.join(workdir, name, 'source'), 'left over');
    }
    const service = await spawnTranscoder({ TRANSCODER_SECRET: SECRET, TRANSCODER_WORKDIR: workdir });
    try {
      expect(JSON.parse(service.lines[0]!)).toMatchObject({ event: 'listening', stale_job_dirs_removed: 2 });
      expect((await readdir(workdir)).sort()).toEqual(kept.sort());
    } finally {
      await service.stop();
    }
  });

  it('are gone after a job that fails while encoding', async () => {
    const { url, workdir } = await transcoderWith({});
    // FLAC whose frames are damaged after a valid header: ffprobe accepts it, the encode fails.
    const damaged = path.join(work, 'damaged.flac');
    await generateTone(damaged, { seconds: 6 });
    const bytes = await readFile(damaged);
    bytes.fill(0x55, 8192);
    await writeFile(damaged, bytes);
    const answer = await submitJob(url, job(damaged), SECRET);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    await sleep(50);
    expect(await readdir(workdir)).toEqual([]);
  });
});
