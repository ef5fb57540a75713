import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { episodeShardRow } from './podcasts-support.ts';

let publisher: TestSession;
let listener: TestSession;
let showId: string;

const newShow = async (name: string, showPublisher: string) =>
  (await body(await api('/api/v1/shows', { method: 'POST', token: publisher.access_token, json: { name, description: '', publisher: showPublisher } })))
    .id as string;

async function addEpisode(show: string, suffix: string, name: string, status: 'ready' | 'processing') {
  const id = `${show.replace('shw', 'epi')}${suffix}`;
  await episodeShardRow(show)
    .prepare('INSERT INTO episodes (id, show_id, name, status, duration_ms, audio_hash) VALUES (?, ?, ?, ?, 60000, ?)')
    .bind(id, show, name, status, 'd'.repeat(64))
    .run();
  return id;
}

describe('podcast search and follow', () => {
  beforeAll(async () => {
    publisher = await registerUser('artist');
    listener = await registerUser('listener');
    showId = await newShow('Zephyrine Chronicles', 'Quillmarsh Audio');
    await addEpisode(showId, 'a', 'Storms over Vellichor', 'ready');
    await addEpisode(showId, 'b', 'Vellichor Unfinished', 'processing');
  });

  it('finds shows by name or publisher and ready episodes by title or show, as shows and episodes pages', async () => {
    const res = await api('/api/v1/search?q=zephyrine&type=show,episode', { token: listener.access_token });
    expect(res.status).toBe(200);
    const found = await body(res);
    expect(Object.keys(found).sort()).toEqual(['episodes', 'shows']);
    expect(found.shows.items).toEqual([
      expect.objectContaining({ id: showId, type: 'show', name: 'Zephyrine Chronicles', publisher: 'Quillmarsh Audio', total_episodes: 1 }),
    ]);
    expect(found.shows.total).toBe(1);
    // Episodes match their show's name too; the one still processing is neither listed nor counted.
    expect(found.episodes.items.map((e: { name: string }) => e.name)).toEqual(['Storms over Vellichor']);
    expect(found.episodes.total).toBe(1);

    const byPublisher = await body(await api('/api/v1/search?q=quillmarsh&type=show', { token: listener.access_token }));
    expect(Object.keys(byPublisher)).toEqual(['shows']);
    expect(byPublisher.shows.items.map((s: { id: string }) => s.id)).toEqual([showId]);
    const byTitle = await body(await api('/api/v1/search?q=vellichor&type=episode,track', { token: listener.access_token }));
    expect(byTitle.episodes.items.map((e: { name: string }) => e.name)).toEqual(['Storms over Vellichor']);
    expect(byTitle.tracks.total).toBe(0);
  });

  it('indexes a show renamed later, and its episodes under the new name', async () => {
    const id = await newShow('Brackenwold Hour', 'Someone');
    await addEpisode(id, 'c', 'Pilot', 'ready');
    await episodeShardRow(id).prepare("UPDATE shows SET name = 'Thistlegrove Hour' WHERE id = ?").bind(id).run();
    const renamed = await body(await api('/api/v1/search?q=thistlegrove&type=show,episode', { token: listener.access_token }));
    expect(renamed.shows.items.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(renamed.episodes.items.map((e: { name: string }) => e.name)).toEqual(['Pilot']);
    expect((await body(await api('/api/v1/search?q=brackenwold&type=show,episode', { token: listener.access_token }))).shows.total).toBe(0);
  });

  it('follows a show through the library by URI, lists and unfollows it; an unknown show is 422', async () => {
    const put = await api('/api/v1/me/library', { method: 'PUT', token: listener.access_token, json: { ids: [`encore:show:${showId}`] } });
    expect(put.status).toBeLessThan(300);
    const library = await body(await api('/api/v1/me/library?type=show', { token: listener.access_token }));
    expect(library.items).toEqual([expect.objectContaining({ id: showId, uri: `encore:show:${showId}` })]);
    const contains = await body(await api(`/api/v1/me/library/contains?ids=${showId}`, { token: listener.access_token }));
    expect(contains).toEqual([true]);

    const unknown = await api('/api/v1/me/library', { method: 'PUT', token: listener.access_token, json: { ids: ['encore:show:shw_v0001_doesnotexist0000'] } });
    expect(unknown.status).toBe(422);
    const mismatched = await api('/api/v1/me/library', { method: 'PUT', token: listener.access_token, json: { ids: [`encore:album:${showId}`] } });
    expect(mismatched.status).toBe(422);

    const removed = await api('/api/v1/me/library', { method: 'DELETE', token: listener.access_token, json: { ids: [showId] } });
    expect(removed.status).toBeLessThan(300);
    expect((await body(await api('/api/v1/me/library?type=show', { token: listener.access_token }))).total).toBe(0);
  });
});
