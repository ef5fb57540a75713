import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { offlineKeyBytes } from '#core/offline-key.ts';
import { formatLicenseRef, offlineKeyPath, type LicenseRef } from '#core/protocol/offline.ts';
import { signPath } from '#core/signing.ts';
import { BASE, body, bytes, fixture, fromBase64, ingestLadder, inSeconds, media, signed, signing, text, untilCached } from './helpers.ts';

const license: LicenseRef = { userId: 'usr_eu_v0001_offlineListener', trackId: 'trk_v0001_offlineTrack', epoch: 1_767_225_600_000 };
const lic = formatLicenseRef(license);
const offline = (path: string, ref = lic) => signPath(path, inSeconds(3600), signing, 'offline', ref);

const uriLines = (playlist: string): string[] => playlist.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
const keyTags = (playlist: string): string[] => playlist.split('\n').filter((line) => line.startsWith('#EXT-X-KEY:'));
const hexBytes = (hex: string): Uint8Array<ArrayBuffer> => Uint8Array.from(hex.match(/../g)!, (pair) => Number.parseInt(pair, 16));

async function decrypt(keyBytes: ArrayBuffer, iv: Uint8Array<ArrayBuffer>, cipher: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-CBC', false, ['decrypt']);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, cipher));
}

let hash: string;
const top = () => fixture.renditions.at(-1)!;
beforeAll(async () => {
  hash = await ingestLadder();
});

describe('offline copies at the stream worker: HLS AES-128 under the listener’s license', () => {
  it('carries the scope and the license into every rendition of the master, the whole ladder included', async () => {
    const master = await text(await media(await offline(`/media/hls/${hash}/master.m3u8`)));
    const variants = uriLines(master).map((uri) => new URL(uri, BASE));
    expect(variants.map((url) => url.pathname.split('/').at(-2))).toEqual(fixture.renditions);
    for (const url of variants) {
      expect(url.searchParams.get('scope')).toBe('offline');
      expect(url.searchParams.get('lic')).toBe(lic);
    }
    expect(keyTags(master)).toEqual([]);
  });

  it('names the key URL and a distinct IV before every segment, after the plain init segment', async () => {
    const playlist = await text(await media(await offline(`/media/hls/${hash}/${top()}/index.m3u8`)));
    const keys = keyTags(playlist);
    const segments = uriLines(playlist);
    expect(keys).toHaveLength(segments.length);
    for (const tag of keys) expect(tag).toMatch(new RegExp(`^#EXT-X-KEY:METHOD=AES-128,URI="${offlineKeyPath(license.trackId)}",IV=0x[0-9a-f]{32}$`));
    expect(new Set(keys).size).toBe(keys.length);
    // A key tag before the map would apply to the init segment too (RFC 8216 4.3.2.5).
    expect(playlist.indexOf('#EXT-X-MAP:')).toBeLessThan(playlist.indexOf('#EXT-X-KEY:'));
    const lines = playlist.split('\n');
    for (const [i, line] of lines.entries()) if (line.startsWith('#EXT-X-KEY:')) expect(lines[i + 1]).toMatch(/^#EXTINF:/);
  });

  it('serves each segment encrypted, decrypting with the license key and its IV to exactly the plaintext; the init segment plain', async () => {
    const playlist = await text(await media(await offline(`/media/hls/${hash}/${top()}/index.m3u8`)));
    const keyBytes = await offlineKeyBytes(env.OFFLINE_KEY_SECRET, license);
    const ivs = keyTags(playlist).map((tag) => hexBytes(/IV=0x([0-9a-f]{32})/.exec(tag)![1]!));
    const segments = uriLines(playlist);
    for (const [i, uri] of segments.entries()) {
      const res = await media(uri);
      expect(res.status).toBe(200);
      expect(res.headers.get('Cache-Control')).toMatch(/^private, max-age=\d+$/);
      const cipher = (await bytes(res)) as Uint8Array<ArrayBuffer>;
      const plain = fromBase64(fixture.files[`${top()}/${new URL(uri, BASE).pathname.split('/').at(-1)}`]!);
      // PKCS#7 pads to the next whole block, always at least one byte.
      expect(cipher.length).toBe((Math.floor(plain.length / 16) + 1) * 16);
      expect(cipher.slice(0, plain.length)).not.toEqual(plain);
      expect(await decrypt(keyBytes, ivs[i]!, cipher)).toEqual(plain);
    }
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)![1]!;
    expect(await bytes(await media(init))).toEqual(fromBase64(fixture.files[`${top()}/init.mp4`]!));
  });

  it('keeps the plaintext in the edge cache, shared with ordinary playback', async () => {
    const path = `/media/hls/${hash}/${top()}/seg_00002.m4s`;
    await bytes(await media(await offline(path)));
    await untilCached(`${BASE}${path}`);
    const cached = await caches.default.match(`${BASE}${path}`);
    expect(await bytes(cached!)).toEqual(fromBase64(fixture.files[`${top()}/seg_00002.m4s`]!));
    expect(await bytes(await media(await signed(path)))).toEqual(fromBase64(fixture.files[`${top()}/seg_00002.m4s`]!));
  });

  it('encrypts for another license under another key', async () => {
    const path = `/media/hls/${hash}/${top()}/seg_00001.m4s`;
    const other = formatLicenseRef({ ...license, epoch: license.epoch + 1 });
    const [mine, theirs] = await Promise.all([bytes(await media(await offline(path))), bytes(await media(await offline(path, other)))]);
    expect(theirs).not.toEqual(mine);
  });

  it('refuses an offline URL whose license was removed or changed, and a license without the offline scope', async () => {
    const url = new URL(await offline(`/media/hls/${hash}/${top()}/seg_00001.m4s`), BASE);
    const stripped = new URL(url);
    stripped.searchParams.delete('lic');
    const swapped = new URL(url);
    swapped.searchParams.set('lic', formatLicenseRef({ ...license, userId: 'usr_eu_v0001_someoneElse' }));
    const unscoped = new URL(url);
    unscoped.searchParams.delete('scope');
    for (const tampered of [stripped, swapped, unscoped]) {
      const res = await media(`${tampered.pathname}${tampered.search}`);
      expect(res.status).toBe(403);
      expect((await body(res)).error.code).toBe('signature_invalid');
    }
    await expect(signPath('/media/hls/x/master.m3u8', inSeconds(60), signing, 'offline')).rejects.toThrow(/license/);
  });
});
