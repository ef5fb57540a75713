import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { newIdOn } from '#core/shards.ts';
import type {} from '../../../test/support/hls-fixture-contract.ts';
import { api, BASE, body, eventually, registerUser, type TestSession } from './helpers.ts';
import { createPlaylist } from './playlist-support.ts';

const ladder = inject('hlsLongFixture');
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
const randomHex = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

const HOSTILE_TITLE = '</title><script>alert("owned")</script> & <b>';
const audioHash = randomHex();
const coverHash = randomHex();
const artistId = newIdOn(env, 'art', 2);
const albumId = newIdOn(env, 'alb', 2);
const trackId = newIdOn(env, 'trk', 2);
const silentTrackId = newIdOn(env, 'trk', 2);
let listener: TestSession;

const share = (uri: unknown, token = listener.access_token) => api('/api/v1/share', { method: 'POST', token, json: { uri } });
const pathOf = (url: string) => new URL(url).pathname;
const page = (path: string) => api(path);
const metaContent = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html)?.[1];
const playlistText = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());

beforeAll(async () => {
  // The real 45 s ladder, where the transcoder would have left it.
  await Promise.all(Object.entries(ladder.files).map(([file, b64]) => env.MEDIA.put(mediaKeys.inLadder(audioHash, file), fromBase64(b64))));
  await env.CATALOG_2.batch([
    env.CATALOG_2.prepare('INSERT INTO artists (id, name) VALUES (?, ?)').bind(artistId, 'Sine & "Waves" <i>'),
    env.CATALOG_2.prepare('INSERT INTO albums (id, artist_id, name, image_hash) VALUES (?, ?, ?, ?)').bind(albumId, artistId, 'Tones', coverHash),
    env.CATALOG_2.prepare(
      "INSERT INTO tracks (id, artist_id, album_id, title, duration_ms, status, audio_hash, track_number) VALUES (?, ?, ?, ?, 45000, 'ready', ?, 1)",
    ).bind(trackId, artistId, albumId, HOSTILE_TITLE, audioHash),
    // Imported: ready, but no audio, so no preview.
    env.CATALOG_2.prepare(
      "INSERT INTO tracks (id, artist_id, album_id, title, duration_ms, status, track_number) VALUES (?, ?, ?, 'Liner notes', 1000, 'ready', 2)",
    ).bind(silentTrackId, artistId, albumId),
  ]);
  listener = await registerUser();
});

describe('POST /api/v1/share', () => {
  it('answers 201 with an absolute short link, the same one for the same uri', async () => {
    const res = await share(`encore:track:${trackId}`);
    expect(res.status).toBe(201);
    const { url } = await body(res);
    expect(url).toMatch(/^https:\/\/encore\.test\/s\/[0-9A-Za-z]{10}$/);
    const again = await body(await share(`encore:track:${trackId}`, (await registerUser()).access_token));
    expect(again.url).toBe(url);
    for (const uri of [`encore:album:${albumId}`, `encore:artist:${artistId}`]) expect((await share(uri)).status).toBe(201);
  });

  it('needs a token', async () => {
    expect((await api('/api/v1/share', { method: 'POST', json: { uri: `encore:track:${trackId}` } })).status).toBe(401);
  });

  it('answers 422 to what is not an encore uri, 404 to what does not exist', async () => {
    for (const uri of ['spotify:track:1', `encore:user:${trackId}`, 'encore:track:', trackId, 42, `encore:track:${trackId}<x>`]) {
      const res = await share(uri);
      expect(res.status).toBe(422);
      expect((await body(res)).error.status).toBe(422);
    }
    const missing = await share(`encore:track:${newIdOn(env, 'trk', 1)}`);
    expect(missing.status).toBe(404);
    expect((await body(missing)).error.code).toBe('track_not_found');
    // An id of another kind, or naming no shard, is just as missing.
    expect((await share(`encore:album:${trackId}`)).status).toBe(404);
    expect((await share('encore:artist:art_v9999_nothing')).status).toBe(404);
  });

  it('refuses a private playlist: 403 for its owner, 404 for anyone else; a public one is shared', async () => {
    const owner = await registerUser();
    const hidden = await createPlaylist(owner.access_token, { name: 'Secret', public: false });
    const open = await createPlaylist(owner.access_token, { name: 'Open', public: true });
    const ownerTry = await eventually(
      () => share(`encore:playlist:${hidden.id}`, owner.access_token),
      (res) => res.status !== 404,
    );
    expect(ownerTry.status).toBe(403);
    expect((await body(ownerTry)).error.code).toBe('playlist_private');
    expect((await share(`encore:playlist:${hidden.id}`)).status).toBe(404);
    const shared = await eventually(
      () => share(`encore:playlist:${open.id}`),
      (res) => res.status === 201,
    );
    const html = await playlistText(await page(pathOf((await body(shared)).url)));
    expect(metaContent(html, 'og:title')).toBe('Open');
    expect(metaContent(html, 'og:description')).toMatch(/^Playlist · by /);
  });
});

