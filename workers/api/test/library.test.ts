import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { seedCatalog } from './playlist-support.ts';

let catalog: { trackIds: string[]; albumId: string; artistId: string };
let user: TestSession;

beforeAll(async () => {
  catalog = await seedCatalog(25, 2);
  user = await registerUser();
});

const library = (method: string, ids: unknown, token = user.access_token) => api('/api/v1/me/library', { method, token, json: { ids } });

describe('library', () => {
  it('saves tracks, albums and artists by id or URI, lists saved tracks newest first with paging, and removes them', async () => {
    const [t0, t1, t2] = catalog.trackIds as [string, string, string];
    expect((await library('PUT', [t0, `encore:track:${t1}`])).status).toBe(200);
    expect((await library('PUT', [t2, `encore:album:${catalog.albumId}`, catalog.artistId])).status).toBe(200);
    // Saving again is harmless.
    expect((await library('PUT', [t0])).status).toBe(200);

    const first = await body(await api('/api/v1/me/tracks?limit=2', { token: user.access_token }));
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0, previous: null });
    expect(first.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([t2, t1]);
    expect(first.items[0]).toMatchObject({
      added_at: expect.any(String),
      track: { uri: `encore:track:${t2}`, title: expect.any(String), album: { id: catalog.albumId } },
    });
    const second = await body(await api(new URL(first.next).pathname + new URL(first.next).search, { token: user.access_token }));
    expect(second.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([t0]);
    expect(second.next).toBeNull();

    const albums = await body(await api('/api/v1/me/library?type=album', { token: user.access_token }));
    expect(albums.items).toEqual([expect.objectContaining({ id: catalog.albumId, uri: `encore:album:${catalog.albumId}` })]);
    const contains = await body(
      await api(`/api/v1/me/library/contains?ids=${t0},${catalog.trackIds[5]},encore:artist:${catalog.artistId}`, { token: user.access_token }),
    );
    expect(contains).toEqual([true, false, true]);

    expect((await library('DELETE', [`encore:track:${t1}`, catalog.albumId])).status).toBe(200);
    const after = await body(await api('/api/v1/me/tracks', { token: user.access_token }));
    expect(after.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([t2, t0]);
    expect((await body(await api('/api/v1/me/library?type=album', { token: user.access_token }))).total).toBe(0);
    // Removing what is not saved is harmless.
    expect((await library('DELETE', [t1])).status).toBe(200);
  });

  it("keeps each listener's library their own", async () => {
    const other = await registerUser();
    await library('PUT', [catalog.trackIds[10]], other.access_token);
    const mine = await body(await api('/api/v1/me/tracks?limit=50', { token: user.access_token }));
    expect(mine.items.map((i: { track: { id: string } }) => i.track.id)).not.toContain(catalog.trackIds[10]);
    expect((await body(await api('/api/v1/me/tracks', { token: other.access_token }))).total).toBe(1);
  });

  it('refuses bad input in the API error shape and saves nothing', async () => {
    const fresh = await registerUser();
    const cases: [unknown, number, string][] = [
      [[catalog.trackIds[0], 'trk2_doesnotexist00000'], 422, 'unknown_id'],
      [[catalog.trackIds[0], 'pl0_notalibraryitem'], 422, 'invalid_id'],
      [[`encore:album:${catalog.trackIds[0]}`], 422, 'invalid_id'],
      [[catalog.trackIds[0], catalog.trackIds[0]], 422, 'invalid_request'],
      [
        catalog.trackIds.slice(0, 25).concat(
          catalog.trackIds.slice(0, 25).map((t) => `encore:track:${t}`),
          ['x'],
        ),
        422,
        'invalid_request',
      ],
      [[], 422, 'invalid_request'],
      ['nope', 422, 'invalid_request'],
    ];
    for (const [ids, status, code] of cases) {
      const res = await library('PUT', ids, fresh.access_token);
      expect(res.status, JSON.stringify(ids)).toBe(status);
      expect((await body(res)).error).toMatchObject({ status, code });
    }
    expect((await body(await api('/api/v1/me/tracks', { token: fresh.access_token }))).total).toBe(0);
    expect((await api('/api/v1/me/tracks?limit=51', { token: fresh.access_token })).status).toBe(400);
    expect((await api('/api/v1/me/tracks?offset=-1', { token: fresh.access_token })).status).toBe(400);
    expect((await api('/api/v1/me/tracks')).status).toBe(401);
    const malformed = await api('/api/v1/me/library', {
      method: 'PUT',
      token: fresh.access_token,
      body: '{"ids":[',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });
});
