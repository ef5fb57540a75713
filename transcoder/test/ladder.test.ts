import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeResult } from '../../core/protocol/transcode.ts';
import { audioStreamInfo, decodedSeconds } from '../testing/decode-audio.ts';
import { generateTone } from '../testing/generate-audio.ts';
import { type LocalOrigin, startLocalOrigin } from '../testing/local-origin.ts';
import { type RunningTranscoder, startTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';

const SECRET = 'test-transcoder-secret';
const SOURCE_SECONDS = 14;

let work: string;
let origin: LocalOrigin;
let transcoder: RunningTranscoder;
let sourcePath: string;
let first: TranscodeResult;

/** The AAC-LC renditions (every source has them; a lossless one adds FLAC, tested in lossless.test.ts). */
const aac = (result: TranscodeResult) => result.renditions.filter((r) => r.codecs === 'mp4a.40.2');
const stored = (hash: string, file: string) => readFile(path.join(origin.storeDir, 'hls', hash, file), 'utf8');
const authHeader = () => `Authorization: Bearer ${origin.ingestToken}\r\n`;

async function transcode(file: string, jobId: string): Promise<TranscodeResult> {
  const answer = await submitJob(
    transcoder.url,
    { job_id: jobId, source_url: origin.serveSource(file), ingest_url: origin.ingestUrl, ingest_token: origin.ingestToken },
    SECRET,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return TranscodeResult.parse(answer.body);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'encore-transcoder-test-'));
  await mkdir(path.join(work, 'jobs'));
  sourcePath = path.join(work, 'song.flac');
  await generateTone(sourcePath, { seconds: SOURCE_SECONDS, gain: 0.5 });
  origin = await startLocalOrigin();
  transcoder = await startTranscoder({ secret: SECRET, workdir: path.join(work, 'jobs') });
  first = await transcode(sourcePath, 'job-first');
});

afterAll(async () => {
  await transcoder?.close();
  await origin?.close();
  await rm(work, { recursive: true, force: true });
});

