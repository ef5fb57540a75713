import { beforeAll, describe, expect, it } from 'vitest';
import { adminSession, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body } from './helpers.ts';

let admin: string;
/** The bookmark of the last lyrics write: searches carrying it skip the edge cache and see the write. */
let bookmark: Record<string, string> = {};
const search = async (q: string) => body(await api(`/api/v1/search?${new URLSearchParams({ q, type: 'track' })}`, { token: admin, headers: bookmark }));
const titles = (json: { tracks: { items: { title: string }[] } }) => json.tracks.items.map((t) => t.title);
const trackId = async (title: string) => (await search(title)).tracks.items.find((t: { title: string }) => t.title === title).id as string;
const written = (res: Response) => {
  bookmark = { 'x-d1-bookmark': res.headers.get('x-d1-bookmark')! };
  return res;
};
const putLyrics = async (id: string, lrc: string) =>
  written(await api(`/api/v1/tracks/${id}/lyrics`, { method: 'PUT', token: admin, body: lrc, headers: { 'Content-Type': 'text/plain' } }));

describe('search by lyrics', () => {
  beforeAll(async () => {
    admin = await adminSession();
    const { json } = await importCatalog([
      artist('ls-a', 'Harbour Lights'),
      artist('ls-b', 'Quiet Engines'),
      // Popular, and only its lyrics hold the words: it must still come after the title match.
      track('ls-popular', null, ['ls-a'], 'Night Drive', 100),
      { type: 'lyrics', track_id: 'ls-popular', lrc: '[00:05.00]the lighthouse keeper sleeps\n[00:09.00]under a velvet moon' },
      track('ls-title', null, ['ls-b'], 'Lighthouse Keeper', 1),
      track('ls-other', null, ['ls-b'], 'Unrelated Song', 50),
      { type: 'lyrics', track_id: 'ls-other', lrc: 'marmalade skies over the saltmarsh\nno timestamps here' },
      track('ls-both', null, ['ls-a'], 'Saltmarsh', 10),
      { type: 'lyrics', track_id: 'ls-both', lrc: '[00:01.00]walking the saltmarsh alone' },
    ]);
    expect(json.rejected).toEqual([]);
  });

  it('finds a track by a phrase only its lyrics hold (synced or not)', async () => {
    expect(titles(await search('velvet moon'))).toEqual(['Night Drive']);
    expect(titles(await search('marmalade skies'))).toEqual(['Unrelated Song']);
  });

  it('lists title matches before lyric-only matches, whatever their popularity', async () => {
    const json = await search('lighthouse keeper');
    expect(titles(json)).toEqual(['Lighthouse Keeper', 'Night Drive']);
    expect(json.tracks.total).toBe(2);
    // A track matched by title and by lyrics appears once, as a title match.
    expect(titles(await search('saltmarsh'))).toEqual(['Saltmarsh', 'Unrelated Song']);
  });

  it('pages across the title matches and the lyric matches as one list', async () => {
    const first = await body(await api('/api/v1/search?q=lighthouse%20keeper&type=track&limit=1', { token: admin }));
    const second = await body(await api('/api/v1/search?q=lighthouse%20keeper&type=track&limit=1&offset=1', { token: admin }));
    expect([titles(first), titles(second)]).toEqual([['Lighthouse Keeper'], ['Night Drive']]);
  });

  it('tolerates typos in lyric words as in titles', async () => {
    const json = await search('velvte moon');
    expect(titles(json)).toEqual(['Night Drive']);
  });

  it('replacing or deleting lyrics updates the index (and PUT teaches the vocabulary new words)', async () => {
    const id = await trackId('Night Drive');
    expect((await putLyrics(id, '[00:02.00]tangerine submarine')).status).toBe(200);
    expect(titles(await search('velvet moon'))).toEqual([]);
    expect(titles(await search('tangerine submarine'))).toEqual(['Night Drive']);
    expect(titles(await search('tangerien'))).toEqual(['Night Drive']);
    expect(written(await api(`/api/v1/tracks/${id}/lyrics`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect(titles(await search('tangerine submarine'))).toEqual([]);
    expect(titles(await search('lighthouse keeper'))).toEqual(['Lighthouse Keeper']);
  });
});
