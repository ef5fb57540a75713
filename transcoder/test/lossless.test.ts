import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeResult } from '../../core/protocol/transcode.ts';
import { losslessFormatFor, withTotalDuration } from '../src/lossless.ts';
import { parseMediaPlaylist } from '../src/master-playlist.ts';
import { submitJob } from '../testing/submit-job.ts';
import { startTestService, TEST_SECRET, type TestService } from '../testing/test-service.ts';

const run = promisify(execFile);
const SECONDS = 9;

let service: TestService;

/** Two detuned tones and a little noise, so FLAC has real work; `codecArgs` pick the depth and container. */
async function source(name: string, sampleRate: number, codecArgs: string[]): Promise<string> {
  const file = path.join(service.work, name);
  const filter =
    `aevalsrc=0.3*sin(2*PI*440*t)+0.2*sin(2*PI*659.3*t)|0.3*sin(2*PI*443*t)+0.2*sin(2*PI*554.4*t):s=${sampleRate}:d=${SECONDS}[tones];` +
    `anoisesrc=a=0.02:c=pink:r=${sampleRate}:d=${SECONDS},aformat=channel_layouts=stereo[noise];[tones][noise]amix=inputs=2:normalize=0[out]`;
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', filter, '-map', '[out]', ...codecArgs, file]);
  return file;
}

async function transcode(file: string, profile: 'music' | 'speech' = 'music'): Promise<TranscodeResult> {
  const { origin, transcoder } = service;
  const job = {
    job_id: `job-${crypto.randomUUID()}`,
    profile,
    source_url: origin.serveSource(file),
    ingest_url: origin.ingestUrl,
    ingest_token: origin.ingestToken,
  };
  const answer = await submitJob(transcoder.url, job, TEST_SECRET);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return TranscodeResult.parse(answer.body);
}

const ladderFile = (result: TranscodeResult, file: string) => path.join(service.origin.storeDir, 'hls', result.content_hash, file);

interface ProbedStream {
  codec_name: string;
  sample_rate: string;
  bits_per_raw_sample?: string;
  channels: number;
}

async function probe(input: string): Promise<ProbedStream> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_streams', '-print_format', 'json', input]);
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams[0]!;
}

/** MD5 of the decoded samples as `pcm` (s16le or s32le): equal for two inputs only when every sample is. */
async function pcmDigest(input: string, pcm: 'pcm_s16le' | 'pcm_s32le'): Promise<string> {
  const { stdout } = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', input, '-map', '0:a:0', '-c:a', pcm, '-f', 'md5', '-']);
  return stdout.trim();
}

beforeAll(async () => {
  service = await startTestService('lossless');
});

afterAll(() => service?.close());

