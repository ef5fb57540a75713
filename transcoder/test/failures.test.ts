import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscodeFailure } from '../../core/protocol/transcode.ts';
import { generateTone } from '../testing/generate-audio.ts';
import type { LocalOrigin } from '../testing/local-origin.ts';
import type { RunningTranscoder } from '../testing/start-transcoder.ts';
import { submitJob } from '../testing/submit-job.ts';
import { startTestService, TEST_SECRET, type TestService } from '../testing/test-service.ts';

const SECRET = TEST_SECRET;

let work: string;
let jobsDir: string;
let origin: LocalOrigin;
let transcoder: RunningTranscoder;
let song: string;

/** A URL on this machine where nothing listens. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const job = (source_url: string, ingest_url = origin.ingestUrl) => ({
  job_id: `job-${crypto.randomUUID()}`,
  source_url,
  ingest_url,
  ingest_token: origin.ingestToken,
});

let service: TestService;

beforeAll(async () => {
  service = await startTestService('failures');
  ({ work, jobsDir, origin, transcoder } = service);
  song = path.join(work, 'song.wav');
  await generateTone(song, { seconds: 3 });
});

afterAll(() => service?.close());

describe('POST /jobs refuses', () => {
  it('a missing or wrong secret with 401', async () => {
    for (const secret of [null, 'not-the-secret', '']) {
      const answer = await submitJob(transcoder.url, job(origin.serveSource(song)), secret);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body.error.code).toBe('unauthorized');
    }
    expect(origin.puts).toHaveLength(0);
  });

  it('a body that is not JSON with 400, and a job missing a field with 422 naming it', async () => {
    const malformed = await submitJob(transcoder.url, '{"job_id":', SECRET);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const invalid = await submitJob(
      transcoder.url,
      { job_id: 'j1', source_url: 'not a url', ingest_url: origin.ingestUrl, ingest_token: origin.ingestToken },
      SECRET,
    );
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toMatchObject({ code: 'invalid_request', permanent: true });
    expect(invalid.body.error.message).toContain('source_url');
  });

  it('unknown paths with 404 and other methods with 405', async () => {
    expect((await fetch(`${transcoder.url}/nope`)).status).toBe(404);
    const wrongMethod = await fetch(`${transcoder.url}/jobs`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});

describe('a job that cannot be done', () => {
  it('fails permanently with a readable message when the file is text renamed .mp3', async () => {
    const fake = path.join(work, 'not-really.mp3');
    await writeFile(fake, 'These are my lyrics, not my song.\n'.repeat(200));
    const answer = await submitJob(transcoder.url, job(origin.serveSource(fake)), SECRET);
    expect(answer.status).toBe(422);
    const { error } = TranscodeFailure.parse(answer.body);
    expect(error).toMatchObject({ permanent: true, code: 'not_audio' });
    expect(error.message).toMatch(/^The file could not be read as audio: .+\.$/);
    expect(error.message).not.toContain(os.tmpdir());
    expect(error.message).not.toContain('source');
    expect(error.message.length).toBeLessThan(200);
    expect(origin.puts).toHaveLength(0);
  });

  it('fails permanently when the file has no audio stream', async () => {
    const video = path.join(work, 'silent-film.mp4');
    await promisify(execFile)('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=64x64', video]);
    const answer = await submitJob(transcoder.url, job(origin.serveSource(video)), SECRET);
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      permanent: true,
      code: 'not_audio',
      message: 'The file could not be read as audio: it contains no audio stream.',
    });
  });

  it('answers 503, not permanent, when the source is unreachable', async () => {
    const answer = await submitJob(transcoder.url, job(`${await closedPortUrl()}/media/sources/up1?exp=1&kid=k&sig=s`), SECRET);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBeTruthy();
    expect(TranscodeFailure.parse(answer.body).error).toMatchObject({ permanent: false, code: 'source_unreachable' });
    expect(answer.body.error.message).toContain('ECONNREFUSED');
  });

  it('answers 503, not permanent, saying so when the source is missing', async () => {
    const answer = await submitJob(transcoder.url, job(`${origin.url}/media/sources/never-uploaded`), SECRET);
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ permanent: false, code: 'source_not_found', message: 'The source file was not found (404).' });
  });

  it('answers 503, not permanent, when the media store is unreachable', async () => {
    const answer = await submitJob(transcoder.url, job(origin.serveSource(song), `${await closedPortUrl()}/media/ingest`), SECRET);
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ permanent: false, code: 'store_unreachable' });
  });

  it('kills ffmpeg and cleans up when the caller hangs up, and keeps serving', async () => {
    const long = path.join(work, 'long.wav');
    await generateTone(long, { seconds: 90 });
    const cancel = new AbortController();
    const pending = submitJob(transcoder.url, job(origin.serveSource(long)), SECRET, cancel.signal).catch((error: Error) => error);
    // Hang up once the encoder is running (the job has made its output folder).
    let jobDir: string | undefined;
    while (!jobDir) {
      const [entry] = await readdir(jobsDir);
      if (entry && (await readdir(path.join(jobsDir, entry))).includes('out')) jobDir = path.join(jobsDir, entry);
      else await sleep(10);
    }
    cancel.abort();
    expect(await pending).toBeInstanceOf(Error);
    while ((await readdir(jobsDir)).length > 0) await sleep(20);
    const processes = (await promisify(execFile)('ps', ['-eo', 'args'])).stdout;
    expect(processes).not.toContain(jobDir);
    expect(origin.puts.filter((p) => p.path.endsWith('meta.json'))).toHaveLength(0);

    const next = await submitJob(transcoder.url, job(origin.serveSource(song)), SECRET);
    expect(next.status).toBe(200);
  });

  it('leaves no temporary files behind', async () => {
    expect(await readdir(jobsDir)).toEqual([]);
  });
});
