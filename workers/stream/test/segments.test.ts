import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE, body, bytes, fixture, fromBase64, ingestLadder, media, signed, untilCached } from './helpers.ts';

let hash: string;
beforeAll(async () => {
  hash = await ingestLadder();
});

const rendition = () => fixture.renditions[1]!;
const segmentPath = (n = 1) => `/media/hls/${hash}/${rendition()}/seg_${String(n).padStart(5, '0')}.m4s`;
const segmentBytes = (n = 1) => fromBase64(fixture.files[`${rendition()}/seg_${String(n).padStart(5, '0')}.m4s`]!);

describe('segment delivery', () => {
  it('serves the exact bytes with immutable public caching, a strong ETag and byte ranges advertised', async () => {
    const res = await media(await signed(segmentPath()));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('audio/mp4');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('Accept-Ranges')).toBe('bytes');
    expect(res.headers.get('ETag')).toMatch(/^"[^"]+"$/);
    expect(Number(res.headers.get('Content-Length'))).toBe(segmentBytes().length);
    expect(await bytes(res)).toEqual(segmentBytes());
  });

  it('serves init.mp4 as audio/mp4', async () => {
    const res = await media(await signed(`/media/hls/${hash}/${rendition()}/init.mp4`));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('audio/mp4');
    expect(await bytes(res)).toEqual(fromBase64(fixture.files[`${rendition()}/init.mp4`]!));
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await media(await signed(segmentPath(2)), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('Content-Length'))).toBe(segmentBytes(2).length);
    expect(res.headers.get('ETag')).toMatch(/^"/);
    expect((await bytes(res)).length).toBe(0);
  });

  it('is 404 for a segment that does not exist', async () => {
    const res = await media(await signed(`/media/hls/${hash}/${rendition()}/seg_00099.m4s`));
    expect(res.status).toBe(404);
    expect((await body(res)).error.code).toBe('segment_not_found');
  });
});

describe('byte ranges', () => {
  it('answers a range with 206, Content-Range and exactly those bytes', async () => {
    const url = await signed(segmentPath());
    const all = segmentBytes();
    const res = await media(url, { headers: { Range: 'bytes=100-1099' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('Content-Range')).toBe(`bytes 100-1099/${all.length}`);
    expect(res.headers.get('Content-Length')).toBe('1000');
    expect(await bytes(res)).toEqual(all.slice(100, 1100));
  });

  it('answers open-ended and suffix ranges', async () => {
    const url = await signed(segmentPath(3));
    const all = segmentBytes(3);
    const open = await media(url, { headers: { Range: `bytes=${all.length - 10}-` } });
    expect(open.status).toBe(206);
    expect(open.headers.get('Content-Range')).toBe(`bytes ${all.length - 10}-${all.length - 1}/${all.length}`);
    expect(await bytes(open)).toEqual(all.slice(-10));

    const suffix = await media(url, { headers: { Range: 'bytes=-500' } });
    expect(suffix.status).toBe(206);
    expect(await bytes(suffix)).toEqual(all.slice(-500));

    const clipped = await media(url, { headers: { Range: `bytes=5-${all.length + 1000}` } });
    expect(clipped.headers.get('Content-Range')).toBe(`bytes 5-${all.length - 1}/${all.length}`);
    expect(await bytes(clipped)).toEqual(all.slice(5));
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const size = segmentBytes().length;
    const res = await media(await signed(segmentPath()), { headers: { Range: `bytes=${size}-${size + 10}` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('Content-Range')).toBe(`bytes */${size}`);
    expect((await body(res)).error).toEqual({ status: 416, code: 'range_not_satisfiable', message: expect.any(String) });
  });

  it('serves ranges from the cache too', async () => {
    const path = segmentPath(2);
    await bytes(await media(await signed(path)));
    await untilCached(`${BASE}${path}`);
    const res = await media(await signed(path), { headers: { Range: 'bytes=0-15' } });
    expect(res.status).toBe(206);
    expect(await bytes(res)).toEqual(segmentBytes(2).slice(0, 16));
  });

  it('ignores a range whose If-Range names another version', async () => {
    const res = await media(await signed(segmentPath()), { headers: { Range: 'bytes=0-9', 'If-Range': '"not-this-one"' } });
    expect(res.status).toBe(200);
    expect((await bytes(res)).length).toBe(segmentBytes().length);
  });
});

describe('conditional requests', () => {
  it('answers If-None-Match with the current ETag with 304 and no body', async () => {
    const url = await signed(segmentPath());
    const first = await media(url);
    const etag = first.headers.get('ETag')!;
    await bytes(first);
    const again = await media(await signed(segmentPath()), { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect((await bytes(again)).length).toBe(0);

    const stale = await media(url, { headers: { 'If-None-Match': '"something-else"' } });
    expect(stale.status).toBe(200);
    expect(await bytes(stale)).toEqual(segmentBytes());
  });
});

describe('edge cache', () => {
  it('keys the cache by path alone and serves from it once R2 has been read', async () => {
    const freshHash = await ingestLadder();
    const file = `${rendition()}/seg_00001.m4s`;
    const path = `/media/hls/${freshHash}/${file}`;
    const first = await media(await signed(path));
    const etag = first.headers.get('ETag');
    expect(await bytes(first)).toEqual(fromBase64(fixture.files[file]!));
    await untilCached(`${BASE}${path}`);

    await env.MEDIA.delete(`hls/${freshHash}/${file}`);
    expect(await env.MEDIA.head(`hls/${freshHash}/${file}`)).toBeNull();

    // A differently signed URL (other expiry) hits the same entry.
    const second = await media(await signed(path, Math.floor(Date.now() / 1000) + 7200));
    expect(second.status).toBe(200);
    expect(second.headers.get('ETag')).toBe(etag);
    expect(await bytes(second)).toEqual(fromBase64(fixture.files[file]!));
  });

  it('still checks the signature of a request the cache could answer', async () => {
    const path = segmentPath();
    await bytes(await media(await signed(path)));
    await untilCached(`${BASE}${path}`);
    const res = await media(path);
    expect(res.status).toBe(403);
  });
});
