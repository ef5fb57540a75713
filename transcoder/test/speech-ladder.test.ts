import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeResult } from '../../core/protocol/transcode.ts';
import { audioStreamInfo, decodedSeconds } from '../testing/decode-audio.ts';
import { generateSpeech } from '../testing/generate-audio.ts';
import { type LocalOrigin, startLocalOrigin } from '../testing/local-origin.ts';
import { type RunningTranscoder, startTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';

const SECRET = 'test-transcoder-secret';
const SOURCE_SECONDS = 20;

let work: string;
let origin: LocalOrigin;
let transcoder: RunningTranscoder;
let sourcePath: string;
let episode: TranscodeResult;

const authHeader = () => `Authorization: Bearer ${origin.ingestToken}\r\n`;

async function submit(file: string, jobId: string, profile: 'music' | 'speech', url = transcoder.url) {
  return submitJob(
    url,
    { job_id: jobId, profile, source_url: origin.serveSource(file), ingest_url: origin.ingestUrl, ingest_token: origin.ingestToken },
    SECRET,
  );
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'encore-speech-test-'));
  await mkdir(path.join(work, 'jobs'));
  sourcePath = path.join(work, 'episode.m4a');
  await generateSpeech(sourcePath, {
    seconds: SOURCE_SECONDS,
    chapters: [
      { title: 'Cold open', startSeconds: 0 },
      { title: 'The interview', startSeconds: 8 },
    ],
  });
  origin = await startLocalOrigin();
  transcoder = await startTranscoder({ secret: SECRET, workdir: path.join(work, 'jobs') });
  const answer = await submit(sourcePath, 'job-episode', 'speech');
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  episode = TranscodeResult.parse(answer.body);
});

afterAll(async () => {
  await transcoder?.close();
  await origin?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the speech ladder (episodes)', () => {
  it('makes mono AAC-LC at 32, 64 and 96 kb/s that decodes back to the length of the source', async () => {
    expect(episode.renditions.map((r) => [r.name, r.bitrate_kbps, r.codecs])).toEqual([
      ['32k', 32, 'mp4a.40.2'],
      ['64k', 64, 'mp4a.40.2'],
      ['96k', 96, 'mp4a.40.2'],
    ]);
    const base = `${origin.ingestUrl}/hls/${episode.content_hash}`;
    for (const r of episode.renditions) {
      expect(r.average_bandwidth).toBeGreaterThan(r.bitrate_kbps * 1000 * 0.5);
      expect(r.average_bandwidth).toBeLessThan(r.bitrate_kbps * 1000 * 1.3);
      expect(await audioStreamInfo(`${base}/${r.name}/index.m3u8`, authHeader())).toMatchObject({ codec_name: 'aac', profile: 'LC', channels: 1 });
    }
    const master = await readFile(path.join(origin.storeDir, 'hls', episode.content_hash, 'master.m3u8'), 'utf8');
    expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))).toHaveLength(3);
    expect(Math.abs((await decodedSeconds(`${base}/master.m3u8`, authHeader())) - SOURCE_SECONDS)).toBeLessThan(0.1);
    expect(Math.abs(episode.duration_ms - SOURCE_SECONDS * 1000)).toBeLessThanOrEqual(100);
  });

  it('normalises loudness to -16 LUFS and reports the chapters of the source', async () => {
    expect(Math.abs(episode.loudness_lufs - -16)).toBeLessThan(1.5);
    expect(episode.chapters).toEqual([
      { title: 'Cold open', start_ms: 0 },
      { title: 'The interview', start_ms: 8000 },
    ]);
  });

  it('keeps the ladder of the same bytes as music apart: a track of them gets the stereo ladder under the source hash', async () => {
    const music = TranscodeResult.parse((await submit(sourcePath, 'job-as-music', 'music')).body);
    const sourceHash = createHash('sha256')
      .update(await readFile(sourcePath))
      .digest('hex');
    expect(music.content_hash).toBe(sourceHash);
    expect(episode.content_hash).not.toBe(sourceHash);
    expect(music.reused).toBe(false);
    expect(music.renditions.map((r) => r.name)).toEqual(['64k', '128k', '256k']);
    expect(music.chapters).toBeUndefined();
    const again = TranscodeResult.parse((await submit(sourcePath, 'job-episode-again', 'speech')).body);
    expect(again).toEqual({ ...episode, reused: true });
  });

  it('holds episodes to MAX_EPISODE_SECONDS, not the music limit', async () => {
    // Bytes of their own: a ladder made earlier would be reused without a length check.
    const longer = path.join(work, 'longer.wav');
    await generateSpeech(longer, { seconds: 15 });
    const strict = await startTranscoder({ secret: SECRET, workdir: path.join(work, 'jobs'), maxSourceSeconds: 10, maxEpisodeSeconds: 10 });
    const roomy = await startTranscoder({ secret: SECRET, workdir: path.join(work, 'jobs'), maxSourceSeconds: 10, maxEpisodeSeconds: 30 });
    try {
      const asTrack = await submit(longer, 'job-limit-track', 'music', strict.url);
      expect(asTrack.body.error).toMatchObject({ permanent: true, code: 'source_too_long' });
      expect(asTrack.body.error.message).toContain('uploads are limited to 10 s (MAX_SOURCE_SECONDS = 10)');
      const refused = await submit(longer, 'job-limit-episode-short', 'speech', strict.url);
      expect(refused.body.error).toMatchObject({ permanent: true, code: 'source_too_long' });
      expect(refused.body.error.message).toContain('episodes are limited to 10 s (MAX_EPISODE_SECONDS = 10)');
      const asEpisode = await submit(longer, 'job-limit-episode', 'speech', roomy.url);
      expect(asEpisode.status, JSON.stringify(asEpisode.body)).toBe(200);
      expect(asEpisode.body.chapters).toEqual([]);
    } finally {
      await strict.close();
      await roomy.close();
    }
  });
});
