import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { body, bytes, fixture, fromBase64, inSeconds, media, oldKeySigning, signed } from './helpers.ts';

async function storedSource(): Promise<{ uploadId: string; source: Uint8Array }> {
  const uploadId = `upl1_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const source = fromBase64(fixture.source);
  await env.MEDIA.put(mediaKeys.source(uploadId), source, { httpMetadata: { contentType: 'audio/wav' } });
  return { uploadId, source };
}

describe('upload sources', () => {
  it('streams the source file to a holder of the signed URL', async () => {
    const { uploadId, source } = await storedSource();
    const res = await media(await signed(`/media/sources/${uploadId}`, inSeconds(900)));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('audio/wav');
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    expect(Number(res.headers.get('Content-Length'))).toBe(source.length);
    expect(await bytes(res)).toEqual(source);
  });

  it('accepts the rotated-out key', async () => {
    const { uploadId, source } = await storedSource();
    const res = await media(await signed(`/media/sources/${uploadId}`, inSeconds(900), oldKeySigning));
    expect(await bytes(res)).toEqual(source);
  });

  it('answers ranges from R2', async () => {
    const { uploadId, source } = await storedSource();
    const url = await signed(`/media/sources/${uploadId}`, inSeconds(900));
    const res = await media(url, { headers: { Range: 'bytes=44-1043' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('Content-Range')).toBe(`bytes 44-1043/${source.length}`);
    expect(await bytes(res)).toEqual(source.slice(44, 1044));

    const beyond = await media(url, { headers: { Range: `bytes=${source.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('Content-Range')).toBe(`bytes */${source.length}`);
  });

  it('refuses unsigned, expired and tampered URLs with 403', async () => {
    const { uploadId } = await storedSource();
    expect((await media(`/media/sources/${uploadId}`)).status).toBe(403);
    const expired = await media(await signed(`/media/sources/${uploadId}`, inSeconds(-1)));
    expect(expired.status).toBe(403);
    expect((await body(expired)).error.code).toBe('signature_expired');
    const other = await storedSource();
    const moved = (await signed(`/media/sources/${uploadId}`, inSeconds(900))).replace(uploadId, other.uploadId);
    expect((await media(moved)).status).toBe(403);
  });

  it('is 404 when the upload has no source', async () => {
    const res = await media(await signed('/media/sources/upl1_missing00000', inSeconds(900)));
    expect(res.status).toBe(404);
    expect((await body(res)).error.code).toBe('source_not_found');
  });
});
