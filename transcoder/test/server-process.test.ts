import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TranscoderProcess, spawnTranscoder } from '../testing/spawn-transcoder.ts';

const entry = path.resolve(import.meta.dirname, '../src/server.ts');
let service: TranscoderProcess;

beforeAll(async () => {
  service = await spawnTranscoder({ TRANSCODER_SECRET: 'process-secret', TRANSCODER_CONCURRENCY: '3' });
});

afterAll(async () => {
  await service?.stop();
});

describe('node transcoder/src/server.ts', () => {
  it('starts under plain Node and reports ffmpeg on /health', async () => {
    const res = await fetch(`${service.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; ffmpeg: string };
    expect(body.status).toBe('ok');
    expect(body.ffmpeg).toMatch(/^\d+\.\d+/);
    expect(JSON.parse(service.lines[0]!)).toMatchObject({ event: 'listening', concurrency: 3 });
  });

  it('refuses jobs without the secret', async () => {
    const res = await fetch(`${service.url}/jobs`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('exits with a clear message, not a stack trace, when TRANSCODER_SECRET is missing', () => {
    const env = { ...process.env, TRANSCODER_SECRET: '', PORT: '0' };
    const result = spawnSync(process.execPath, [entry], { env, encoding: 'utf8', timeout: 10_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('transcoder: TRANSCODER_SECRET is required');
  });

  it('stops on SIGTERM', async () => {
    await service.stop();
    expect(service.child.exitCode).toBe(0);
  });
});
