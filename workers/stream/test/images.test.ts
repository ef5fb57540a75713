import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_SIZES, imageKey, imageUrl } from '#core/artwork/images.ts';
import { BASE, bytes, freshHash, media, untilCached } from './helpers.ts';

// The stream worker only serves what the api stored; any bytes stand in for a WebP here.
const squareBytes = (size: number) => new TextEncoder().encode(`webp square ${size}`);

let hash: string;
beforeAll(async () => {
  hash = freshHash();
  for (const size of IMAGE_SIZES) await env.MEDIA.put(imageKey(hash, size), squareBytes(size), { httpMetadata: { contentType: 'image/webp' } });
});

describe('artwork', () => {
  it('serves every size publicly, unsigned, immutable for a year, with its ETag, then from the cache', async () => {
    for (const size of IMAGE_SIZES) {
      const res = await media(imageUrl(hash, size));
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('image/webp');
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('ETag')).toMatch(/^"/);
      expect(await bytes(res)).toEqual(squareBytes(size));
    }
    const path = imageUrl(hash, 640);
    await untilCached(`${BASE}${path}`);
    // Gone from R2, still served from the edge cache: the URL's bytes never change.
    await env.MEDIA.delete(imageKey(hash, 640));
    const cached = await media(path);
    expect(cached.status).toBe(200);
    expect(await bytes(cached)).toEqual(squareBytes(640));
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const path = imageUrl(hash, 300);
    const first = await media(path);
    await bytes(first);
    const again = await media(path, { headers: { 'If-None-Match': first.headers.get('ETag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 in the error shape for an unknown hash, a size not made, or a path that is not a hash', async () => {
    for (const path of [imageUrl(freshHash(), 64), `/media/images/${hash}/128.webp`, `/media/images/${hash}/64.png`, '/media/images/..%2Fhls/64.webp']) {
      const res = await media(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()) as object).toMatchObject({ error: { status: 404 } });
    }
  });
});
