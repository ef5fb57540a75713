import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeFailure, TranscodeResult } from '../../core/protocol/transcode.ts';
import { generateTone } from '../testing/generate-audio.ts';
import type { LocalOrigin } from '../testing/local-origin.ts';
import type { RunningTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';
import { startTestService, TEST_SECRET, type TestService } from '../testing/test-service.ts';

const SECRET = TEST_SECRET;
const SECONDS = 3;
const run = promisify(execFile);

let work: string;
let jobsDir: string;
let origin: LocalOrigin;
let transcoder: RunningTranscoder;
let tone: string;
/** A real FLAC somewhere on "the transcoder's host" that no upload may turn into a track. */
let planted: string;

const job = (file: string) => ({
  job_id: `job-${crypto.randomUUID()}`,
  source_url: origin.serveSource(file),
  ingest_url: origin.ingestUrl,
  ingest_token: origin.ingestToken,
});

async function encode(name: string, args: string[]): Promise<string> {
  const file = path.join(work, name);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', tone, ...args, file]);
  return file;
}

/** An ID3v2.4 tag holding a title (TIT2), as taggers put in front of MP3 (and sometimes FLAC) files. */
function id3Tag(title: string): Buffer {
  const text = Buffer.from(`\x03${title}`, 'latin1');
  const frame = Buffer.concat([Buffer.from('TIT2'), Buffer.from([0, 0, 0, text.length, 0, 0]), text]);
  const padded = Buffer.concat([frame, Buffer.alloc(64)]);
  return Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, padded.length]), padded]);
}

async function withPrefix(name: string, prefix: Buffer, file: string): Promise<string> {
  const out = path.join(work, name);
  await writeFile(out, Buffer.concat([prefix, await readFile(file)]));
  return out;
}

async function textFile(name: string, text: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, text);
  return file;
}

async function expectRefusedAsNotAudio(file: string): Promise<void> {
  const putsBefore = origin.puts.length;
  const answer = await submitJob(transcoder.url, job(file), SECRET);
  expect(answer.status, JSON.stringify(answer.body)).toBe(422);
  const { error } = TranscodeFailure.parse(answer.body);
  expect(error).toMatchObject({ permanent: true, code: 'not_audio' });
  expect(error.message).toMatch(/^The file could not be read as audio: .+\.$/);
  expect(error.message).not.toContain(work);
  // Nothing was made of the planted file: no upload at all, no ladder in the store.
  expect(origin.puts.length).toBe(putsBefore);
  expect(await stat(path.join(origin.storeDir, 'hls')).catch(() => null)).toBeNull();
}

let service: TestService;

beforeAll(async () => {
  service = await startTestService('input');
  ({ work, jobsDir, origin, transcoder } = service);
  await mkdir(path.join(work, 'host'));
  planted = path.join(work, 'host', 'private-recording.flac');
  await generateTone(planted, { seconds: 5 });
  tone = path.join(work, 'tone.wav');
  await generateTone(tone, { seconds: SECONDS });
});

afterAll(() => service?.close());

describe('a source that is a playlist or a list of other files', () => {
  it('fails as not audio when it is an HLS playlist naming a FLAC on the host by file:// URL (declared audio/mpeg)', async () => {
    const playlist = `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:5\n#EXTINF:5.0,\nfile://${planted}\n#EXT-X-ENDLIST\n`;
    await expectRefusedAsNotAudio(await textFile('upload.mp3', playlist));
  });

  it('fails as not audio when the playlist names the file by plain path or hides behind an ID3 tag', async () => {
    const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5.0,\n${planted}\n#EXT-X-ENDLIST\n`;
    await expectRefusedAsNotAudio(await textFile('plain-path.mp3', playlist));
    await expectRefusedAsNotAudio(await withPrefix('tagged-playlist.mp3', id3Tag('Hidden'), await textFile('inner.m3u8', playlist)));
  });

  it('fails as not audio when it is an ffconcat script', async () => {
    await expectRefusedAsNotAudio(await textFile('concat.mp3', `ffconcat version 1.0\nfile '${planted}'\nfile 'file:${planted}'\n`));
  });

  it('fails as not audio when it is an SDP description or a plain list of paths', async () => {
    await expectRefusedAsNotAudio(await textFile('session.mp3', 'v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nm=audio 5004 RTP/AVP 96\n'));
    await expectRefusedAsNotAudio(await textFile('paths.mp3', `${planted}\n`));
  });
});

describe('every audio format Encore takes', () => {
  // The third column: a lossless source also gets the FLAC rendition.
  const formats: Array<[string, () => Promise<string>, boolean]> = [
    ['FLAC', () => encode('a.flac', []), true],
    ['FLAC with an ID3v2 tag in front', async () => withPrefix('tagged.flac', id3Tag('Tagged'), await encode('b.flac', [])), true],
    ['WAV', () => encode('a.wav', ['-c:a', 'pcm_s24le']), true],
    ['AIFF', () => encode('a.aiff', []), true],
    ['AIFF-C', () => encode('c.aiff', ['-c:a', 'pcm_s16le']), true],
    ['MP3 with an ID3v2 tag', () => encode('a.mp3', ['-b:a', '192k']), false],
    ['MP3, bare frames', () => encode('bare.mp3', ['-id3v2_version', '0', '-write_xing', '0']), false],
    ['AAC in ADTS', () => encode('a.aac', ['-c:a', 'aac', '-f', 'adts']), false],
    ['AAC in M4A', () => encode('a.m4a', ['-c:a', 'aac']), false],
    ['ALAC in M4A', () => encode('alac.m4a', ['-c:a', 'alac']), true],
    ['Ogg Vorbis', () => encode('a.ogg', ['-c:a', 'libvorbis']), false],
    ['Opus', () => encode('a.opus', ['-c:a', 'libopus']), false],
    ['FLAC in Ogg', () => encode('flac.oga', ['-c:a', 'flac', '-f', 'ogg']), true],
  ];

  it.each(formats)('transcodes %s', async (_name, make, lossless) => {
    const answer = await submitJob(transcoder.url, job(await make()), SECRET);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const result = TranscodeResult.parse(answer.body);
    // Lossy codecs add a little priming and padding.
    expect(Math.abs(result.duration_ms - SECONDS * 1000)).toBeLessThan(80);
    expect(result.renditions.map((r) => r.name)).toEqual(['64k', '128k', '256k', ...(lossless ? ['lossless'] : [])]);
  });

  it('leaves no temporary files behind', async () => {
    expect(await readdir(jobsDir)).toEqual([]);
  });
});
