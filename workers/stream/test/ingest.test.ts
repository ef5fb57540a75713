import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BASE, body, bytes, fixture, freshHash, fromBase64, ingest, ingestAuth, media, signed, untilCached } from './helpers.ts';

const segment = () => fromBase64(fixture.files[`${fixture.renditions[0]}/seg_00001.m4s`]!);

describe('authentication', () => {
  it('refuses a PUT without the transcoder secret with 401 and writes nothing', async () => {
    const hash = freshHash();
    const res = await media(`/media/ingest/hls/${hash}/64k/seg_00001.m4s`, { method: 'PUT', body: segment() });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect((await body(res)).error.code).toBe('unauthorized');
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });

  it('refuses a wrong secret, including one that only shares a prefix', async () => {
    const hash = freshHash();
    for (const token of ['nope', `${env.TRANSCODER_SECRET}x`, env.TRANSCODER_SECRET.slice(0, -1)]) {
      const res = await ingest(hash, '64k/seg_00001.m4s', segment(), { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    }
    expect(await env.MEDIA.head(`hls/${hash}/64k/seg_00001.m4s`)).toBeNull();
  });

  it('refuses reads without the secret too', async () => {
    const res = await media(`/media/ingest/hls/${freshHash()}/meta.json`);
    expect(res.status).toBe(401);
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

    const got = await media(`/media/ingest/hls/${hash}/meta.json`, { headers: ingestAuth });
    expect(got.status).toBe(200);
    expect(got.headers.get('Content-Type')).toBe('application/json');
    expect(await body(got)).toEqual(JSON.parse(meta));

    const head = await media(`/media/ingest/hls/${hash}/meta.json`, { method: 'HEAD', headers: ingestAuth });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('Content-Length'))).toBe(meta.length);

    const missing = await media(`/media/ingest/hls/${freshHash()}/meta.json`, { headers: ingestAuth });
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
    const res = await media(`/media/ingest/hls/${freshHash()}/meta.json`, { method: 'DELETE', headers: ingestAuth });
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
