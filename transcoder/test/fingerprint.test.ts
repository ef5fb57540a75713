import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintFromBase64, SECONDS_PER_ITEM } from '../../core/fingerprint/codec.ts';
import { matchFingerprints } from '../../core/fingerprint/compare.ts';
import { TranscodeResult } from '../../core/protocol/transcode.ts';
import { generateTrack } from '../../scripts/lib/audio.mjs';
import { fingerprintSource, parseFpcalc } from '../src/fingerprint.ts';
import { type LocalOrigin, startLocalOrigin } from '../testing/local-origin.ts';
import { type RunningTranscoder, startTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';

const run = promisify(execFile);
const SECRET = 'test-transcoder-secret';
const SECONDS = 24;

let work: string;
let original: string;
const options = () => ({ signal: new AbortController().signal, timeoutMs: 60_000 });

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'encore-fingerprint-test-'));
  await mkdir(path.join(work, 'jobs'));
  original = await generateTrack(path.join(work, 'original.wav'), { seconds: SECONDS, seed: 'fingerprint test original' });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the fingerprint of a source (fpcalc)', () => {
  it('is a raw Chromaprint fingerprint of the whole source', async () => {
    const fingerprint = fingerprintFromBase64((await fingerprintSource(original, 'wav', options()))!);
    // One sub-fingerprint per ~0.124 s, less the few its filters need to start.
    expect(fingerprint.length).toBeGreaterThan((SECONDS - 3) / SECONDS_PER_ITEM);
    expect(fingerprint.length).toBeLessThan(SECONDS / SECONDS_PER_ITEM);
    expect(new Set(fingerprint).size).toBeGreaterThan(fingerprint.length / 2);
  });

  it('matches an MP3 re-encode with two seconds of silence before it, and not another tune', async () => {
    const reencode = path.join(work, 'reencode.mp3');
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-i', original, '-af', 'adelay=2000:all=1', '-b:a', '128k', reencode]);
    const other = await generateTrack(path.join(work, 'other.flac'), { seconds: SECONDS, seed: 'fingerprint test another tune' });
    const [a, b, c] = await Promise.all([
      fingerprintSource(original, 'wav', options()),
      fingerprintSource(reencode, 'mp3', options()),
      fingerprintSource(other, 'flac', options()),
    ]);
    const match = matchFingerprints(fingerprintFromBase64(a!), fingerprintFromBase64(b!));
    expect(match).not.toBeNull();
    expect(Math.abs(match!.offset * SECONDS_PER_ITEM + 2)).toBeLessThan(0.2);
    expect(match!.bitErrorRate).toBeLessThan(0.15);
    expect(matchFingerprints(fingerprintFromBase64(a!), fingerprintFromBase64(c!))).toBeNull();
  });

  it('reads only fpcalc output that is a raw fingerprint', () => {
    expect(parseFpcalc('{"duration": 1.5, "fingerprint": [1, 4294967295]}')).toEqual([1, 4294967295]);
    expect(() => parseFpcalc('{"duration": 1.5, "fingerprint": "AQAAE0mU"}')).toThrow(/raw fingerprint/);
    expect(() => parseFpcalc('{"duration": 1.5, "fingerprint": [-1]}')).toThrow(/raw fingerprint/);
  });

  it('is null for a file that does not decode, rather than failing the job', async () => {
    const garbage = path.join(work, 'garbage.flac');
    await run('sh', ['-c', `head -c 20000 /dev/urandom > ${garbage}`]);
    expect(await fingerprintSource(garbage, 'flac', options())).toBeNull();
  });
});

describe('a transcode job', () => {
  let origin: LocalOrigin;
  let transcoder: RunningTranscoder;

  beforeAll(async () => {
    origin = await startLocalOrigin();
    transcoder = await startTranscoder({ secret: SECRET, workdir: path.join(work, 'jobs') });
  });

  afterAll(async () => {
    await transcoder?.close();
    await origin?.close();
  });

  it("answers with the source's fingerprint, and keeps it in meta.json for a reused ladder", async () => {
    const job = (id: string) => ({ job_id: id, source_url: origin.serveSource(original), ingest_url: origin.ingestUrl, ingest_token: origin.ingestToken });
    const first = await submitJob(transcoder.url, job('job-fp-1'), SECRET);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const result = TranscodeResult.parse(first.body);
    expect(result.fingerprint).toBe(await fingerprintSource(original, 'wav', options()));
    const again = TranscodeResult.parse((await submitJob(transcoder.url, job('job-fp-2'), SECRET)).body);
    expect(again).toMatchObject({ reused: true, fingerprint: result.fingerprint });
  });
});
