import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { INGEST_TOKEN_TTL_SECONDS, mintIngestToken } from '#core/ingest-token.ts';
import { BASE, body, bytes, fixture, freshHash, fromBase64, inSeconds, ingest, ingestAuth, ingestBase, JOB_ID, media, signed, untilCached } from './helpers.ts';

const segment = () => fromBase64(fixture.files[`${fixture.renditions[0]}/seg_00001.m4s`]!);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function expectUnauthorized(res: Response, code: string): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
  expect(await body(res)).toEqual({ error: { status: 401, code, message: expect.any(String) } });
}

describe('the ingest host', () => {
  it('answers 404 in the error shape on any other host, even with a good token, and writes nothing', async () => {
    const hash = freshHash();
    for (const origin of [BASE, 'https://encore.test', `http://${env.INGEST_HOST}.evil.test`]) {
      const res = await media(`${origin}/media/ingest/jobs/${JOB_ID}/hls/${hash}/64k/seg_00001.m4s`, { method: 'PUT', body: segment(), headers: ingestAuth });
      expect(res.status, origin).toBe(404);
      expect((await body(res)).error.code).toBe('route_not_found');
    }
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });
});

describe('per-job tokens', () => {
  const put = (hash: string, headers: HeadersInit, jobId = JOB_ID) =>
    media(`${ingestBase(jobId)}/hls/${hash}/64k/seg_00001.m4s`, { method: 'PUT', body: segment(), headers });

  it('refuses a PUT without a token with 401 and writes nothing', async () => {
    const hash = freshHash();
    await expectUnauthorized(await put(hash, {}), 'ingest_token_missing');
    await expectUnauthorized(await put(hash, { Authorization: 'Basic abc' }), 'ingest_token_missing');
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });

  it('refuses an expired token', async () => {
    const hash = freshHash();
    const stale = await mintIngestToken(env.INGEST_SECRET, JOB_ID, inSeconds(-5));
    await expectUnauthorized(await put(hash, bearer(stale)), 'ingest_token_expired');
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });

  it("refuses another job's token", async () => {
    const hash = freshHash();
    const other = await mintIngestToken(env.INGEST_SECRET, 'upl0_other.1', inSeconds(600));
    await expectUnauthorized(await put(hash, bearer(other)), 'ingest_token_invalid');
    // …and this job's token on the other job's path.
    await expectUnauthorized(await put(hash, ingestAuth, 'upl0_other.1'), 'ingest_token_invalid');
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });

  it('refuses forged tokens: another key, a stretched expiry, a far-future expiry, the old static secret', async () => {
    const hash = freshHash();
    const good = await mintIngestToken(env.INGEST_SECRET, JOB_ID, inSeconds(600));
    const [, exp, mac] = good.split('.');
    const forged = [
      await mintIngestToken('not-the-ingest-secret', JOB_ID, inSeconds(600)),
      `v1.${Number(exp) + 3600}.${mac}`,
      // A genuine MAC, but no job is ever given this long.
      await mintIngestToken(env.INGEST_SECRET, JOB_ID, inSeconds(INGEST_TOKEN_TTL_SECONDS + 3600)),
      await mintIngestToken(env.INGEST_SECRET, JOB_ID, 4_102_444_800),
      'test-transcoder-secret',
      'dev-only-transcoder-secret',
      `${good}x`,
      good.slice(0, -1),
    ];
    for (const token of forged) await expectUnauthorized(await put(hash, bearer(token)), 'ingest_token_invalid');
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });

  it('refuses reads without the token too', async () => {
    await expectUnauthorized(await media(`${ingestBase()}/hls/${freshHash()}/meta.json`), 'ingest_token_missing');
  });

  it('writes with a good token', async () => {
    const hash = freshHash();
    const res = await put(hash, ingestAuth);
    expect(res.status).toBe(201);
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).not.toBeNull();
  });
});

