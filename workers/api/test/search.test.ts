import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardOfId } from '#core/shards.ts';
import { album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

let token: string;
const search = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  api(`/api/v1/search?${new URLSearchParams(params)}`, { token, headers });
const titles = (page: { items: { title: string }[] }) => page.items.map((t) => t.title);

describe('search', () => {
  beforeAll(async () => {
    token = (await registerUser('listener')).access_token;
    const { json } = await importCatalog([
      artist('queen', 'Queen'),
      album('opera', 'queen', 'A Night at the Opera', '1975-11-21'),
      track('bohemian', 'opera', ['queen'], 'Bohemian Rhapsody', 95),
      track('prophet', 'opera', ['queen'], "The Prophet's Song", 40),
      artist('beatles', 'The Beatles'),
      album('abbey', 'beatles', 'Abbey Road', '1969-09-26'),
      track('something', 'abbey', ['beatles'], 'Something', 80),
      artist('beat-happening', 'Beat Happening'),
      track('indian-summer', null, ['beat-happening'], 'Indian Summer', 30),
      // Exact word beats prefix, whatever the popularity (same artist, so the same shard statistics).
      artist('withers', 'Bill Withers'),
      track('lovely-day', null, ['withers'], 'Lovely Day', 99),
      track('love', null, ['withers'], 'Love', 5),
      // Identical text: popularity breaks the bm25 tie.
      artist('twins', 'Twin Peaks'),
      track('yesterday-low', null, ['twins'], 'Yesterday', 20),
      track('yesterday-high', null, ['twins'], 'Yesterday', 80),
      // Spread over several artists (and so shards) for paging.
      ...Array.from({ length: 6 }, (_, i) => artist(`pager-${i}`, `Pager ${i}`)),
      ...Array.from({ length: 30 }, (_, i) => track(`pg-${i}`, null, [`pager-${i % 6}`], `Paginated Tune ${i}`, i)),
    ]);
    expect(json.rejected).toEqual([]);
  });

  it('finds tracks, artists and albums, grouped by type with paging', async () => {
    const res = await search({ q: 'queen', type: 'track,artist,album' });
    expect(res.status).toBe(200);
    const json = await body(res);
    expect(Object.keys(json).sort()).toEqual(['albums', 'artists', 'tracks']);
    expect(json.artists.items[0]).toMatchObject({ name: 'Queen', type: 'artist', uri: expect.stringMatching(/^encore:artist:art_v\d{4}_/) });
    expect(titles(json.tracks).sort()).toEqual(['Bohemian Rhapsody', "The Prophet's Song"]);
    expect(json.tracks.items[0]).toMatchObject({
      title: 'Bohemian Rhapsody',
      album: { name: 'A Night at the Opera' },
      artists: [{ name: 'Queen' }],
      external_ids: { label: 'bohemian' },
    });
    expect(json.albums.items[0]).toMatchObject({ name: 'A Night at the Opera', artists: [{ name: 'Queen' }], total_tracks: 2 });
    expect(json.tracks).toMatchObject({ total: 2, limit: 20, offset: 0, next: null, previous: null });
  });

  it('answers only the requested types (no playlist here matches "queen")', async () => {
    const json = await body(await search({ q: 'queen', type: 'artist,playlist' }));
    expect(Object.keys(json).sort()).toEqual(['artists', 'playlists']);
    expect(json.playlists).toMatchObject({ items: [], total: 0 });
  });

  it('matches prefixes as the user types', async () => {
    for (const q of ['boh', 'bohem', 'bohemian rhap', 'queen bohemian r']) {
      const json = await body(await search({ q, type: 'track' }));
      expect(titles(json.tracks), q).toContain('Bohemian Rhapsody');
    }
  });

  it('ranks an exact word above a prefix match, and breaks ties by popularity', async () => {
    const love = await body(await search({ q: 'love', type: 'track' }));
    expect(titles(love.tracks)).toEqual(['Love', 'Lovely Day']);
    const yesterday = await body(await search({ q: 'yesterday', type: 'track' }));
    expect(yesterday.tracks.items.map((t: { external_ids: { label: string } }) => t.external_ids.label)).toEqual(['yesterday-high', 'yesterday-low']);
  });

  it('tolerates typos: "bohemain rapsody" and "beatels" find their targets', async () => {
    const res = await search({ q: 'bohemain rapsody', type: 'track' });
    expect(titles((await body(res)).tracks)[0]).toBe('Bohemian Rhapsody');
    expect(res.headers.get('x-search-corrected')).toBe('bohemian rhapsody');
    const beatles = await body(await search({ q: 'beatels', type: 'artist' }));
    expect(beatles.artists.items[0].name).toBe('The Beatles');
    const asTyped = await body(await search({ q: 'queen bohemai', type: 'track' }));
    expect(titles(asTyped.tracks)[0]).toBe('Bohemian Rhapsody');
    const nothing = await body(await search({ q: 'zzzzqx', type: 'track' }));
    expect(nothing.tracks.items).toEqual([]);
  });

  it('pages through results merged from every shard', async () => {
    const seen = new Set<string>();
    let url: string | null = `/api/v1/search?${new URLSearchParams({ q: 'paginated tune', type: 'track', limit: '7' })}`;
    let pages = 0;
    while (url) {
      const json = await body(await api(url.replace(/^https?:\/\/[^/]+/, ''), { token }));
      expect(json.tracks.total).toBe(30);
      for (const item of json.tracks.items) seen.add(item.id);
      url = json.tracks.next;
      pages += 1;
    }
    expect(pages).toBe(5);
    expect(seen.size).toBe(30);
    const shards = new Set([...seen].map((id) => shardOfId(env, 'CATALOG', id)));
    expect(shards.size).toBeGreaterThan(1);
    const last = await body(await search({ q: 'paginated tune', type: 'track', limit: '7', offset: '28' }));
    expect(last.tracks.items).toHaveLength(2);
    expect(last.tracks.previous).toContain('offset=21');
  });

  it('never lets FTS syntax through', async () => {
    const nasty = [
      '"',
      'bohemian"',
      '*',
      'rhap*',
      'NEAR',
      'NEAR(queen bohemian)',
      '-queen',
      'title:love',
      '(love',
      'love)',
      'AND',
      'OR love',
      'queen AND',
      '^',
      "'; DROP TABLE tracks; --",
      'a"b*c:d(e)-f',
      '\u0000queen',
      '💿 queen',
    ];
    for (const q of nasty) {
      const res = await search({ q, type: 'track,artist,album' });
      expect(res.status, q).toBe(200);
      const json = await body(res);
      expect(Array.isArray(json.tracks.items), q).toBe(true);
    }
    expect((await body(await search({ q: '-queen', type: 'artist' }))).artists.items[0].name).toBe('Queen');
    expect(titles((await body(await search({ q: 'title:love', type: 'track' }))).tracks)).toEqual([]);
  });

  it('answers bad input with 400, and a one-letter query with empty pages', async () => {
    for (const params of [
      {},
      { q: '' },
      { q: '   ' },
      { q: 'x'.repeat(10_000) },
      { q: 'love', type: 'song' },
      { q: 'love', type: 'track,,album' },
      { q: 'love', limit: '0' },
      { q: 'love', limit: '51' },
      { q: 'love', limit: 'ten' },
      { q: 'love', offset: '-1' },
      { q: 'love', offset: '1001' },
    ]) {
      const res = await search(params as Record<string, string>);
      expect(res.status, JSON.stringify(params).slice(0, 80)).toBe(400);
      expect((await body(res)).error).toMatchObject({ status: 400 });
    }
    const one = await body(await search({ q: 'q', type: 'track,artist' }));
    expect(one.tracks).toMatchObject({ items: [], total: 0 });
    expect(one.artists).toMatchObject({ items: [], total: 0 });
    expect((await api('/api/v1/search?q=love')).status).toBe(401);
    const badBookmark = await search({ q: 'love' }, { 'x-d1-bookmark': '0:not-a-bookmark' });
    expect([badBookmark.status, (await body(badBookmark)).error.code]).toEqual([400, 'invalid_bookmark']);
  });

  it('serves repeated queries from the edge cache; a bookmark-carrying client reads its own write', async () => {
    const q = { q: 'something', type: 'track' };
    expect((await search(q)).headers.get('x-cache')).toBe('miss');
    let cached: string | null = null;
    for (let i = 0; i < 20 && cached !== 'hit'; i++) cached = (await search(q)).headers.get('x-cache');
    expect(cached).toBe('hit');
    // A new track with the same word: a client holding the import's bookmark skips the cache and sees it.
    const { res } = await importCatalog([track('something-else', 'abbey', ['beatles'], 'Something Else', 10)]);
    const bookmark = res.headers.get('x-d1-bookmark');
    expect(bookmark).toMatch(/^\d:[0-9a-f-]+(,\d:[0-9a-f-]+)*$/);
    const fresh = await search(q, { 'x-d1-bookmark': bookmark! });
    expect(fresh.headers.get('x-cache')).toBe('bypass');
    expect(titles((await body(fresh)).tracks).sort()).toEqual(['Something', 'Something Else']);
  });
});