describe('the lossless rendition of a 24-bit/96 kHz FLAC', () => {
  let result: TranscodeResult;
  let file: string;
  beforeAll(async () => {
    file = await source('hires.flac', 96_000, ['-c:a', 'flac', '-sample_fmt', 's32', '-bits_per_raw_sample', '24']);
    result = await transcode(file);
  });

  it('is listed beside the AAC ladder as fLaC, marked 24-bit/96 kHz', () => {
    expect(result.renditions.map((r) => [r.name, r.codecs])).toEqual([
      ['64k', 'mp4a.40.2'],
      ['128k', 'mp4a.40.2'],
      ['256k', 'mp4a.40.2'],
      ['lossless', 'fLaC'],
    ]);
    expect(result.lossless).toEqual({ bit_depth: 24, sample_rate: 96_000 });
  });

  it('is FLAC in fMP4 at the source’s 96 kHz and 24 bits, sample for sample the source', async () => {
    const playlist = ladderFile(result, 'lossless/index.m3u8');
    expect(await probe(playlist)).toMatchObject({ codec_name: 'flac', sample_rate: '96000', bits_per_raw_sample: '24', channels: 2 });
    const init = await readFile(ladderFile(result, 'lossless/init.mp4'));
    expect(init.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(init.includes('fLaC')).toBe(true);
    expect(init.includes('dfLa')).toBe(true);
    expect(await pcmDigest(playlist, 'pcm_s32le')).toBe(await pcmDigest(file, 'pcm_s32le'));
  });

  it('is in the master with CODECS="fLaC" and BANDWIDTH, AVERAGE-BANDWIDTH measured from its segments', async () => {
    const lossless = result.renditions.find((r) => r.name === 'lossless')!;
    const master = await readFile(ladderFile(result, 'master.m3u8'), 'utf8');
    expect(master).toContain(
      `#EXT-X-STREAM-INF:BANDWIDTH=${lossless.bandwidth},AVERAGE-BANDWIDTH=${lossless.average_bandwidth},CODECS="fLaC"\nlossless/index.m3u8\n`,
    );
    const segments = parseMediaPlaylist(await readFile(ladderFile(result, 'lossless/index.m3u8'), 'utf8'));
    expect(segments.length).toBe(2);
    let bits = 0;
    for (const s of segments) bits += (await stat(ladderFile(result, `lossless/${s.uri}`))).size * 8;
    const seconds = segments.reduce((sum, s) => sum + s.seconds, 0);
    // The segments add up to the source's length, not to a whole last FLAC block more.
    expect(Math.abs(seconds - SECONDS)).toBeLessThan(0.002);
    expect(lossless.average_bandwidth).toBe(Math.ceil(bits / seconds));
    expect(lossless.bandwidth).toBeGreaterThanOrEqual(lossless.average_bandwidth);
    expect(lossless.bitrate_kbps).toBe(Math.round(lossless.average_bandwidth / 1000));
    // 24-bit/96 kHz stereo is 4608 kb/s as PCM; FLAC of tones and noise lands well under it and well over AAC's 256.
    expect(lossless.average_bandwidth).toBeLessThan(4_608_000);
    expect(lossless.average_bandwidth).toBeGreaterThan(256_000);
  });
});

describe('which sources get a lossless rendition, at what format', () => {
  it('keeps a 16-bit/44.1 kHz WAV at 16-bit/44.1 kHz, sample for sample', async () => {
    const file = await source('cd.wav', 44_100, ['-c:a', 'pcm_s16le']);
    const result = await transcode(file);
    expect(result.lossless).toEqual({ bit_depth: 16, sample_rate: 44_100 });
    const playlist = ladderFile(result, 'lossless/index.m3u8');
    expect(await probe(playlist)).toMatchObject({ codec_name: 'flac', sample_rate: '44100', bits_per_raw_sample: '16' });
    expect(await pcmDigest(playlist, 'pcm_s16le')).toBe(await pcmDigest(file, 'pcm_s16le'));
  });

  it('brings a 32-bit float 192 kHz WAV down to 24-bit/96 kHz', async () => {
    const result = await transcode(await source('studio.wav', 192_000, ['-c:a', 'pcm_f32le']));
    expect(result.lossless).toEqual({ bit_depth: 24, sample_rate: 96_000 });
    expect(await probe(ladderFile(result, 'lossless/index.m3u8'))).toMatchObject({ codec_name: 'flac', sample_rate: '96000', bits_per_raw_sample: '24' });
  });

  it('gives an MP3 source none: no lossless rendition, nothing of it in the master or the store', async () => {
    const result = await transcode(await source('lossy.mp3', 44_100, ['-c:a', 'libmp3lame', '-b:a', '320k']));
    expect(result.renditions.map((r) => r.name)).toEqual(['64k', '128k', '256k']);
    expect(result.lossless).toBeUndefined();
    const master = await readFile(ladderFile(result, 'master.m3u8'), 'utf8');
    expect(master).not.toContain('fLaC');
    expect(master).not.toContain('lossless/');
    expect(service.origin.puts.some((p) => p.path.startsWith(`hls/${result.content_hash}/lossless/`))).toBe(false);
  });

  it('gives an episode (the speech ladder) none, even from a lossless source', async () => {
    const result = await transcode(await source('talk.flac', 48_000, ['-c:a', 'flac']), 'speech');
    expect(result.renditions.map((r) => r.name)).toEqual(['32k', '64k', '96k']);
    expect(result.lossless).toBeUndefined();
  });

  it('decides from the codec and depth ffprobe reports', () => {
    expect(losslessFormatFor({ codec: 'alac', sampleRate: 48_000, bitsPerSample: 24 })).toEqual({ bitDepth: 24, sampleRate: 48_000 });
    expect(losslessFormatFor({ codec: 'pcm_s24be', sampleRate: 176_400, bitsPerSample: 24 })).toEqual({ bitDepth: 24, sampleRate: 88_200 });
    expect(losslessFormatFor({ codec: 'flac', sampleRate: 44_100, bitsPerSample: 20 })).toEqual({ bitDepth: 24, sampleRate: 44_100 });
    expect(losslessFormatFor({ codec: 'pcm_u8', sampleRate: 44_100, bitsPerSample: 8 })).toBeNull();
    expect(losslessFormatFor({ codec: 'pcm_mulaw', sampleRate: 8_000, bitsPerSample: 8 })).toBeNull();
    for (const lossy of ['mp3', 'aac', 'opus', 'vorbis']) expect(losslessFormatFor({ codec: lossy, sampleRate: 48_000, bitsPerSample: 0 })).toBeNull();
  });

  it('shortens only the last EXTINF of a media playlist to the measured length', () => {
    const playlist = '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:6.058667,\nseg_00001.m4s\n#EXTINF:3.026667,\nseg_00002.m4s\n#EXT-X-ENDLIST\n';
    expect(withTotalDuration(playlist, 9)).toBe(playlist.replace('#EXTINF:3.026667,', '#EXTINF:2.941333,'));
    // Never longer than ffmpeg said, and never down to nothing.
    expect(withTotalDuration(playlist, 9.5)).toBe(playlist);
    expect(withTotalDuration(playlist, 6)).toBe(playlist);
  });
});
