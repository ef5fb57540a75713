import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_SIZES, imageKey } from '#core/artwork/images.ts';
import { coverPng } from '../../../scripts/lib/cover-art.mjs';
import { adminSession } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';
import { connectDevice } from './player-support.ts';

const sha256 = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

const putImage = (path: string, token: string, image: BodyInit, headers: Record<string, string> = {}) =>
  api(path, { method: 'PUT', token, body: image, headers: { 'Content-Type': 'image/png', ...headers } });

interface ArtistAccount {
  token: string;
  artistId: string;
  albumId: string;
  trackId: string;
}

/** An artist account with one album (made by opening an upload that names it). */
async function artistWithAlbum(albumName: string): Promise<ArtistAccount> {
  const session = await registerUser('artist');
  const token = session.access_token;
  const me = await body(await api('/api/v1/me', { token }));
  const upload = await body(
    await api('/api/v1/uploads', {
      method: 'POST',
      token,
      json: { title: `${albumName} opener`, album: albumName, size_bytes: 1000, content_type: 'audio/flac' },
    }),
  );
  const track = await body(await api(`/api/v1/tracks/${upload.track_id}`, { token }));
  return { token, artistId: me.artist_id, albumId: track.album.id, trackId: upload.track_id };
}

let owner: ArtistAccount;
let cover: Uint8Array;

