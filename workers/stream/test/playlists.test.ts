import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { verifySignedUrl } from '#core/signing.ts';
import { rewritePlaylist } from '../src/playlists.ts';
import {
  BASE,
  body,
  bytes,
  fixture,
  fromBase64,
  ingestLadder,
  inSeconds,
  media,
  oldKeySigning,
  playback,
  signed,
  signing,
  text,
  untilCached,
} from './helpers.ts';

/** Every URI a playlist references: URI lines and `URI="..."` attributes. */
function urisIn(playlist: string): string[] {
  return playlist.split('\n').flatMap((line) => {
    if (line.startsWith('#')) return [...line.matchAll(/URI="([^"]*)"/g)].map((m) => m[1]!);
    return line.trim() ? [line.trim()] : [];
  });
}

describe('master playlist', () => {
  it('lists the three renditions with every URI an absolute path signed with the request expiry', async () => {
    const hash = await ingestLadder();
    const exp = inSeconds(6 * 3600);
    const res = await media(await signed(`/media/hls/${hash}/master.m3u8`, exp));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/vnd.apple.mpegurl');
    const master = await text(res);
    expect(master.startsWith('#EXTM3U')).toBe(true);
    expect(master.match(/#EXT-X-STREAM-INF:.*BANDWIDTH=\d+.*AVERAGE-BANDWIDTH=\d+.*CODECS="mp4a\.40\.2"/g)).toHaveLength(3);

    const uris = urisIn(master);
    expect(uris.map((u) => new URL(u, BASE).pathname)).toEqual(fixture.renditions.map((r) => `/media/hls/${hash}/${r}/index.m3u8`));
    for (const uri of uris) {
      expect(uri.startsWith(`/media/hls/${hash}/`)).toBe(true);
      const url = new URL(uri, BASE);
      expect(url.searchParams.get('exp')).toBe(String(exp));
      expect(await verifySignedUrl(url, signing, playback)).toEqual({ ok: true, scope: null });
    }
  });

  it('caches privately, never beyond the signature expiry', async () => {
    const hash = await ingestLadder();
    const long = await media(await signed(`/media/hls/${hash}/master.m3u8`, inSeconds(6 * 3600)));
    expect(long.headers.get('Cache-Control')).toBe('private, max-age=300');
    const short = await media(await signed(`/media/hls/${hash}/master.m3u8`, inSeconds(20)));
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(short.headers.get('Cache-Control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(20);
  });

  it('is 404 in the error shape when the ladder does not exist', async () => {
    const res = await media(await signed(`/media/hls/${'0'.repeat(64)}/master.m3u8`));
    expect(res.status).toBe(404);
    expect(await body(res)).toEqual({ error: { status: 404, code: 'playlist_not_found', message: expect.any(String) } });
  });
});

describe('following the signed URIs end to end', () => {
  it('goes master → media playlist → init and segments, with the bytes that were ingested', async () => {
    const hash = await ingestLadder();
    const exp = inSeconds(6 * 3600);
    const master = await text(await media(await signed(`/media/hls/${hash}/master.m3u8`, exp)));

    for (const [i, variant] of urisIn(master).entries()) {
      const rendition = fixture.renditions[i]!;
      const playlistRes = await media(variant);
      expect(playlistRes.status).toBe(200);
      expect(playlistRes.headers.get('Content-Type')).toBe('application/vnd.apple.mpegurl');
      const playlist = await text(playlistRes);
      expect(playlist).toMatch(/#EXT-X-MAP:URI="\/media\/hls\/[0-9a-f]{64}\/[^"]+\/init\.mp4\?exp=\d+&kid=dev2&sig=[^"]+"/);
      expect(playlist).toContain('#EXT-X-ENDLIST');

      const uris = urisIn(playlist);
      const segments = uris.filter((u) => u.includes('.m4s'));
      expect(uris[0]).toContain(`/${rendition}/init.mp4?`);
      expect(segments.length).toBe(Object.keys(fixture.files).filter((f) => f.startsWith(`${rendition}/seg_`)).length);
      expect(segments.length).toBeGreaterThanOrEqual(3);

      for (const uri of uris) {
        const url = new URL(uri, BASE);
        expect(url.searchParams.get('exp')).toBe(String(exp));
        const res = await media(uri);
        expect(res.status).toBe(200);
        expect(res.headers.get('Content-Type')).toBe('audio/mp4');
        const file = url.pathname.slice(`/media/hls/${hash}/`.length);
        expect(await bytes(res)).toEqual(fromBase64(fixture.files[file]!));
      }
    }
  });

  it('signs the URIs of a playlist requested with a rotated-out key, using the current key', async () => {
    const hash = await ingestLadder();
    const res = await media(await signed(`/media/hls/${hash}/${fixture.renditions[0]}/index.m3u8`, inSeconds(600), oldKeySigning));
    expect(res.status).toBe(200);
    const uris = urisIn(await text(res));
    expect(uris.length).toBeGreaterThan(1);
    for (const uri of uris) expect(new URL(uri, BASE).searchParams.get('kid')).toBe(env.SIGNING_KEY_ID);
  });
});

describe('compression', () => {
  it('sends the playlist gzip-compressed to clients that accept gzip', async () => {
    const hash = await ingestLadder();
    const url = `${BASE}${await signed(`/media/hls/${hash}/master.m3u8`)}`;
    const plain = await exports.default.fetch(url);
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    const plainText = await text(plain);

    // "manual" hands the test the bytes exactly as the worker sent them, undecoded.
    const zipped = await exports.default.fetch(url, { headers: { 'Accept-Encoding': 'br, gzip' }, encodeResponseBody: 'manual' });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toContain('Accept-Encoding');
    const raw = await bytes(zipped);
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    expect(raw.length).toBeLessThan(new TextEncoder().encode(plainText).length);
    const unzipped = await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    // The same playlist, signed the same way (signatures depend only on path and expiry).
    expect(unzipped.replace(/exp=\d+/g, '')).toBe(plainText.replace(/exp=\d+/g, ''));
  });

  it('does not compress when gzip is refused', async () => {
    const hash = await ingestLadder();
    const res = await exports.default.fetch(`${BASE}${await signed(`/media/hls/${hash}/master.m3u8`)}`, {
      headers: { 'Accept-Encoding': 'gzip;q=0, identity' },
      encodeResponseBody: 'manual',
    });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect((await text(res)).startsWith('#EXTM3U')).toBe(true);
  });
});

describe('raw playlist cache', () => {
  it('serves a playlist from the edge cache, whatever the signature, once R2 has been read', async () => {
    const hash = await ingestLadder();
    const path = `/media/hls/${hash}/${fixture.renditions[1]}/index.m3u8`;
    const first = await text(await media(await signed(path, inSeconds(600))));
    await untilCached(`${BASE}${path}`);
    await env.MEDIA.delete(`hls/${hash}/${fixture.renditions[1]}/index.m3u8`);

    const laterExpiry = inSeconds(1200);
    const second = await media(await signed(path, laterExpiry));
    expect(second.status).toBe(200);
    const uris = urisIn(await text(second)).map((u) => new URL(u, BASE));
    expect(uris.map((u) => u.pathname)).toEqual(urisIn(first).map((u) => new URL(u, BASE).pathname));
    for (const url of uris) expect(url.searchParams.get('exp')).toBe(String(laterExpiry));
  });
});

describe('rewritePlaylist', () => {
  const hash = 'ab'.repeat(32);
  const root = `/media/hls/${hash}/`;

  it('signs URI attributes of any tag, not only EXT-X-MAP', async () => {
    const real = new TextDecoder().decode(fromBase64(fixture.files['master.m3u8']!));
    const withMedia = real.replace(
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="main",URI="64k/index.m3u8"',
    );
    const out = await rewritePlaylist(withMedia, `${root}master.m3u8`, root, 1_900_000_000, signing);
    const media = /#EXT-X-MEDIA:.*URI="([^"]+)"/.exec(out)?.[1];
    expect(media).toMatch(new RegExp(`^${root}64k/index\\.m3u8\\?exp=1900000000&kid=dev2&sig=`));
    expect(await verifySignedUrl(new URL(media!, BASE), signing, { maxLifetimeSeconds: 1_900_000_000, nowSeconds: 0 })).toEqual({ ok: true, scope: null });
    expect(out).toContain('NAME="main"');
  });

  it('never signs a path outside the ladder, and leaves foreign absolute URLs alone', async () => {
    const real = new TextDecoder().decode(fromBase64(fixture.files['64k/index.m3u8']!));
    const tampered = real.replace('seg_00002.m4s', '../../other/secret.m4s').replace('seg_00003.m4s', 'https://cdn.example/x.m4s');
    const out = await rewritePlaylist(tampered, `${root}64k/index.m3u8`, root, 1_900_000_000, signing);
    expect(out).toContain('\n../../other/secret.m4s');
    expect(out).toContain('\nhttps://cdn.example/x.m4s');
    expect(out).toMatch(new RegExp(`\n${root}64k/seg_00001\\.m4s\\?exp=1900000000&kid=dev2&sig=`));
    expect(out).not.toMatch(/\/media\/hls\/[0-9a-f]+\/other/);
  });
});
