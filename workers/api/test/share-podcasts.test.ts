import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { newIdOn } from '#core/shards.ts';
import type {} from '../../../test/support/hls-fixture-contract.ts';
import { api, BASE, body, registerUser, type TestSession } from './helpers.ts';

/** Share links and previews of shows and episodes; share.test.ts has the same for tracks, albums, artists and playlists. */

const speechLadder = inject('hlsSpeechLongFixture');
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
const randomHex = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

const HOSTILE_SHOW = '</title><script>alert("show")</script> & <b>';
const HOSTILE_EPISODE = 'Ep. 1: "Quotes" & <i>tags</i>';
const audioHash = randomHex();
const coverHash = randomHex();
const artistId = newIdOn(env, 'art', 2);
const showId = newIdOn(env, 'shw', 2);
const silentShowId = newIdOn(env, 'shw', 2);
const episodeId = newIdOn(env, 'epi', 2);
const processingEpisodeId = newIdOn(env, 'epi', 2);
let listener: TestSession;

const share = (uri: string) => api('/api/v1/share', { method: 'POST', token: listener.access_token, json: { uri } });
const text = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());
const metaContent = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html)?.[1];
const uriLines = (playlist: string) => playlist.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
const totalSeconds = (playlist: string) => [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);

async function sharedPage(uri: string): Promise<string> {
  const first = await share(uri);
  expect(first.status).toBe(201);
  const { url } = await body(first);
  expect((await body(await share(uri))).url).toBe(url);
  const res = await api(new URL(url).pathname);
  expect(res.status).toBe(200);
  const html = await text(res);
  expect(metaContent(html, 'og:url')).toBe(url);
  return html;
}

beforeAll(async () => {
  // A real speech ladder (the transcoder's rungs, mono, 45 s), where the transcoder would have left it.
  await Promise.all(Object.entries(speechLadder.files).map(([file, b64]) => env.MEDIA.put(mediaKeys.inLadder(audioHash, file), fromBase64(b64))));
  await env.CATALOG_2.batch([
    env.CATALOG_2.prepare('INSERT INTO artists (id, name) VALUES (?, ?)').bind(artistId, 'Night Shift Media'),
    env.CATALOG_2.prepare('INSERT INTO shows (id, artist_id, name, description, publisher, image_hash) VALUES (?, ?, ?, ?, ?, ?)').bind(
      showId,
      artistId,
      HOSTILE_SHOW,
      'Late talk.',
      'NS "Media"',
      coverHash,
    ),
    env.CATALOG_2.prepare("INSERT INTO shows (id, artist_id, name, description, publisher) VALUES (?, ?, 'Quiet Hours', '', 'Nobody')").bind(
      silentShowId,
      artistId,
    ),
    env.CATALOG_2.prepare(
      "INSERT INTO episodes (id, show_id, name, status, duration_ms, audio_hash, created_at) VALUES (?, ?, ?, 'ready', 45000, ?, 1000)",
    ).bind(episodeId, showId, HOSTILE_EPISODE, audioHash),
    // Newer, but still transcoding: no audio, so neither its own preview nor the show's.
    env.CATALOG_2.prepare("INSERT INTO episodes (id, show_id, name, status, created_at) VALUES (?, ?, 'Next week', 'processing', 2000)").bind(
      processingEpisodeId,
      showId,
    ),
  ]);
  listener = await registerUser();
});