describe('a transcode job', () => {
  it('answers with the content hash, length, loudness, three AAC renditions and (the source is FLAC) a lossless one', async () => {
    expect(first.content_hash).toBe(
      createHash('sha256')
        .update(await readFile(sourcePath))
        .digest('hex'),
    );
    expect(first.reused).toBe(false);
    expect(Math.abs(first.duration_ms - SOURCE_SECONDS * 1000)).toBeLessThanOrEqual(50);
    expect(first.loudness_lufs).toBeLessThan(0);
    expect(first.loudness_lufs).toBeGreaterThan(-40);
    expect(first.renditions.map((r) => r.name)).toEqual(['64k', '128k', '256k', 'lossless']);
    // ffmpeg writes FLAC from its float mix at 24 bits.
    expect(first.lossless).toEqual({ bit_depth: 24, sample_rate: 44100 });
    for (const r of aac(first)) {
      expect(r.codecs).toBe('mp4a.40.2');
      expect(r.bandwidth).toBeGreaterThanOrEqual(r.average_bandwidth);
      // The measured rate is the target bit rate plus container overhead, not something else.
      expect(r.average_bandwidth).toBeGreaterThan(r.bitrate_kbps * 1000 * 0.5);
      expect(r.average_bandwidth).toBeLessThan(r.bitrate_kbps * 1000 * 1.3);
    }
  });

  it('writes a master playlist listing the renditions lowest first with BANDWIDTH, AVERAGE-BANDWIDTH and CODECS', async () => {
    const lines = (await stored(first.content_hash, 'master.m3u8')).trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS']);
    const entries = lines.slice(3);
    expect(entries).toHaveLength(8);
    const lowestFirst = [...first.renditions].sort((a, b) => a.bandwidth - b.bandwidth);
    lowestFirst.forEach((r, i) => {
      const codecs = r.name === 'lossless' ? 'fLaC' : 'mp4a.40.2';
      expect(entries[i * 2]).toBe(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},AVERAGE-BANDWIDTH=${r.average_bandwidth},CODECS="${codecs}"`);
      expect(entries[i * 2 + 1]).toBe(`${r.name}/index.m3u8`);
    });
    const bandwidths = aac(first).map((r) => r.bandwidth);
    expect(bandwidths).toEqual([...bandwidths].sort((a, b) => a - b));
  });

  it('writes VOD fMP4 media playlists of ~6 s segments with an init segment', async () => {
    for (const { name } of first.renditions) {
      const playlist = await stored(first.content_hash, `${name}/index.m3u8`);
      expect(playlist).toMatch(/^#EXTM3U\n/);
      expect(playlist).toMatch(/#EXT-X-TARGETDURATION:(6|7)\n/);
      expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(playlist).toContain('#EXT-X-MAP:URI="init.mp4"');
      expect(playlist.trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
      const durations = [...playlist.matchAll(/#EXTINF:([\d.]+),\n(.+)\n/g)].map((m) => ({ seconds: Number(m[1]), uri: m[2]! }));
      expect(durations.map((d) => d.uri)).toEqual(['seg_00001.m4s', 'seg_00002.m4s', 'seg_00003.m4s']);
      for (const d of durations.slice(0, -1)) expect(Math.abs(d.seconds - 6)).toBeLessThan(0.1);
      expect(durations.reduce((sum, d) => sum + d.seconds, 0)).toBeCloseTo(SOURCE_SECONDS, 1);

      const init = await readFile(path.join(origin.storeDir, 'hls', first.content_hash, name, 'init.mp4'));
      expect(init.subarray(4, 8).toString('latin1')).toBe('ftyp');
      for (const d of durations) {
        const segment = await readFile(path.join(origin.storeDir, 'hls', first.content_hash, name, d.uri));
        expect(segment.includes('moof')).toBe(true);
      }
    }
  });

  it('uploads every file with its content type, meta.json last', async () => {
    const prefix = `hls/${first.content_hash}/`;
    const ours = origin.puts.filter((p) => p.path.startsWith(prefix));
    expect(ours.at(-1)!.path).toBe(`${prefix}meta.json`);
    expect(ours.filter((p) => p.path.endsWith('meta.json'))).toHaveLength(1);
    const typeOf = (suffix: string) => new Set(ours.filter((p) => p.path.endsWith(suffix)).map((p) => p.contentType));
    expect(typeOf('.m3u8')).toEqual(new Set(['application/vnd.apple.mpegurl']));
    expect(typeOf('.mp4')).toEqual(new Set(['audio/mp4']));
    expect(typeOf('.m4s')).toEqual(new Set(['audio/mp4']));
    expect(typeOf('.json')).toEqual(new Set(['application/json']));
    // master + 4 × (playlist + init + 3 segments) + meta
    expect(ours).toHaveLength(1 + 4 * 5 + 1);
    expect(JSON.parse(await stored(first.content_hash, 'meta.json'))).toEqual(first);
  });

  it('produces AAC-LC stereo that decodes back to the length of the source', async () => {
    const base = `${origin.ingestUrl}/hls/${first.content_hash}`;
    for (const { name } of aac(first)) {
      const stream = await audioStreamInfo(`${base}/${name}/index.m3u8`, authHeader());
      expect(stream).toMatchObject({ codec_name: 'aac', profile: 'LC', sample_rate: '44100', channels: 2 });
      const seconds = await decodedSeconds(`${base}/${name}/index.m3u8`, authHeader());
      // AAC adds up to two frames (1024 samples of priming, padding to a whole frame).
      expect(Math.abs(seconds - SOURCE_SECONDS)).toBeLessThan(0.05);
    }
    expect(Math.abs((await decodedSeconds(`${base}/master.m3u8`, authHeader())) - SOURCE_SECONDS)).toBeLessThan(0.05);
  });

  it('reuses the stored ladder when the same audio is uploaded again, uploading nothing', async () => {
    const again = path.join(work, 'same-song-again.flac');
    await copyFile(sourcePath, again);
    const putsBefore = origin.puts.length;
    const second = await transcode(again, 'job-again');
    expect(second).toEqual({ ...first, reused: true });
    expect(origin.puts.length).toBe(putsBefore);
  });

  it('measures loudness from the audio: a quiet source reads far lower than a loud one', async () => {
    const quiet = path.join(work, 'quiet.mp3');
    const loud = path.join(work, 'loud.wav');
    await generateTone(quiet, { seconds: 8, gain: 0.05, sampleRate: 48000 });
    await generateTone(loud, { seconds: 8, gain: 0.8 });
    const [q, l] = await Promise.all([transcode(quiet, 'job-quiet'), transcode(loud, 'job-loud')]);
    expect(q.loudness_lufs).toBeLessThan(0);
    expect(l.loudness_lufs).toBeLessThan(0);
    // 0.05 vs 0.8 linear gain is 24 dB apart.
    expect(l.loudness_lufs - q.loudness_lufs).toBeGreaterThan(20);
    expect(l.loudness_lufs - q.loudness_lufs).toBeLessThan(28);
    expect(Math.abs(q.duration_ms - 8000)).toBeLessThanOrEqual(50);
    const stream = await audioStreamInfo(`${origin.ingestUrl}/hls/${q.content_hash}/128k/index.m3u8`, authHeader());
    expect(stream.sample_rate).toBe('48000');
  });

  it('retries uploads the store answers with 5xx', async () => {
    const file = path.join(work, 'retry.wav');
    await generateTone(file, { seconds: 4, gain: 0.3 });
    origin.failNextPuts(2);
    const result = await transcode(file, 'job-retry');
    const master = await stored(result.content_hash, 'master.m3u8');
    expect(master).toContain('256k/index.m3u8');
    for (const { name } of result.renditions) {
      expect(await stored(result.content_hash, `${name}/init.mp4`)).not.toBe('');
      expect(await stored(result.content_hash, `${name}/seg_00001.m4s`)).not.toBe('');
    }
  });

  it('leaves no temporary files behind', async () => {
    expect(await readdir(path.join(work, 'jobs'))).toEqual([]);
  });
});
