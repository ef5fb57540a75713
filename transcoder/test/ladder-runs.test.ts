import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuSlots } from '../src/cpu-slots.ts';
import { LADDERS, ladderArgs } from '../src/ladder.ts';
import { ladderRuns } from '../src/ladder-runs.ts';
import { probeAudio } from '../src/probe.ts';
import { sourceFormat, sourceInputArgs } from '../src/source-format.ts';
import { type Ladder, encodeLadder } from '../src/transcode.ts';
import { decodedSeconds } from '../testing/decode-audio.ts';
import { generateMusic } from '../testing/generate-audio.ts';

const run = promisify(execFile);
const SOURCE_SECONDS = 13;
const limits = { maxSourceSeconds: 600, processTimeoutMs: 60_000 };

let work: string;
let source: string;
let ladder: Ladder;
const perRung = () => path.join(work, 'per-rung');
const oneProcess = () => path.join(work, 'one-process');

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'encore-ladder-runs-'));
  source = path.join(work, 'song.flac');
  await generateMusic(source, SOURCE_SECONDS);
  const format = await sourceFormat(source);
  const signal = new AbortController().signal;
  const probed = await probeAudio(source, format, limits, signal);
  ladder = await encodeLadder(source, probed, perRung(), limits, LADDERS.music, new CpuSlots(2), signal);

  // The same ladder as the transcoder made it before rungs had processes of their own.
  for (const rung of LADDERS.music.rungs) await mkdir(path.join(oneProcess(), rung.name), { recursive: true });
  await run('ffmpeg', ladderArgs(sourceInputArgs(source, format), 44100, limits.maxSourceSeconds + 1, LADDERS.music), { cwd: oneProcess() });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the ffmpeg runs of a ladder', () => {
  it('are one per music rung, the slowest first, then the lowest, which alone measures', () => {
    const runs = ladderRuns(['-i', 'file:in.flac'], 44100, 601, LADDERS.music);
    const outputs = runs.map((r) => r.args.filter((a) => a.endsWith('/index.m3u8')));
    expect(outputs).toEqual([['256k/index.m3u8'], ['64k/index.m3u8'], ['128k/index.m3u8']]);
    expect(runs.map((r) => r.rungs.map((rung) => rung.name))).toEqual([['256k'], ['64k'], ['128k']]);
    expect(runs.map((r) => r.measures)).toEqual([false, true, false]);
    expect(runs.map((r) => r.args.join(' ').includes('ebur128'))).toEqual([false, true, false]);
    for (const r of runs) expect(r.args.slice(r.args.indexOf('-t'), r.args.indexOf('-t') + 2)).toEqual(['-t', '601']);
  });

  it('are a single process for speech, whose loudnorm shapes what every rung encodes', () => {
    const runs = ladderRuns(['-i', 'file:in.flac'], 48000, 601, LADDERS.speech);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.measures).toBe(true);
    expect(runs[0]!.args.filter((a) => a.endsWith('/index.m3u8'))).toEqual(['32k/index.m3u8', '64k/index.m3u8', '96k/index.m3u8']);
    expect(runs[0]!.args.join(' ')).toContain('loudnorm=I=-16');
  });

  it('write every playlist, init and segment the ladder lists, and the master', async () => {
    const written = await readdir(perRung(), { recursive: true });
    const files = written.filter((f) => f.includes('.'));
    expect(files.sort()).toEqual([...ladder.files].sort());
    // master + (3 AAC rungs + the FLAC one of a lossless source) × (playlist + init + 3 segments of ≤ 6 s)
    expect(ladder.files).toHaveLength(1 + 4 * 5);
    expect(ladder.files).toContain('lossless/index.m3u8');
    expect(ladder.lossless).toEqual({ bit_depth: 24, sample_rate: 44100 });
    expect(ladder.files).toContain('64k/seg_00003.m4s');
    expect(Math.abs(ladder.durationMs - SOURCE_SECONDS * 1000)).toBeLessThanOrEqual(50);
    expect(ladder.loudnessLufs).toBeLessThan(0);
    expect(ladder.loudnessLufs).toBeGreaterThan(-40);
  });

  it('write the very bytes one process encoding the whole ladder writes', async () => {
    for (const rung of LADDERS.music.rungs) {
      const names = (await readdir(path.join(oneProcess(), rung.name))).sort();
      expect((await readdir(path.join(perRung(), rung.name))).sort()).toEqual(names);
      for (const name of names) {
        const [ours, theirs] = await Promise.all([readFile(path.join(perRung(), rung.name, name)), readFile(path.join(oneProcess(), rung.name, name))]);
        expect(ours.equals(theirs), `${rung.name}/${name}`).toBe(true);
      }
    }
  });

  it('decode back to the length of the source, every rung and through the master', async () => {
    for (const rung of LADDERS.music.rungs) {
      expect(Math.abs((await decodedSeconds(path.join(perRung(), rung.name, 'index.m3u8'))) - SOURCE_SECONDS)).toBeLessThan(0.05);
    }
    expect(Math.abs((await decodedSeconds(path.join(perRung(), 'master.m3u8'))) - SOURCE_SECONDS)).toBeLessThan(0.05);
  });
});
