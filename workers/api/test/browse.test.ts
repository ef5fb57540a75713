import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { genreId } from '#core/catalog/genres.ts';
import { findShard, shardDb } from '#core/shards.ts';
import { adminSession, album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';
import { createPlaylist } from './playlist-support.ts';

let token: string;
const get = (path: string) => api(path, { token });
const names = (page: { items: { name: string }[] }) => page.items.map((i) => i.name);

async function imported(lines: object[]) {
  const { json } = await importCatalog(lines);
  expect(json.rejected).toEqual([]);
}

describe('browse', () => {
  beforeAll(async () => {
    token = (await registerUser('listener')).access_token;
  });

  describe('new releases', () => {
    beforeAll(async () => {
      // Six artists, so their albums land on several catalog shards.
      const dates = ['2020-01-01', '2024-06-01', '2025-03', '2023', '2999-01-01', '2022-02-02'];
      await imported([
        ...dates.map((_, i) => artist(`nr-a${i}`, `New Release Artist ${i}`)),
        ...dates.map((d, i) => album(`nr-al${i}`, `nr-a${i}`, `Release ${d}`, d)),
        // Every album has a ready track except the last, which is not released yet.
        ...dates.slice(0, 5).map((_, i) => track(`nr-t${i}`, `nr-al${i}`, [`nr-a${i}`], `Song ${i}`)),
      ]);
    });

    it('lists released albums newest first, merged across shards, and pages them', async () => {
      const res = await get('/api/v1/browse/new-releases');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=60');
      const all = await body(res);
      // 2999 is in the future; 2022-02-02 has no ready track.
      expect(names(all)).toEqual(['Release 2025-03', 'Release 2024-06-01', 'Release 2023', 'Release 2020-01-01']);
      expect(all.total).toBe(4);
      expect(all.items[0]).toMatchObject({ type: 'album', release_date: '2025-03', total_tracks: 1, images: [] });
      const shards = new Set(all.items.map((a: { id: string }) => findShard(env, 'CATALOG', a.id, ['alb'])));
      expect(shards.size).toBeGreaterThan(1);

      const second = await body(await get('/api/v1/browse/new-releases?limit=2&offset=1'));
      expect(names(second)).toEqual(['Release 2024-06-01', 'Release 2023']);
      expect(second).toMatchObject({ total: 4, limit: 2, offset: 1 });
      expect(second.next).toContain('offset=3');
    });

    it('refuses paging deeper than the merge reads', async () => {
      expect((await get('/api/v1/browse/new-releases?offset=951')).status).toBe(400);
    });
  });

  describe('genres', () => {
    const countOf = async (id: string) =>
      ((await body(await get('/api/v1/browse/genres'))).items as { id: string; track_count: number }[]).find((g) => g.id === id)?.track_count ?? 0;

    it('counts ready tracks per genre, spellings sharing an id, and moves with imports and status changes', async () => {
      await imported([
        artist('gn-a', 'Genre Artist A'),
        artist('gn-b', 'Genre Artist B'),
        album('gn-al', 'gn-a', 'Genre Album', '2020-01-01'),
        track('gn-t1', 'gn-al', ['gn-a'], 'Blue Note', 40, { genre: 'Jazz' }),
        track('gn-t2', null, ['gn-b'], 'Late Set', 90, { genre: 'jazz' }),
        track('gn-t3', null, ['gn-b'], 'Block Party', 70, { genre: 'Hip Hop' }),
      ]);
      const list = await body(await get('/api/v1/browse/genres'));
      expect(list.items).toContainEqual({ id: 'jazz', name: expect.stringMatching(/^[Jj]azz$/), track_count: 2 });
      expect(list.items).toContainEqual({ id: 'hip-hop', name: 'Hip Hop', track_count: 1 });

      await imported([artist('gn-c', 'Genre Artist C'), track('gn-t4', null, ['gn-c'], 'Modal', 60, { genre: 'Jazz' })]);
      expect(await countOf('jazz')).toBe(3);

      // A track that is not ready (a transcode in progress) does not count; once ready it does again.
      const trackRow = async () => {
        for (const [i, db] of ['CATALOG_0', 'CATALOG_1', 'CATALOG_2', 'CATALOG_3'].entries()) {
          const row = await (env as unknown as Record<string, D1Database>)
            [db]!.prepare("SELECT id FROM tracks WHERE external_id = 'gn-t4'")
            .first<{ id: string }>();
          if (row) return { db: shardDb(env, 'CATALOG', i), id: row.id };
        }
        throw new Error('gn-t4 not found');
      };
      const { db, id } = await trackRow();
      await db.prepare("UPDATE tracks SET status = 'processing' WHERE id = ?").bind(id).run();
      expect(await countOf('jazz')).toBe(2);
      await db.prepare("UPDATE tracks SET status = 'ready', genre = 'Hip-Hop' WHERE id = ?").bind(id).run();
      expect(await countOf('jazz')).toBe(2);
      expect(await countOf('hip-hop')).toBe(2);
      await db.prepare("UPDATE tracks SET genre = 'Jazz' WHERE id = ?").bind(id).run();
      expect(await countOf('jazz')).toBe(3);
    });

    it("shows a genre's tracks most popular first, across shards", async () => {
      const res = await get('/api/v1/browse/genres/jazz?limit=2');
      expect(res.status).toBe(200);
      const genre = await body(res);
      expect(genre).toMatchObject({ id: 'jazz', tracks: { total: 3, limit: 2, offset: 0 } });
      expect(genre.tracks.items.map((t: { title: string }) => t.title)).toEqual(['Late Set', 'Modal']);
      expect(genre.tracks.items[0]).toMatchObject({ type: 'track', popularity: 90, album: null });
      const rest = await body(await get('/api/v1/browse/genres/jazz?limit=2&offset=2'));
      expect(rest.tracks.items.map((t: { title: string }) => t.title)).toEqual(['Blue Note']);
      expect(rest.tracks.items[0].album).toMatchObject({ type: 'album', name: 'Genre Album' });
    });

    it('answers 404 in the error shape for a genre that does not exist', async () => {
      for (const id of ['no-such-genre', 'JAZZ ', '%F0%9F%8E%B5']) {
        const res = await get(`/api/v1/browse/genres/${id}`);
        expect(res.status, id).toBe(404);
        expect((await body(res)).error).toMatchObject({ status: 404, code: 'genre_not_found' });
      }
    });

    it('gives stable URL-safe ids', () => {
      expect(genreId('Rock & Roll')).toBe('rock-and-roll');
      expect(genreId('  Música Popular Brasileira ')).toBe('musica-popular-brasileira');
      expect(genreId('ロック')).toMatch(/^g-[a-z0-9]+$/);
      expect(genreId('ロック')).toBe(genreId('ロック'));
    });
  });

  describe('featured playlists', () => {
    let admin: string;
    beforeAll(async () => {
      admin = await adminSession();
    });
    const featured = async () => names(await body(await get('/api/v1/browse/featured-playlists')));

    it('refuses the editorial field from anyone but an admin, with 403', async () => {
      const listener = (await registerUser('listener')).access_token;
      const res = await api('/api/v1/me/playlists', { method: 'POST', token: listener, json: { name: 'Sneaky', editorial: true } });
      expect(res.status).toBe(403);
      expect((await body(res)).error.code).toBe('editorial_admin_only');
      const own = await createPlaylist(listener, { name: 'Mine' });
      const update = await api(`/api/v1/playlists/${own.id}`, { method: 'PUT', token: listener, json: { editorial: false } });
      expect(update.status).toBe(403);
      expect(await featured()).not.toContain('Sneaky');
    });

    it("lists an admin's public editorial playlists, newest first, and follows changes", async () => {
      const first = await createPlaylist(admin, { name: 'Editorial One', editorial: true });
      await createPlaylist(admin, { name: 'Admin Private Pick', editorial: true, public: false });
      await createPlaylist(admin, { name: 'Admin Plain' });
      const plain = await createPlaylist(admin, { name: 'Editorial Two' });
      expect((await api(`/api/v1/playlists/${plain.id}`, { method: 'PUT', token: admin, json: { editorial: true } })).status).toBe(200);
      expect(await featured()).toEqual(['Editorial Two', 'Editorial One']);

      const page = await body(await get('/api/v1/browse/featured-playlists?limit=1&offset=1'));
      expect(page).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ id: first.id, public: true, owner: { display_name: expect.any(String) } }] });

      await api(`/api/v1/playlists/${first.id}`, { method: 'PUT', token: admin, json: { public: false } });
      expect(await featured()).toEqual(['Editorial Two']);
      await api(`/api/v1/playlists/${plain.id}`, { method: 'PUT', token: admin, json: { editorial: false } });
      expect(await featured()).toEqual([]);

      const gone = await createPlaylist(admin, { name: 'Editorial Gone', editorial: true });
      expect(await featured()).toEqual(['Editorial Gone']);
      expect((await api(`/api/v1/playlists/${gone.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
      expect(await featured()).toEqual([]);
      const index = await env.CATALOG_0.prepare('SELECT count(*) AS n FROM featured_playlists WHERE playlist_id = ?').bind(gone.id).first<{ n: number }>();
      expect(index?.n).toBe(0);
    });

    it("will not let an admin feature someone else's playlist", async () => {
      const listener = (await registerUser('listener')).access_token;
      const theirs = await createPlaylist(listener, { name: 'Not Yours' });
      const res = await api(`/api/v1/playlists/${theirs.id}`, { method: 'PUT', token: admin, json: { editorial: true } });
      expect(res.status).toBe(403);
      expect(await featured()).not.toContain('Not Yours');
    });
  });
});
