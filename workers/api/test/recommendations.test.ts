import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { listen, play } from './listening-helpers.ts';
import { type Cluster, plantCluster, seedCluster } from './recommendation-fixtures.ts';

const MIN = 60_000;
const recommendations = async (session: TestSession, limit = 20) => {
  const res = await api(`/api/v1/me/recommendations?limit=${limit}`, { token: session.access_token });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await body(res)).tracks as { id: string; uri: string; title: string }[];
};

describe('GET /me/recommendations', () => {
  let jazz: Cluster;
  let metal: Cluster;
  let popular: Cluster;
  const ids = (c: Cluster) => new Set(c.tracks.map((t) => t.id));

  beforeAll(async () => {
    jazz = await seedCluster('jazz', 4, 6);
    metal = await seedCluster('metal', 4, 6);
    // Loved by everyone, taste or not: the popular tracks a blend must not let drown taste.
    popular = await seedCluster('pop', 2, 4, 1000);
    const pop = popular.tracks.map((t) => t.id);
    await plantCluster(jazz, () => pop.slice(0, 2));
    await plantCluster(metal, () => pop.slice(2, 4));
    await plantCluster(popular, (id) => (pop.indexOf(id) < 4 ? [...jazz.tracks, ...metal.tracks].slice(0, 4).map((t) => t.id) : []));
  });

  it('follows a planted taste, and never offers what the listener played', async () => {
    const fan = await registerUser();
    const played = jazz.tracks.slice(0, 8).map((t) => t.id);
    const t0 = Date.now() - 120 * MIN;
    await listen(
      fan.user.id,
      played.map((id, i) => play(id, t0 + i * 5 * MIN)),
    );
    const tracks = await recommendations(fan, 15);
    expect(tracks.length).toBeGreaterThan(10);
    expect(tracks[0]).toMatchObject({ uri: expect.stringMatching(/^encore:track:/), title: expect.any(String) });
    const got = tracks.map((t) => t.id);
    for (const id of played) expect(got).not.toContain(id);
    const jazzIds = ids(jazz);
    // The rest of the jazz cluster (16 tracks) comes first; metal, which they never touched, not in the top ten.
    expect(got.slice(0, 10).every((id) => jazzIds.has(id))).toBe(true);
    expect(got.filter((id) => jazzIds.has(id)).length / got.length).toBeGreaterThanOrEqual(0.6);
    expect(got.slice(0, 10).some((id) => ids(metal).has(id))).toBe(false);
  });

  it('counts saved tracks as taste', async () => {
    const saver = await registerUser();
    const saved = metal.tracks.slice(0, 3).map((t) => `encore:track:${t.id}`);
    expect((await api('/api/v1/me/library', { method: 'PUT', token: saver.access_token, json: { ids: saved } })).status).toBeLessThan(300);
    const got = (await recommendations(saver, 10)).map((t) => t.id);
    expect(got.slice(0, 5).every((id) => ids(metal).has(id))).toBe(true);
    for (const s of saved) expect(got).not.toContain(s.split(':')[2]);
  });

  it('offers a new listener the most popular tracks', async () => {
    const newcomer = await registerUser();
    const got = (await recommendations(newcomer, 5)).map((t) => t.id);
    expect(got).toHaveLength(5);
    expect(got.slice(0, 4).every((id) => ids(popular).has(id))).toBe(true);
  });

  it('fills the home page made_for_you', async () => {
    const fan = await registerUser();
    await listen(fan.user.id, [play(metal.tracks[0]!.id, Date.now() - 30 * MIN), play(metal.tracks[1]!.id, Date.now() - 20 * MIN)]);
    const res = await api('/api/v1/me/home', { token: fan.access_token });
    const made = (await body(res)).sections.find((s: { id: string }) => s.id === 'made_for_you');
    expect(made.title).toBe('Made for you');
    expect(made.items.length).toBeGreaterThan(0);
    expect(ids(metal).has(made.items[0].id)).toBe(true);
  });

  it('400 for a bad limit, 401 without a token', async () => {
    const session = await registerUser();
    expect((await api('/api/v1/me/recommendations?limit=0', { token: session.access_token })).status).toBe(400);
    expect((await api('/api/v1/me/recommendations?limit=abc', { token: session.access_token })).status).toBe(400);
    expect((await api('/api/v1/me/recommendations')).status).toBe(401);
  });
});
