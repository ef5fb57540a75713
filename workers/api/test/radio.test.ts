import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { longestArtistRun } from '#core/artist-spread.ts';
import { newIdOn } from '#core/shards.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { listen, play } from './listening-helpers.ts';
import { artistOf, type Cluster, plantCluster, seedCluster } from './recommendation-fixtures.ts';

const MIN = 60_000;
const radio = async (session: TestSession, path: string) => {
  const res = await api(`/api/v1${path}`, { token: session.access_token });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await body(res)).tracks as { id: string; uri: string; title: string; artists: { id: string }[] }[]).map((t) => t.id);
};

describe('radio', () => {
  let jazz: Cluster;
  let metal: Cluster;
  let listener: TestSession;
  let artist: (id: string) => string;

  beforeAll(async () => {
    [jazz, metal] = [await seedCluster('jazz', 5, 6), await seedCluster('metal', 4, 5)];
    await plantCluster(jazz, (id) => (id === jazz.tracks[0]!.id ? [metal.tracks[0]!.id] : []));
    await plantCluster(metal);
    artist = artistOf([jazz, metal]);
    listener = await registerUser();
  });

  it('answers full tracks walked out from the seed, no artist twice in a row, nothing twice in a page', async () => {
    const seed = jazz.tracks[0]!.id;
    const res = await api(`/api/v1/tracks/${seed}/radio?limit=25`, { token: listener.access_token });
    expect(res.status).toBe(200);
    const { tracks } = await body(res);
    expect(tracks[0]).toMatchObject({
      id: expect.any(String),
      uri: expect.stringMatching(/^encore:track:/),
      title: expect.any(String),
      artists: [expect.objectContaining({ id: expect.any(String) })],
    });
    const ids = tracks.map((t: { id: string }) => t.id);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(longestArtistRun(ids, artist)).toBe(1);
    // The jazz cluster first: the seed's direct neighbours outrank the metal tracks one step further.
    const jazzIds = new Set(jazz.tracks.map((t) => t.id));
    expect(ids.slice(0, 20).filter((id: string) => jazzIds.has(id)).length).toBeGreaterThanOrEqual(18);
  });

  it('pages are slices of one station, which never ends', async () => {
    const seed = jazz.tracks[1]!.id;
    const whole = await radio(listener, `/tracks/${seed}/radio?limit=60`);
    const pages = [
      await radio(listener, `/tracks/${seed}/radio?limit=20`),
      await radio(listener, `/tracks/${seed}/radio?limit=20&offset=20`),
      await radio(listener, `/tracks/${seed}/radio?limit=20&offset=40`),
    ];
    expect(pages.flat()).toEqual(whole);
    for (const page of pages) expect(new Set(page).size).toBe(page.length);
    expect(longestArtistRun(whole, artist)).toBe(1);
    expect(await radio(listener, `/tracks/${seed}/radio?limit=50&offset=1000`)).toHaveLength(50);
  });

  it('plays what the listener heard later, without dropping it', async () => {
    const fan = await registerUser();
    const seed = jazz.tracks[2]!.id;
    const before = await radio(fan, `/tracks/${seed}/radio?limit=30`);
    const heard = before.slice(0, 4);
    const t0 = Date.now() - 60 * MIN;
    await listen(
      fan.user.id,
      heard.map((id, i) => play(id, t0 + i * 5 * MIN)),
    );
    const after = await radio(fan, `/tracks/${seed}/radio?limit=100`);
    // Behind every unheard track of the station's first round (give or take the artist spread), not gone.
    const firstRound = after.slice(0, new Set(after).size);
    for (const id of heard) expect(firstRound.indexOf(id)).toBeGreaterThanOrEqual(firstRound.length - 20);
    expect(after.slice(0, 20).filter((id) => heard.includes(id))).toEqual([]);
  });

  it('starts a track nobody has listened alongside from its album, artist and genre', async () => {
    const lonely = (await seedCluster('jazz', 1, 3, 90)).tracks;
    const ids = await radio(listener, `/tracks/${lonely[0]!.id}/radio?limit=20`);
    expect(ids.length).toBeGreaterThan(5);
    expect(ids).toContain(lonely[1]!.id);
    const jazzIds = new Set(jazz.tracks.map((t) => t.id));
    expect(ids.some((id) => jazzIds.has(id))).toBe(true);
    expect(longestArtistRun(ids, (id) => (lonely.some((t) => t.id === id) ? 'lonely' : artist(id)))).toBe(1);
  });

  it('an artist station starts from their tracks and mixes in their neighbours', async () => {
    const jazzArtist = jazz.tracks[0]!.artistId;
    const ids = await radio(listener, `/artists/${jazzArtist}/radio?limit=20`);
    expect(ids).toHaveLength(20);
    expect(ids.filter((id) => artist(id) === jazzArtist).length).toBeGreaterThanOrEqual(3);
    expect(longestArtistRun(ids, artist)).toBe(1);
  });

  it('404 for an unknown track or artist, 422 for a malformed id, 400 for a bad limit, 401 without a token', async () => {
    const token = listener.access_token;
    const status = async (path: string) => (await api(`/api/v1${path}`, { token })).status;
    expect(await status(`/tracks/${newIdOn(env, 'trk', 1)}/radio`)).toBe(404);
    expect(await status(`/artists/${newIdOn(env, 'art', 2)}/radio`)).toBe(404);
    expect(await status('/tracks/not-a-track/radio')).toBe(422);
    expect(await status(`/tracks/${jazz.tracks[0]!.artistId}/radio`)).toBe(422);
    expect(await status(`/tracks/${jazz.tracks[0]!.id}/radio?limit=0`)).toBe(400);
    expect(await status(`/tracks/${jazz.tracks[0]!.id}/radio?limit=500`)).toBe(400);
    expect(await status(`/tracks/${jazz.tracks[0]!.id}/radio?offset=-1`)).toBe(400);
    expect((await api(`/api/v1/tracks/${jazz.tracks[0]!.id}/radio`)).status).toBe(401);
  });
});
