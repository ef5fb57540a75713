import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { INGEST_TOKEN_TTL_SECONDS, mintIngestToken } from '#core/ingest-token.ts';
import { BASE, body } from './helpers.ts';

const hash = 'c0'.repeat(32);
// The stream worker's INGEST_HOST and the test INGEST_SECRET (test/support/worker-project.ts): not api worker bindings.
const INGEST_HOST = 'ingest.encore.internal';
const INGEST_SECRET = (env as unknown as { INGEST_SECRET: string }).INGEST_SECRET;
const job = 'upl0_forwarding.1';
const token = await mintIngestToken(INGEST_SECRET, job, Math.floor(Date.now() / 1000) + INGEST_TOKEN_TTL_SECONDS);

/** What an attacker sends to the public origin: the transcoder's write path, every way it can be spelt. */
const ingestPaths = [
  '/media/ingest',
  '/media/ingest/',
  `/media/ingest/jobs/${job}/hls/${hash}/meta.json`,
  `/media/ingest/hls/${hash}/meta.json`,
  `/media/%69ngest/jobs/${job}/hls/${hash}/meta.json`,
  `/media/INGEST/jobs/${job}/hls/${hash}/meta.json`,
  `/media//ingest/jobs/${job}/hls/${hash}/meta.json`,
  `/media/hls/../ingest/jobs/${job}/hls/${hash}/meta.json`,
  `/media/hls/%2e%2e/ingest/jobs/${job}/hls/${hash}/meta.json`,
];

describe('the public origin and the ingest path', () => {
  it.each(ingestPaths)('answers 404 in the error shape for PUT and GET %s, even with a valid job token, and writes nothing', async (path) => {
    for (const origin of [BASE, `http://${INGEST_HOST}`]) {
      for (const method of ['PUT', 'GET']) {
        const res = await exports.default.fetch(
          new Request(`${origin}${path}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: method === 'PUT' ? '{}' : undefined,
          }),
        );
        expect(res.status, `${method} ${origin}${path}`).toBe(404);
        expect(await body(res)).toEqual({ error: { status: 404, code: 'route_not_found', message: expect.any(String) } });
      }
    }
    expect(await env.MEDIA.head(`hls/${hash}/meta.json`)).toBeNull();
  });

  it('still forwards playback and sources to the stream worker', async () => {
    const health = await exports.default.fetch(new Request(`${BASE}/media/health`));
    expect(health.status).toBe(200);
    const unsigned = await exports.default.fetch(new Request(`${BASE}/media/hls/${hash}/master.m3u8`));
    expect(unsigned.status).toBe(403);
    expect((await body(unsigned)).error.code).toBe('signature_missing');
    const source = await exports.default.fetch(new Request(`${BASE}/media/sources/upl0_x`));
    expect((await body(source)).error.code).toBe('signature_missing');
  });
});
