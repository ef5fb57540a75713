import { beforeAll, describe, expect, it } from 'vitest';
import { importedAlbumId, importedArtistIds } from '../src/catalog/catalog-ids.ts';
import { adminSession, album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { runChartsCron } from './jobs-helpers.ts';
import { listen, play, seedTrack } from './listening-helpers.ts';
import { createPlaylist, seedCatalog } from './playlist-support.ts';

const MIN = 60_000;
const home = async (session: TestSession, country = 'SE') => {
  const res = await api('/api/v1/me/home', { token: session.access_token, headers: { 'CF-IPCountry': country } });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('private, max-age=30');
  return (await body(res)).sections as { id: string; title: string; items: { id: string; uri: string; name?: string; title?: string }[] }[];
};
const section = (sections: Awaited<ReturnType<typeof home>>, id: string) => sections.find((s) => s.id === id);

describe('GET /me/home', () => {
  let listener: TestSession;
  let stranger: TestSession;
  let albumX: { trackIds: string[]; albumId: string };
  let single: string;
  let featuredId: string;

  beforeAll(async () => {
    [listener, stranger] = [await registerUser(), await registerUser()];
    albumX = await seedCatalog(2, 1);
    single = await seedTrack(2, { title: 'Loose Single' });
    const t0 = Date.now() - 30 * MIN;
    await listen(listener.user.id, [play(albumX.trackIds[0]!, t0), play(single, t0 + 2 * MIN), play(albumX.trackIds[1]!, t0 + 4 * MIN)], 'SE');
    await runChartsCron();
    featuredId = (await createPlaylist(await adminSession(), { name: 'Staff Picks', editorial: true })).id;
  });

  it('shows recent contexts, the regional chart and featured playlists, and leaves out empty sections (made for you: everything here is played)', async () => {
    const sections = await home(listener);
    expect(sections.map((s) => s.id)).toEqual(['recently_played', 'trending', 'featured']);
    const recent = section(sections, 'recently_played')!;
    expect(recent.title).toBe('Recently played');
    // Newest play first: the album (played twice) once, then the artist of the track that has no album.
    expect(recent.items.map((i) => i.uri.split(':')[1])).toEqual(['album', 'artist']);
    expect(recent.items[0]).toMatchObject({ id: albumX.albumId, type: 'album', total_tracks: 2, images: [] });
    expect(
      section(sections, 'trending')!
        .items.map((i) => i.id)
        .sort(),
    ).toEqual([...albumX.trackIds, single].sort());
    expect(section(sections, 'featured')!.items).toEqual([expect.objectContaining({ id: featuredId, name: 'Staff Picks', public: true })]);
  });

  it('shows the playlist a play was played from, unless the caller may no longer see it', async () => {
    const owner = await registerUser();
    const shared = await createPlaylist(owner.access_token, { name: 'Shared Mix' });
    const hidden = await createPlaylist(owner.access_token, { name: 'Hidden Mix', public: false });
    const player = await registerUser();
    const t0 = Date.now() - 20 * MIN;
    await listen(player.user.id, [
      { ...play(albumX.trackIds[0]!, t0), context_uri: `encore:playlist:${hidden.id}` },
      { ...play(albumX.trackIds[1]!, t0 + 4 * MIN), context_uri: `encore:playlist:${shared.id}` },
      { ...play(single, t0 + 8 * MIN), context_uri: `encore:album:${albumX.albumId}` },
    ]);
    const recent = section(await home(player), 'recently_played')!;
    expect(recent.items.map((i) => i.uri)).toEqual([`encore:album:${albumX.albumId}`, `encore:playlist:${shared.id}`]);
    expect(recent.items[1]).toMatchObject({ name: 'Shared Mix', owner: { id: owner.user.id } });
  });

  it('falls back to the global chart where the region has none', async () => {
    const traveller = await registerUser();
    const sections = await home(traveller, 'JP');
    expect(sections.map((s) => s.id)).toEqual(['trending', 'made_for_you', 'featured']);
    expect(section(sections, 'trending')!.items).toHaveLength(3);
    // Nothing played yet: made for them is what is popular.
    expect(section(sections, 'made_for_you')!.items).toHaveLength(3);
  });

  it("caches each section per user: a listener's sections never reach another, and stay put briefly", async () => {
    const first = await home(listener);
    const other = await home(stranger);
    expect(section(other, 'recently_played')).toBeUndefined();

    // A new play shows once the listener's cached section expires, not at once; and never in the stranger's home.
    const albumY = await seedCatalog(1, 3);
    await listen(listener.user.id, [play(albumY.trackIds[0]!, Date.now() - MIN)], 'SE');
    expect(section(await home(listener), 'recently_played')).toEqual(section(first, 'recently_played'));
    expect(section(await home(stranger), 'recently_played')).toBeUndefined();
    const fresh = await registerUser();
    await listen(fresh.user.id, [play(albumY.trackIds[0]!, Date.now() - MIN)], 'SE');
    expect(section(await home(fresh), 'recently_played')!.items.map((i) => i.id)).toEqual([albumY.albumId]);
  });

  it('shows new releases of the artists the caller follows, from the inbox', async () => {
    const fan = await registerUser();
    expect((await importCatalog([artist('home-fan-artist', 'Home Fan Artist')])).res.status).toBe(200);
    const artistId = (await importedArtistIds('home-fan-artist')).id;
    expect((await api('/api/v1/me/library', { method: 'PUT', token: fan.access_token, json: { ids: [`encore:artist:${artistId}`] } })).status).toBeLessThan(
      300,
    );
    const imported = await importCatalog([
      album('home-fan-album', 'home-fan-artist', 'Fan Album', '2020-01-01'),
      track('home-fan-t1', 'home-fan-album', ['home-fan-artist'], 'Fan Song'),
    ]);
    expect(imported.res.status).toBe(200);
    const albumId = await importedAlbumId('home-fan-album', artistId);
    // The fan-out queue's consumer runs beside the test: wait for the inbox before home caches its sections.
    for (let i = 0; ; i++) {
      const inbox = await body(await api('/api/v1/me/inbox', { token: fan.access_token }));
      if (inbox.items.length > 0 || i > 200) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(section(await home(fan), 'new_releases')?.items).toEqual([expect.objectContaining({ id: albumId, name: 'Fan Album' })]);
  });

  it('needs a token', async () => {
    expect((await api('/api/v1/me/home')).status).toBe(401);
  });
});