describe('GET /s/{code}', () => {
  it("is an HTML page with the track's OpenGraph tags: title, artist, cover, preview; and a player and a link into the web player", async () => {
    const { url } = await body(await share(`encore:track:${trackId}`));
    const res = await page(pathOf(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=60');
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    const html = await playlistText(res);

    expect(metaContent(html, 'og:title')).toBe('&#60;/title&#62;&#60;script&#62;alert(&#34;owned&#34;)&#60;/script&#62; &#38; &#60;b&#62;');
    expect(metaContent(html, 'og:description')).toBe('Song · Sine &#38; &#34;Waves&#34; &#60;i&#62;');
    expect(metaContent(html, 'og:image')).toBe(`${BASE}/media/images/${coverHash}/640.webp`);
    expect(metaContent(html, 'og:audio')).toBe(`${BASE}/api/v1/tracks/${trackId}/preview`);
    expect(metaContent(html, 'og:url')).toBe(url);
    expect(metaContent(html, 'twitter:card')).toBe('summary_large_image');
    expect(html).toContain(`<audio controls preload="none" data-preview="/api/v1/tracks/${trackId}/preview" aria-label="30-second preview of &#60;/title&#62;`);
    expect(html).toContain(`<a class="open" href="/album/${albumId}">Open in Encore</a>`);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<img src="\/media\/images\/[0-9a-f]{64}\/640\.webp" width="640" height="640" alt="Cover of &#60;/);

    // The hostile title is text, never markup: one <title>, and no script but the page's own.
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script src="/share/preview.js" defer></script>');
    expect(html).not.toContain('<b>');
  });

  it('is edge-cached: a second read is the cached page', async () => {
    const { url } = await body(await share(`encore:album:${albumId}`));
    const first = await playlistText(await page(pathOf(url)));
    const key = new Request(url);
    const cached = await eventually(
      () => caches.default.match(key),
      (hit) => hit !== undefined,
    );
    expect(await playlistText(cached!)).toBe(first);
    // An album's preview is its first track with audio; the audio-less one is passed over.
    expect(metaContent(first, 'og:audio')).toBe(`${BASE}/api/v1/tracks/${trackId}/preview`);
  });

  it('is a 404 HTML page for an unknown or malformed code', async () => {
    for (const code of ['AAAAAAAAAA', 'x', '..%2F..%2Fetc']) {
      const res = await page(`/s/${code}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
      expect(await playlistText(res)).toContain('<h1>This link leads nowhere</h1>');
    }
  });
});

describe('preview_url', () => {
  it('is on track objects; it redirects to a signed preview master whose media playlists total at most 30 s', async () => {
    const track = await body(await api(`/api/v1/tracks/${trackId}`));
    expect(track.preview_url).toBe(`/api/v1/tracks/${trackId}/preview`);
    const albumTracks = await body(await api(`/api/v1/albums/${albumId}/tracks`, { token: listener.access_token }));
    expect(albumTracks.items.map((t: { preview_url: string | null }) => t.preview_url)).toEqual([track.preview_url, null]);
    expect((await body(await api(`/api/v1/tracks/${silentTrackId}`))).preview_url).toBeNull();

    // No token: anyone may play it.
    const redirect = await api(track.preview_url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const master = new URL(redirect.headers.get('Location')!, BASE);
    expect(master.pathname).toBe(`/media/hls/${audioHash}/master.m3u8`);
    expect(master.searchParams.get('scope')).toBe('preview');
    const variants = (await playlistText(await api(`${master.pathname}${master.search}`))).split('\n').filter((l) => l && !l.startsWith('#'));
    expect(variants).toHaveLength(3);
    for (const variant of variants) {
      const playlist = await playlistText(await api(variant));
      const seconds = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(seconds).toBeGreaterThan(20);
      expect(seconds).toBeLessThanOrEqual(30);
      expect(playlist).toContain('#EXT-X-ENDLIST');
    }
    // The full track is still the track's own stream URL: without a token, the free tier's (tiers.test.ts).
    const full = await playlistText(await api(track.stream.hls_url));
    expect(new URL(full.split('\n').find((l) => l && !l.startsWith('#'))!, BASE).searchParams.get('scope')).toBe('free');
  });

  it('is 404 for a track with no audio', async () => {
    const res = await api(`/api/v1/tracks/${silentTrackId}/preview`);
    expect(res.status).toBe(404);
    expect((await body(res)).error.code).toBe('preview_not_found');
  });
});
