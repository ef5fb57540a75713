import { beforeAll, describe, expect, it } from 'vitest';
import { album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

let token: string;
let artistId: string;
const get = (path: string) => api(path, { token });

describe('catalog browse', () => {
  beforeAll(async () => {
    token = (await registerUser('listener')).access_token;
    const { json } = await importCatalog([
      artist('br-a', 'Browse Band'),
      artist('br-guest', 'Guest Singer'),
      ...Array.from({ length: 3 }, (_, i) => album(`br-al${i}`, 'br-a', `Record ${i}`, `200${i}-05-01`)),
      // Out of order in the file; the album lists them by track number.
      ...[3, 1, 2].map((n) => track(`br-t${n}`, 'br-al2', n === 2 ? ['br-a', 'br-guest'] : ['br-a'], `Song ${n}`, 10 * n, { track_number: n })),
    ]);
    expect(json.rejected).toEqual([]);
    const search = await body(await get('/api/v1/search?q=browse%20band&type=artist'));
    artistId = search.artists.items[0].id;
  });

  it('shows an artist', async () => {
    const res = await get(`/api/v1/artists/${artistId}`);
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({
      id: artistId,
      type: 'artist',
      uri: `encore:artist:${artistId}`,
      name: 'Browse Band',
      popularity: 30,
      genres: ['rock'],
      followers: { total: 0 },
      images: [],
      external_ids: { label: 'br-a' },
    });
  });

  it("pages through an artist's albums, newest first", async () => {
    const first = await body(await get(`/api/v1/artists/${artistId}/albums?limit=2`));
    expect(first.items.map((a: { name: string }) => a.name)).toEqual(['Record 2', 'Record 1']);
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0, previous: null });
    expect(first.items[0]).toMatchObject({ type: 'album', release_date: '2002-05-01', total_tracks: 3, artists: [{ id: artistId, name: 'Browse Band' }] });
    const second = await body(await get(new URL(first.next).pathname + new URL(first.next).search));
    expect(second.items.map((a: { name: string }) => a.name)).toEqual(['Record 0']);
    expect(second.next).toBeNull();
  });

  it('shows an album with its tracks in order, and pages them', async () => {
    const albums = await body(await get(`/api/v1/artists/${artistId}/albums?limit=1`));
    const albumId = albums.items[0].id;
    const full = await body(await get(`/api/v1/albums/${albumId}`));
    expect(full).toMatchObject({ id: albumId, name: 'Record 2', uri: `encore:album:${albumId}`, total_tracks: 3 });
    expect(full.tracks.items.map((t: { title: string }) => t.title)).toEqual(['Song 1', 'Song 2', 'Song 3']);
    expect(full.tracks.items[1].artists.map((a: { name: string }) => a.name)).toEqual(['Browse Band', 'Guest Singer']);
    const paged = await body(await get(`/api/v1/albums/${albumId}/tracks?limit=1&offset=1`));
    expect(paged).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(paged.items[0]).toMatchObject({ title: 'Song 2', track_number: 2, duration_ms: 200_000, explicit: false, type: 'track' });
  });

  it('answers 404 for unknown or malformed ids and 400 for bad paging', async () => {
    expect((await get('/api/v1/artists/art0_doesnotexist')).status).toBe(404);
    expect((await body(await get('/api/v1/artists/nonsense'))).error.code).toBe('artist_not_found');
    expect((await get('/api/v1/artists/art9_outofrange')).status).toBe(404);
    expect((await body(await get('/api/v1/albums/alb1_nope/tracks'))).error.code).toBe('album_not_found');
    expect((await get(`/api/v1/artists/${artistId}/albums?limit=99`)).status).toBe(400);
    expect((await get(`/api/v1/artists/${artistId}/albums?offset=-2`)).status).toBe(400);
    expect((await api(`/api/v1/artists/${artistId}`)).status).toBe(401);
  });

  it('shares /api/v1/artists with the royalties sub-app', async () => {
    const res = await get(`/api/v1/artists/${artistId}/royalties`);
    expect((await body(res)).error?.code).not.toBe('route_not_found');
  });
});
