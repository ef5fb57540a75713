import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_SIZES } from '#core/artwork/images.ts';
import { episodeShardRow } from './podcasts-support.ts';
import { coverPng } from '../../../scripts/lib/cover-art.mjs';
import { api, body, registerUser, type TestSession } from './helpers.ts';

const newShow = (token: string, json: unknown) => api('/api/v1/shows', { method: 'POST', token, json });

let publisher: TestSession;
let listener: TestSession;

describe('podcast shows', () => {
  beforeAll(async () => {
    publisher = await registerUser('artist');
    listener = await registerUser('listener');
  });

  it('an artist publishes a show on their own shard and anyone reads it, without episodes until one is ready', async () => {
    const res = await newShow(publisher.access_token, { name: 'Tidal Talks', description: 'Conversations about the sea.', publisher: 'Harbour Radio' });
    expect(res.status).toBe(201);
    const { id } = await body(res);
    expect(id).toMatch(/^shw_v\d{4}_/);
    const me = await body(await api('/api/v1/me', { token: publisher.access_token }));
    expect(id.slice(4, 9)).toBe(me.artist_id.slice(4, 9));

    const show = await api(`/api/v1/shows/${id}`, { token: listener.access_token });
    expect(show.status).toBe(200);
    expect(await body(show)).toEqual({
      id,
      type: 'show',
      uri: `encore:show:${id}`,
      name: 'Tidal Talks',
      description: 'Conversations about the sea.',
      publisher: 'Harbour Radio',
      images: [],
      total_episodes: 0,
    });
    const episodes = await body(await api(`/api/v1/shows/${id}/episodes`, { token: listener.access_token }));
    expect(episodes).toMatchObject({ items: [], total: 0, limit: 20, offset: 0, next: null });
  });

  it("pages a show's ready episodes newest first, leaving out those still processing", async () => {
    const { id } = await body(await newShow(publisher.access_token, { name: 'Ordered', description: '', publisher: 'P' }));
    const db = episodeShardRow(id);
    for (const [n, status, at] of [
      [1, 'ready', 1000],
      [2, 'ready', 3000],
      [3, 'processing', 4000],
      [4, 'ready', 2000],
    ] as const) {
      await db
        .prepare('INSERT INTO episodes (id, show_id, name, status, duration_ms, audio_hash, created_at) VALUES (?, ?, ?, ?, 60000, ?, ?)')
        .bind(`${id.replace('shw', 'epi')}${n}`, id, `Episode ${n}`, status, 'a'.repeat(64), at)
        .run();
    }
    const first = await body(await api(`/api/v1/shows/${id}/episodes?limit=2`, { token: listener.access_token }));
    expect(first.items.map((e: { name: string }) => e.name)).toEqual(['Episode 2', 'Episode 4']);
    expect(first.total).toBe(3);
    expect(first.next).not.toBeNull();
    const second = await body(await api(first.next.replace('https://encore.test', ''), { token: listener.access_token }));
    expect(second.items.map((e: { name: string }) => e.name)).toEqual(['Episode 1']);
    expect(second.items[0]).toMatchObject({ type: 'episode', duration_ms: 60000, release_date: new Date(1000).toISOString(), images: [] });
    expect((await body(await api(`/api/v1/shows/${id}`, { token: listener.access_token }))).total_episodes).toBe(3);
  });

  it('refuses a show from a listener (403), an invalid body (422) and answers 404 for unknown and malformed ids', async () => {
    const denied = await newShow(listener.access_token, { name: 'Mine', description: '', publisher: 'Me' });
    expect(denied.status).toBe(403);
    for (const bad of [
      { name: '', description: '', publisher: 'P' },
      { name: 'N', publisher: 'P' },
      { name: 'N', description: '', publisher: ' ' },
      { name: 'x'.repeat(201), description: '', publisher: 'P' },
    ]) {
      const res = await newShow(publisher.access_token, bad);
      expect(res.status).toBe(422);
      expect((await body(res)).error.status).toBe(422);
    }
    for (const id of ['shw_v0001_doesnotexist00000', 'nonsense', 'trk_v0001_AAAAAAAAAAAAAAAA', "shw_v0001_' OR 1=1"]) {
      const res = await api(`/api/v1/shows/${encodeURIComponent(id)}`, { token: listener.access_token });
      expect(res.status).toBe(404);
      expect((await body(res)).error.code).toBe('show_not_found');
      expect((await api(`/api/v1/shows/${encodeURIComponent(id)}/episodes`, { token: listener.access_token })).status).toBe(404);
    }
    expect((await api('/api/v1/episodes/epi_v0001_doesnotexist00000', { token: listener.access_token })).status).toBe(404);
    expect((await api('/api/v1/shows/shw_v0001_doesnotexist00000')).status).toBe(401);
  });

  it('takes show artwork from its publisher or an admin only, and lists it on the show and its episodes', async () => {
    const { id } = await body(await newShow(publisher.access_token, { name: 'Pictured', description: '', publisher: 'P' }));
    const art = await coverPng('Pictured', { width: 400, height: 400 });
    const put = (token: string) => api(`/api/v1/shows/${id}/image`, { method: 'PUT', token, body: art, headers: { 'Content-Type': 'image/png' } });
    const other = await registerUser('artist');
    expect((await put(other.access_token)).status).toBe(403);
    expect((await put(listener.access_token)).status).toBe(403);
    const res = await put(publisher.access_token);
    expect(res.status).toBe(202);
    const show = await body(await api(`/api/v1/shows/${id}`, { token: listener.access_token }));
    expect(show.images.map((i: { width: number }) => i.width)).toEqual([...IMAGE_SIZES]);
    expect(show.images[0].url).toMatch(/^\/media\/images\/[0-9a-f]{64}\/640\.webp$/);
    await episodeShardRow(id)
      .prepare("INSERT INTO episodes (id, show_id, name, status, duration_ms, audio_hash) VALUES (?, ?, 'Art', 'ready', 1000, ?)")
      .bind(id.replace('shw', 'epi'), id, 'b'.repeat(64))
      .run();
    const episodes = await body(await api(`/api/v1/shows/${id}/episodes`, { token: listener.access_token }));
    expect(episodes.items[0].images).toEqual(show.images);
  });
});