describe('sharing an episode or a show', () => {
  it("renders an episode's page: escaped title, its show's artwork, its own preview, a link to its page in the web player", async () => {
    const html = await sharedPage(`encore:episode:${episodeId}`);
    expect(metaContent(html, 'og:title')).toBe('Ep. 1: &#34;Quotes&#34; &#38; &#60;i&#62;tags&#60;/i&#62;');
    expect(metaContent(html, 'og:description')).toBe('Episode · &#60;/title&#62;&#60;script&#62;alert(&#34;show&#34;)&#60;/script&#62; &#38; &#60;b&#62;');
    expect(metaContent(html, 'og:image')).toBe(`${BASE}/media/images/${coverHash}/640.webp`);
    expect(metaContent(html, 'og:audio')).toBe(`${BASE}/api/v1/episodes/${episodeId}/preview`);
    expect(html).toContain(`<audio controls preload="none" data-preview="/api/v1/episodes/${episodeId}/preview"`);
    expect(html).toContain(`<a class="open" href="/episode/${episodeId}">Open in Encore</a>`);
    expect(html).not.toContain('<i>');
  });

  it("renders a show's page with its newest ready episode's preview; a show with none has no audio and no player", async () => {
    const html = await sharedPage(`encore:show:${showId}`);
    expect(metaContent(html, 'og:title')).toBe('&#60;/title&#62;&#60;script&#62;alert(&#34;show&#34;)&#60;/script&#62; &#38; &#60;b&#62;');
    expect(metaContent(html, 'og:description')).toBe('Podcast · NS &#34;Media&#34;');
    expect(metaContent(html, 'og:image')).toBe(`${BASE}/media/images/${coverHash}/640.webp`);
    expect(metaContent(html, 'og:audio')).toBe(`${BASE}/api/v1/episodes/${episodeId}/preview`);
    expect(html).toContain(`<a class="open" href="/show/${showId}">Open in Encore</a>`);
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<b>');

    const silent = await sharedPage(`encore:show:${silentShowId}`);
    expect(metaContent(silent, 'og:title')).toBe('Quiet Hours');
    expect(metaContent(silent, 'og:audio')).toBeUndefined();
    expect(metaContent(silent, 'og:image')).toBeUndefined();
    expect(silent).not.toContain('<audio');
    expect(silent).not.toContain('<script');
  });

  it('answers 404 for an unknown episode or show, and for an episode not ready yet', async () => {
    for (const [uri, code] of [
      [`encore:episode:${newIdOn(env, 'epi', 1)}`, 'episode_not_found'],
      [`encore:episode:${processingEpisodeId}`, 'episode_not_found'],
      [`encore:episode:${showId}`, 'episode_not_found'],
      [`encore:show:${newIdOn(env, 'shw', 1)}`, 'show_not_found'],
    ] as const) {
      const res = await share(uri);
      expect(res.status).toBe(404);
      expect((await body(res)).error.code).toBe(code);
    }
  });
});

describe("an episode's preview_url", () => {
  it('is on the episode object; it redirects to a signed master whose speech renditions total at most 30 s', async () => {
    const episode = await body(await api(`/api/v1/episodes/${episodeId}`, { token: listener.access_token }));
    expect(episode.preview_url).toBe(`/api/v1/episodes/${episodeId}/preview`);
    const listed = await body(await api(`/api/v1/shows/${showId}/episodes`, { token: listener.access_token }));
    expect(listed.items.map((e: { preview_url: string | null }) => e.preview_url)).toEqual([episode.preview_url]);

    // No token: anyone may play it, as a share page does.
    const redirect = await api(episode.preview_url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const master = new URL(redirect.headers.get('Location')!, BASE);
    expect(master.pathname).toBe(`/media/hls/${audioHash}/master.m3u8`);
    expect(master.searchParams.get('scope')).toBe('preview');
    const variants = uriLines(await text(await api(`${master.pathname}${master.search}`)));
    expect(variants.map((v) => new URL(v, BASE).pathname.split('/').at(-2))).toEqual(speechLadder.renditions);
    for (const variant of variants) {
      const playlist = await text(await api(variant));
      expect(totalSeconds(playlist)).toBeGreaterThan(20);
      expect(totalSeconds(playlist)).toBeLessThanOrEqual(30);
      expect(playlist.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
      for (const segment of uriLines(playlist)) expect((await api(segment)).status).toBe(200);
    }

    // A segment past the cut, under the preview's signature, is refused.
    const rendition = speechLadder.renditions[0]!;
    const listedSegments = uriLines(await text(await api(variants[0]!)));
    const next = `seg_${String(listedSegments.length + 1).padStart(5, '0')}.m4s`;
    expect(speechLadder.files[`${rendition}/${next}`]).toBeDefined();
    const beyond = new URL(listedSegments[0]!, BASE);
    beyond.pathname = beyond.pathname.replace(/seg_\d+\.m4s$/, next);
    const refused = await api(`${beyond.pathname}${beyond.search}`);
    expect(refused.status).toBe(403);
    expect((await body(refused)).error.code).toBe('signature_invalid');
  });

  it('is null until the episode has audio, and its path answers 404; an unknown episode is 404 too', async () => {
    const processing = await body(await api(`/api/v1/episodes/${processingEpisodeId}`, { token: listener.access_token }));
    expect(processing.status).toBe('processing');
    expect(processing.preview_url).toBeNull();
    const noAudio = await api(`/api/v1/episodes/${processingEpisodeId}/preview`);
    expect(noAudio.status).toBe(404);
    expect((await body(noAudio)).error.code).toBe('preview_not_found');

    for (const id of [newIdOn(env, 'epi', 1), 'epi_nothing']) {
      const unknown = await api(`/api/v1/episodes/${id}/preview`);
      expect(unknown.status).toBe(404);
      expect((await body(unknown)).error.code).toBe('episode_not_found');
    }
  });
});
