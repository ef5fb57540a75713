import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '../../../test/support/feed-server-contract.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { PODCAST_FEEDS_CRON } from '../src/jobs/schedule.ts';
import { importFeed } from '../src/podcasts/import-feed.ts';
import { coverPng } from '../../../scripts/lib/cover-art.mjs';
import { fixture } from './ladder-track.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { runCron } from './jobs-helpers.ts';
import { episodeShardRow } from './podcasts-support.ts';

const server = inject('feedServer');
const run = crypto.randomUUID().slice(0, 8);
const audio = Uint8Array.from(atob(fixture.source), (c) => c.charCodeAt(0));

/** Stores a document on the feed server; returns its URL. */
async function serve(name: string, content: string | Uint8Array, type: string): Promise<string> {
  const res = await fetch(`${server}/doc/${run}-${name}`, { method: 'PUT', body: content, headers: { 'X-Serve-Type': type } });
  expect(res.status).toBe(204);
  return `${server}/doc/${run}-${name}`;
}

interface Item {
  guid?: string;
  title: string;
  enclosure?: string;
}

const rss = (title: string, items: Item[], image?: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel>
  <title>${title}</title>
  <description>Conversations about the sea.</description>
  <itunes:author>Harbour Radio</itunes:author>
  ${image ? `<itunes:image href="${image}"/>` : ''}
  ${items
    .map(
      (i) =>
        `<item><title>${i.title}</title>${i.guid ? `<guid>${i.guid}</guid>` : ''}${i.enclosure ? `<enclosure url="${i.enclosure}" type="audio/wav" length="1"/>` : ''}</item>`,
    )
    .join('\n')}
</channel>
</rss>`;

const importRequest = (token: string, feedUrl: string) => api('/api/v1/shows/import', { method: 'POST', token, json: { feed_url: feedUrl } });

let admin: TestSession;
let adminArtistId: string;
let goodUrl: string;
let htmlUrl: string;
const deadUrl = `${server}/doc/${run}-gone.wav`;

describe('podcast feed import', () => {
  beforeAll(async () => {
    // The admin publishes imported shows under their own artist profile.
    admin = await registerUser('artist', 'admin@encore.local');
    adminArtistId = (await body(await api('/api/v1/me', { token: admin.access_token }))).artist_id;
    await serve('episode-1.wav', audio, 'audio/wav');
    // Reached through two redirects, each hop checked again.
    goodUrl = `${server}/redirect/2/${run}-episode-1.wav`;
    htmlUrl = await serve('error-page.wav', '<!doctype html><html><body>Not found, but 200</body></html>', 'audio/wav');
  });

  const items = (): Item[] => [
    { guid: 'ep-1', title: 'The first tide', enclosure: goodUrl },
    { guid: 'ep-html', title: 'An HTML page', enclosure: htmlUrl },
    { guid: 'ep-dead', title: 'A dead link', enclosure: deadUrl },
    { guid: 'ep-text', title: 'A text post' },
  ];

  it('the first import makes the show and an episode per audio enclosure, reporting the rest per item; a re-import adds only new items', async () => {
    const artwork = await serve('cover.png', await coverPng('Tidal Talks', { width: 400, height: 400 }), 'image/png');
    const feedUrl = await serve('feed.xml', rss('Tidal Talks', items(), artwork), 'application/rss+xml');
    const first = await importRequest(admin.access_token, feedUrl);
    expect(first.status).toBe(201);
    const result = await body(first);
    expect(result.created).toBe(true);
    expect(result.items).toEqual([
      { guid: 'ep-1', status: 'imported', episode_id: expect.stringMatching(/^epi_/) },
      { guid: 'ep-html', status: 'failed', error: expect.stringMatching(/not audio/) },
      { guid: 'ep-dead', status: 'failed', error: expect.stringMatching(/answered 404/) },
      { guid: 'ep-text', status: 'skipped', error: 'The item has no enclosure.' },
    ]);
    const showId: string = result.show_id;
    expect(await body(await api(`/api/v1/shows/${showId}`, { token: admin.access_token }))).toMatchObject({
      name: 'Tidal Talks',
      description: 'Conversations about the sea.',
      publisher: 'Harbour Radio',
      images: [expect.objectContaining({ width: 640 }), expect.objectContaining({ width: 300 }), expect.objectContaining({ width: 64 })],
    });

    // The episode went the upload's way: source in R2, upload `uploaded` with its transcode queued, guid stored.
    const db = episodeShardRow(showId);
    const episodeId: string = result.items[0].episode_id;
    const episode = await db.prepare('SELECT status, guid, name FROM episodes WHERE id = ?').bind(episodeId).first();
    expect(episode).toEqual({ status: 'processing', guid: 'ep-1', name: 'The first tide' });
    const upload = await db
      .prepare('SELECT id, status, queued_at FROM uploads WHERE episode_id = ?')
      .bind(episodeId)
      .first<{ id: string; status: string; queued_at: number | null }>();
    expect(upload).toMatchObject({ status: 'uploaded', queued_at: expect.any(Number) });
    const source = await env.MEDIA.get(mediaKeys.source(upload!.id));
    expect(new Uint8Array(await source!.arrayBuffer())).toEqual(audio);
    // Nothing was written for the failed items.
    const counts = await db
      .prepare('SELECT (SELECT count(*) FROM episodes WHERE show_id = ?1) AS episodes, (SELECT count(*) FROM uploads WHERE artist_id = ?2) AS uploads')
      .bind(showId, adminArtistId)
      .first();
    expect(counts).toEqual({ episodes: 1, uploads: 1 });

    // The feed gains an item (without a guid: its enclosure URL is its identity).
    await serve('episode-2.wav', audio, 'application/octet-stream');
    const secondUrl = `${server}/doc/${run}-episode-2.wav`;
    await serve('feed.xml', rss('Tidal Talks', [{ title: 'The second tide', enclosure: secondUrl }, ...items()]), 'application/rss+xml');
    const again = await importRequest(admin.access_token, feedUrl);
    expect(again.status).toBe(200);
    const second = await body(again);
    expect(second).toMatchObject({ show_id: showId, created: false });
    expect(second.items.map((i: { guid: string; status: string }) => [i.guid, i.status])).toEqual([
      [secondUrl, 'imported'],
      ['ep-1', 'skipped'],
      ['ep-html', 'failed'],
      ['ep-dead', 'failed'],
      ['ep-text', 'skipped'],
    ]);
    const guids = await db.prepare('SELECT guid FROM episodes WHERE show_id = ? ORDER BY guid').bind(showId).all();
    expect(guids.results).toEqual([{ guid: 'ep-1' }, { guid: secondUrl }]);
  });

  it('refuses a document that is not RSS with 422 not_a_feed, and a dead feed with 422 feed_unreachable', async () => {
    const html = await serve('page.html', '<!doctype html><html><head><title>Blog</title></head><body></body></html>', 'text/html');
    const res = await importRequest(admin.access_token, html);
    expect(res.status).toBe(422);
    expect((await body(res)).error).toMatchObject({ code: 'not_a_feed' });
    const dead = await importRequest(admin.access_token, `${server}/doc/${run}-nothing.xml`);
    expect(dead.status).toBe(422);
    expect((await body(dead)).error).toMatchObject({ code: 'feed_unreachable', message: expect.stringMatching(/answered 404/) });
  });

  it('bounds the feed: more than 5 MB is 413 feed_too_large, more than 5 redirects is refused', async () => {
    const endless = await importRequest(admin.access_token, `${server}/endless`);
    expect(endless.status).toBe(413);
    expect((await body(endless)).error).toMatchObject({ code: 'feed_too_large' });
    const feedUrl = await serve('hops.xml', rss('Hops', []), 'application/rss+xml');
    expect((await importRequest(admin.access_token, `${server}/redirect/5/${run}-hops.xml`)).status).toBe(201);
    const tooMany = await importRequest(admin.access_token, `${server}/redirect/6/${run}-hops.xml`);
    expect(tooMany.status).toBe(422);
    expect((await body(tooMany)).error.message).toMatch(/redirects more than 5 times/);
    expect(feedUrl).toContain('hops.xml');
  });

  it('outside development refuses loopback feeds, and an enclosure over the upload limit fails alone', async () => {
    const user = { id: admin.user.id, role: 'admin' as const, displayName: 'Admin', artistId: adminArtistId, product: 'premium' as const };
    const feedUrl = await serve('capped.xml', rss('Capped', [{ guid: 'big', title: 'Too big', enclosure: goodUrl }]), 'application/rss+xml');
    await expect(importFeed({ ...env, ALLOW_PRIVATE_FEEDS: 'false' }, user, feedUrl)).rejects.toMatchObject({
      status: 422,
      code: 'feed_unreachable',
      message: expect.stringMatching(/non-public address \(127\.0\.0\.1\)/),
    });
    const capped = await importFeed({ ...env, MAX_UPLOAD_BYTES: '1000' }, user, feedUrl);
    expect(capped.items).toEqual([{ guid: 'big', status: 'failed', error: expect.stringMatching(/uploads are limited to 1000 bytes/) }]);
    const rows = await episodeShardRow(capped.show_id).prepare('SELECT count(*) AS n FROM episodes WHERE show_id = ?').bind(capped.show_id).first();
    expect(rows).toEqual({ n: 0 });
  });

  it('the scheduled refresh imports the new items of an imported feed as its publisher', async () => {
    const feedUrl = await serve('scheduled.xml', rss('Scheduled', [{ guid: 's-1', title: 'Week one', enclosure: goodUrl }]), 'application/rss+xml');
    const { show_id: showId } = await body(await importRequest(admin.access_token, feedUrl));
    await serve(
      'scheduled.xml',
      rss('Scheduled', [
        { guid: 's-2', title: 'Week two', enclosure: goodUrl },
        { guid: 's-1', title: 'Week one', enclosure: goodUrl },
      ]),
      'application/rss+xml',
    );
    await runCron(PODCAST_FEEDS_CRON);
    const episodes = await episodeShardRow(showId).prepare('SELECT guid, name FROM episodes WHERE show_id = ? ORDER BY guid').bind(showId).all();
    expect(episodes.results).toEqual([
      { guid: 's-1', name: 'Week one' },
      { guid: 's-2', name: 'Week two' },
    ]);
  });

  it('is for admins only', async () => {
    const artist = await registerUser('artist');
    const res = await importRequest(artist.access_token, `${server}/doc/${run}-feed.xml`);
    expect(res.status).toBe(403);
  });
});