describe('writing a ladder', () => {
  it('stores the body in R2 under hls/{hash}/{path} with its content type', async () => {
    const hash = freshHash();
    const res = await ingest(hash, '64k/seg_00001.m4s', segment(), { headers: { 'Content-Type': 'audio/mp4' } });
    expect(res.status).toBe(201);
    const reply = await body(res);
    expect(reply).toEqual({ key: `hls/${hash}/64k/seg_00001.m4s`, size: segment().length, etag: expect.any(String) });
    const stored = await env.MEDIA.get(`hls/${hash}/64k/seg_00001.m4s`);
    expect(stored?.httpMetadata?.contentType).toBe('audio/mp4');
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(segment());
  });

  it('reads an object back with GET and HEAD (how the transcoder finds a finished ladder)', async () => {
    const hash = freshHash();
    const meta = JSON.stringify({ content_hash: hash, renditions: fixture.renditions });
    expect((await ingest(hash, 'meta.json', meta, { headers: { 'Content-Type': 'application/json' } })).status).toBe(201);

    const got = await media(`${ingestBase()}/hls/${hash}/meta.json`, { headers: ingestAuth });
    expect(got.status).toBe(200);
    expect(got.headers.get('Content-Type')).toBe('application/json');
    expect(await body(got)).toEqual(JSON.parse(meta));

    const head = await media(`${ingestBase()}/hls/${hash}/meta.json`, { method: 'HEAD', headers: ingestAuth });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('Content-Length'))).toBe(meta.length);

    const missing = await media(`${ingestBase()}/hls/${freshHash()}/meta.json`, { headers: ingestAuth });
    expect(missing.status).toBe(404);
    expect((await body(missing)).error.code).toBe('object_not_found');
  });

  it('requires a Content-Length (a streamed body without one is refused)', async () => {
    const hash = freshHash();
    const bytes = segment();
    // A hand-made stream has no known length, so the request goes out without Content-Length.
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const res = await ingest(hash, '64k/seg_00001.m4s', chunked, { duplex: 'half' } as RequestInit);
    expect(res.status).toBe(400);
    expect((await body(res)).error.code).toBe('content_length_required');
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });

  it('overwrites an object, and playback then sees the new bytes rather than a stale cached copy', async () => {
    const hash = freshHash();
    const path = `/media/hls/${hash}/64k/seg_00001.m4s`;
    await ingest(hash, '64k/seg_00001.m4s', segment());
    expect(await bytes(await media(await signed(path)))).toEqual(segment());
    await untilCached(`${BASE}${path}`);

    const replacement = fromBase64(fixture.files[`${fixture.renditions[0]}/seg_00002.m4s`]!);
    expect((await ingest(hash, '64k/seg_00001.m4s', replacement)).status).toBe(201);
    const stored = await env.MEDIA.get(`hls/${hash}/64k/seg_00001.m4s`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(replacement);
    await untilCached(`${BASE}${path}`, false);
    expect(await bytes(await media(await signed(path)))).toEqual(replacement);
  });
});

describe('validation', () => {
  it('refuses a content hash that is not 64 lowercase hex characters with 422', async () => {
    for (const hash of ['abc', 'G'.repeat(64), 'A'.repeat(64), `${'a'.repeat(64)}0`]) {
      const res = await ingest(hash, 'master.m3u8', '#EXTM3U\n');
      expect(res.status).toBe(422);
      expect((await body(res)).error.code).toBe('invalid_content_hash');
    }
  });

  it('refuses paths that could escape the ladder or hold odd characters', async () => {
    const hash = freshHash();
    for (const path of ['64k/..%2F..%2Fsecret', '..%2Fother', '%2e%2e/%2e%2e/%2e%2e/uploads/x', 'a%00b', 'a b', 'a//b', '.%2Fx', '64k/seg%3F.m4s']) {
      const res = await ingest(hash, path, 'x');
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    // Whatever the URL parser did with them, nothing was written outside (or inside) the ladder.
    const listed = await env.MEDIA.list();
    expect(listed.objects.filter((o) => !/^hls\/[0-9a-f]{64}\/[A-Za-z0-9_./-]+$/.test(o.key) || o.key.includes('..'))).toEqual([]);
    expect(listed.objects.filter((o) => o.key.startsWith(`hls/${hash}/`))).toEqual([]);
  });

  it('says which part is wrong for an encoded traversal', async () => {
    const res = await ingest(freshHash(), '64k/..%2F..%2Fsecret', 'x');
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('invalid_path');
  });

  it('answers unsupported methods with 404 in the error shape', async () => {
    const res = await media(`${ingestBase()}/hls/${freshHash()}/meta.json`, { method: 'DELETE', headers: ingestAuth });
    expect(res.status).toBe(404);
    expect((await body(res)).error.code).toBe('route_not_found');
  });
});

it('leaves the bytes of the ingested ladder readable by playback', async () => {
  const hash = freshHash();
  await ingest(hash, '64k/seg_00001.m4s', segment());
  const res = await media(await signed(`/media/hls/${hash}/64k/seg_00001.m4s`));
  expect(await bytes(res)).toEqual(segment());
});