describe('artwork', () => {
  beforeAll(async () => {
    owner = await artistWithAlbum('Square Waves');
    // Wider than tall: the squares are centre crops, not squashed.
    cover = await coverPng('Square Waves', { width: 800, height: 500 });
  });

  it('makes 640, 300 and 64 px squares from an album cover, lists them on the album and serves them immutable', async () => {
    const res = await putImage(`/api/v1/albums/${owner.albumId}/image`, owner.token, cover);
    expect(res.status).toBe(202);
    const hash = await sha256(cover);
    const expected = IMAGE_SIZES.map((size) => ({ url: `/media/images/${hash}/${size}.webp`, width: size, height: size }));
    expect(await body(res)).toEqual({ images: expected });

    for (const size of IMAGE_SIZES) {
      const object = await env.MEDIA.get(imageKey(hash, size));
      expect(object?.httpMetadata?.contentType).toBe('image/webp');
      const info = await env.IMAGES.info(object!.body);
      expect(info).toMatchObject({ format: 'image/webp', width: size, height: size });
    }

    const album = await body(await api(`/api/v1/albums/${owner.albumId}`, { token: owner.token }));
    expect(album.images).toEqual(expected);
    const track = await body(await api(`/api/v1/tracks/${owner.trackId}`, { token: owner.token }));
    expect(track.album).toEqual({ id: owner.albumId, name: 'Square Waves', images: expected });
    const albums = await body(await api(`/api/v1/artists/${owner.artistId}/albums`, { token: owner.token }));
    expect(albums.items[0].images).toEqual(expected);

    for (const image of expected) {
      const served = await api(image.url);
      expect(served.status).toBe(200);
      expect(served.headers.get('Content-Type')).toBe('image/webp');
      expect(served.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
      const etag = served.headers.get('ETag');
      expect(etag).toBeTruthy();
      const bytes = new Uint8Array(await served.arrayBuffer());
      expect(await env.IMAGES.info(new Blob([bytes]).stream())).toMatchObject({ width: image.width, height: image.height });
      const again = await api(image.url, { headers: { 'If-None-Match': etag! } });
      expect(again.status).toBe(304);
      await again.arrayBuffer();
    }
  });

  it("carries the album's cover in what the player holds, for the player bar and the OS media controls", async () => {
    const listener = (await registerUser('listener')).access_token;
    const device = await connectDevice(listener, 'laptop');
    const play = await api('/api/v1/me/player/play?device_id=laptop', { method: 'PUT', token: listener, json: { uris: [`encore:track:${owner.trackId}`] } });
    expect(play.status).toBe(204);
    const state = await body(await api('/api/v1/me/player', { token: listener }));
    const images = (await body(await api(`/api/v1/albums/${owner.albumId}`, { token: listener }))).images;
    expect(images).toHaveLength(3);
    expect(state.item.album).toEqual({ id: owner.albumId, name: 'Square Waves', images });
    const pushed = await device.next('state', (m) => m.player?.item?.id === owner.trackId);
    expect(pushed.player?.item?.type === 'track' && pushed.player.item.album?.images).toEqual(images);
    device.close();
  });

  it("sets an artist's picture, shown on the artist", async () => {
    const picture = await coverPng('Portrait', { width: 300, height: 300 });
    const res = await putImage(`/api/v1/artists/${owner.artistId}/image`, owner.token, picture, { 'Content-Type': 'application/octet-stream' });
    expect(res.status).toBe(202);
    const artist = await body(await api(`/api/v1/artists/${owner.artistId}`, { token: owner.token }));
    expect(artist.images.map((i: { width: number }) => i.width)).toEqual([640, 300, 64]);
    expect(artist.images[0].url).toBe(`/media/images/${await sha256(picture)}/640.webp`);
  });

  it('reuses the stored sizes when the same bytes are uploaded again, for another album too', async () => {
    const other = await artistWithAlbum('Same Cover');
    const first = await body(await putImage(`/api/v1/albums/${owner.albumId}/image`, owner.token, cover));
    const before = await env.MEDIA.head(imageKey(await sha256(cover), 640));
    const res = await putImage(`/api/v1/albums/${other.albumId}/image`, other.token, cover);
    expect(res.status).toBe(202);
    expect(await body(res)).toEqual(first);
    const after = await env.MEDIA.head(imageKey(await sha256(cover), 640));
    expect(after?.uploaded.getTime()).toBe(before?.uploaded.getTime());
  });

  it('lets only the artist or an admin set an album cover or artist picture', async () => {
    const stranger = await artistWithAlbum('Not Yours');
    const listener = (await registerUser('listener')).access_token;
    for (const token of [stranger.token, listener]) {
      const album = await putImage(`/api/v1/albums/${owner.albumId}/image`, token, cover);
      expect(album.status).toBe(403);
      expect((await body(album)).error.code).toBe('not_your_album');
      const artist = await putImage(`/api/v1/artists/${owner.artistId}/image`, token, cover);
      expect(artist.status).toBe(403);
      expect((await body(artist)).error.code).toBe('not_your_artist');
    }
    const admin = await adminSession();
    const adminCover = await coverPng('Admin Pick');
    expect((await putImage(`/api/v1/albums/${stranger.albumId}/image`, admin, adminCover)).status).toBe(202);
    const album = await body(await api(`/api/v1/albums/${stranger.albumId}`, { token: admin }));
    expect(album.images[0].url).toBe(`/media/images/${await sha256(adminCover)}/640.webp`);
    expect((await putImage('/api/v1/albums/alb_v0001_nope/image', admin, adminCover)).status).toBe(404);
  });

  it('refuses what is not an image, too small or too large with the reason, and leaves the album as it was', async () => {
    const subject = await artistWithAlbum('Bad Input');
    const put = (image: BodyInit, headers?: Record<string, string>) => putImage(`/api/v1/albums/${subject.albumId}/image`, subject.token, image, headers);
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const { error } = await body(res);
      expect(error).toMatchObject({ status, code });
      expect(error.message).toEqual(expect.any(String));
    };

    await expectError(await put('this is not an image'), 422, 'not_an_image');
    // PNG magic, then garbage: the sniff passes, the decoder does not.
    const fakePng = new Uint8Array(2048);
    fakePng.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expectError(await put(fakePng), 422, 'not_an_image');
    const small = await put(await coverPng('Tiny', { width: 640, height: 200 }));
    expect(small.status).toBe(422);
    expect((await body(small)).error).toMatchObject({ code: 'image_too_small', message: expect.stringContaining('640 × 200') });

    const limit = Number(env.MAX_IMAGE_BYTES);
    await expectError(await put(new Uint8Array(limit + 1)), 413, 'image_too_large');
    // No Content-Length: the cap holds on the streamed body too.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    void (async () => {
      for (let sent = 0; sent <= limit; sent += 1 << 20) await writer.write(new Uint8Array(1 << 20)).catch(() => {});
      await writer.close().catch(() => {});
    })();
    await expectError(await put(readable), 413, 'image_too_large');

    const album = await body(await api(`/api/v1/albums/${subject.albumId}`, { token: subject.token }));
    expect(album.images).toEqual([]);
  });

  it('limits how many images one account may send a minute (429 with Retry-After)', async () => {
    const busy = await artistWithAlbum('Busy');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await putImage(`/api/v1/albums/${busy.albumId}/image`, busy.token, 'not an image')).status);
    expect(statuses.every((s) => s === 422)).toBe(true);
    const limited = await putImage(`/api/v1/albums/${busy.albumId}/image`, busy.token, 'not an image');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
    expect((await body(limited)).error.code).toBe('image_rate_limited');
  });

  it('answers 404 for images that do not exist and for malformed image paths', async () => {
    const missing = `/media/images/${'0'.repeat(64)}/640.webp`;
    expect((await api(missing)).status).toBe(404);
    const hash = await sha256(cover);
    expect((await api(`/media/images/${hash}/500.webp`)).status).toBe(404);
    expect((await api(`/media/images/not-a-hash/640.webp`)).status).toBe(404);
  });
});
