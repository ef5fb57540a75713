import { beforeAll, describe, expect, it } from 'vitest';
import { imageList } from '#core/artwork/images.ts';
import { coverPng } from '../../../scripts/lib/cover-art.mjs';
import { adminSession } from './catalog-fixtures.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { addTracks, createPlaylist, openLive, seedCatalog } from './playlist-support.ts';

const sha256 = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

const putCover = (playlistId: string, token: string, image: BodyInit) =>
  api(`/api/v1/playlists/${playlistId}/image`, { method: 'PUT', token, body: image, headers: { 'Content-Type': 'image/png' } });

let owner: TestSession;
let stranger: TestSession;
let trackIds: string[];

describe('playlist covers', () => {
  beforeAll(async () => {
    trackIds = (await seedCatalog(2, 1)).trackIds;
    owner = await registerUser();
    stranger = await registerUser();
  });

  it("sets the owner's cover: on the playlist, in their list, in search and pushed to live viewers", async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Covered Mixtape', public: true });
    expect((await body(await api(`/api/v1/playlists/${pl.id}`, { token: owner.access_token }))).images).toEqual([]);
    await addTracks(owner.access_token, pl.id, { track_ids: trackIds });
    const viewer = await openLive(pl.id, stranger.access_token);

    const cover = await coverPng('Covered Mixtape');
    const res = await putCover(pl.id, owner.access_token, cover);
    expect(res.status).toBe(202);
    const images = imageList(await sha256(cover));
    expect(await body(res)).toEqual({ images });

    const pushed = await viewer.next('change', (m) => m.diff.kind === 'details');
    expect(pushed.diff).toMatchObject({ kind: 'details', details: { name: 'Covered Mixtape', images } });
    viewer.close();

    const read = await body(await api(`/api/v1/playlists/${pl.id}`, { token: stranger.access_token }));
    expect(read.images).toEqual(images);
    // The tracks' albums carry their (still unset) covers too.
    expect(read.items.items[0].track.album.images).toEqual([]);
    const mine = await body(await api('/api/v1/me/playlists', { token: owner.access_token }));
    expect(mine.items.find((p: { id: string }) => p.id === pl.id).images).toEqual(images);
    const found = await body(await api('/api/v1/search?q=covered%20mixtape&type=playlist', { token: stranger.access_token }));
    expect(found.playlists.items.find((p: { id: string }) => p.id === pl.id)?.images).toEqual(images);
    for (const image of images) expect((await api(image.url)).status).toBe(200);
  });

  it('refuses anyone but the owner (404 where the playlist is private) and lets an admin', async () => {
    const open = await createPlaylist(owner.access_token, { name: 'Open', public: true });
    const hidden = await createPlaylist(owner.access_token, { name: 'Hidden', public: false });
    const cover = await coverPng('Someone Else');

    const forbidden = await putCover(open.id, stranger.access_token, cover);
    expect(forbidden.status).toBe(403);
    expect((await body(forbidden)).error.code).toBe('not_owner');
    const missing = await putCover(hidden.id, stranger.access_token, cover);
    expect(missing.status).toBe(404);
    expect((await body(missing)).error.code).toBe('playlist_not_found');
    expect((await body(await api(`/api/v1/playlists/${open.id}`, { token: owner.access_token }))).images).toEqual([]);

    const admin = await adminSession();
    expect((await putCover(hidden.id, admin, cover)).status).toBe(202);
    const read = await body(await api(`/api/v1/playlists/${hidden.id}`, { token: owner.access_token }));
    expect(read.images).toEqual(imageList(await sha256(cover)));
    expect((await putCover('pl_v0001_none', owner.access_token, cover)).status).toBe(404);
  });

  it('refuses a body that is not an image and leaves the cover as it was', async () => {
    const pl = await createPlaylist(owner.access_token, { name: 'Kept' });
    const res = await putCover(pl.id, owner.access_token, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('not_an_image');
    expect((await body(await api(`/api/v1/playlists/${pl.id}`, { token: owner.access_token }))).images).toEqual([]);
  });
});
