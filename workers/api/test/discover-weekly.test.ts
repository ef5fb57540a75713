import { beforeAll, describe, expect, it } from 'vitest';
import { adminSession } from './catalog-fixtures.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { awaitJob, runCron } from './jobs-helpers.ts';
import { listen, play } from './listening-helpers.ts';
import { type Cluster, plantCluster, seedCluster } from './recommendation-fixtures.ts';
import { DISCOVER_WEEKLY_CRON } from '../src/jobs/schedule.ts';

const MIN = 60_000;
const DAY = 86_400_000;

async function runJob(): Promise<void> {
  const admin = await adminSession();
  const res = await api('/api/v1/admin/jobs/discover-weekly', { method: 'POST', token: admin });
  expect(res.status).toBe(202);
  expect(await awaitJob((await body(res)).job_id, admin)).toBe('done');
}

const playlistsOf = async (session: TestSession) =>
  (await body(await api('/api/v1/me/playlists?limit=50', { token: session.access_token }))).items as {
    id: string;
    name: string;
    algorithmic: boolean;
    public: boolean;
    owner: { id: string; display_name: string };
  }[];
const discoverWeekly = async (session: TestSession) => (await playlistsOf(session)).filter((p) => p.name === 'Discover Weekly');

async function items(session: TestSession, playlistId: string): Promise<string[]> {
  const res = await api(`/api/v1/playlists/${playlistId}/items?limit=50`, { token: session.access_token });
  expect(res.status).toBe(200);
  return (await body(res)).items.map((i: { track: { id: string } }) => i.track.id);
}

describe('Discover Weekly', () => {
  let jazz: Cluster;
  let listener: TestSession;
  let lapsed: TestSession;
  let played: string[];

  beforeAll(async () => {
    jazz = await seedCluster('jazz', 6, 8);
    await plantCluster(jazz);
    [listener, lapsed] = [await registerUser(), await registerUser()];
    played = jazz.tracks.slice(0, 6).map((t) => t.id);
    await listen(
      listener.user.id,
      played.map((id, i) => play(id, Date.now() - 60 * MIN + i * 5 * MIN)),
    );
    // Last played five weeks ago: not active, so no playlist.
    await listen(lapsed.user.id, [play(jazz.tracks[7]!.id, Date.now() - 35 * DAY)]);
    await runJob();
  });

  it("writes an active listener's private, algorithmic playlist of 30 tracks they have not played", async () => {
    const [dw, ...more] = await discoverWeekly(listener);
    expect(more).toEqual([]);
    expect(dw).toMatchObject({ algorithmic: true, public: false, owner: { id: 'encore', display_name: 'Encore' } });
    const res = await api(`/api/v1/playlists/${dw!.id}`, { token: listener.access_token });
    expect(res.status).toBe(200);
    const playlist = await body(res);
    expect(playlist).toMatchObject({ name: 'Discover Weekly', algorithmic: true, public: false, collaborative: false });
    const tracks = await items(listener, dw!.id);
    expect(tracks).toHaveLength(30);
    expect(new Set(tracks).size).toBe(30);
    for (const id of played) expect(tracks).not.toContain(id);
    expect(await discoverWeekly(lapsed)).toEqual([]);
  });

  it('is hidden from everyone else, and its listener may not edit it', async () => {
    const [dw] = await discoverWeekly(listener);
    const stranger = await registerUser();
    expect((await api(`/api/v1/playlists/${dw!.id}`, { token: stranger.access_token })).status).toBe(404);
    expect((await api(`/api/v1/playlists/${dw!.id}/items`, { method: 'POST', token: stranger.access_token, json: { track_ids: [played[0]] } })).status).toBe(
      404,
    );
    const edit = await api(`/api/v1/playlists/${dw!.id}/items`, { method: 'POST', token: listener.access_token, json: { track_ids: [played[0]] } });
    expect(edit.status).toBe(403);
    expect((await api(`/api/v1/playlists/${dw!.id}`, { method: 'PUT', token: listener.access_token, json: { name: 'Mine now' } })).status).toBe(403);
    expect((await api(`/api/v1/playlists/${dw!.id}`, { method: 'DELETE', token: listener.access_token })).status).toBe(403);
  });

  it('its listener may unfollow it and save it again; others may not follow it', async () => {
    const [dw] = await discoverWeekly(listener);
    const followers = `/api/v1/playlists/${dw!.id}/followers`;
    expect((await api(followers, { method: 'DELETE', token: listener.access_token })).status).toBe(200);
    expect(await discoverWeekly(listener)).toEqual([]);
    expect((await api(followers, { method: 'PUT', token: listener.access_token })).status).toBe(200);
    expect((await discoverWeekly(listener)).map((p) => p.id)).toEqual([dw!.id]);
    expect((await api(followers, { method: 'PUT', token: (await registerUser()).access_token })).status).toBe(404);
  });

  it('a rerun replaces the playlist in place, without what was played since', async () => {
    const [before] = await discoverWeekly(listener);
    const first = await items(listener, before!.id);
    const nowPlayed = first.slice(0, 3);
    await listen(
      listener.user.id,
      nowPlayed.map((id, i) => play(id, Date.now() - 20 * MIN + i * 4 * MIN)),
    );
    await runJob();
    const after = await discoverWeekly(listener);
    expect(after.map((p) => p.id)).toEqual([before!.id]);
    const second = await items(listener, before!.id);
    expect(second).toHaveLength(30);
    for (const id of [...played, ...nowPlayed]) expect(second).not.toContain(id);
  });

  it('runs from its weekly cron too', async () => {
    const newcomer = await registerUser();
    await listen(newcomer.user.id, [play(jazz.tracks[10]!.id, Date.now() - 10 * MIN)]);
    await runCron(DISCOVER_WEEKLY_CRON);
    const [dw] = await discoverWeekly(newcomer);
    expect(dw?.algorithmic).toBe(true);
    expect((await items(newcomer, dw!.id)).length).toBeGreaterThan(0);
  });

  it('shows on the home page, made for you', async () => {
    const [dw] = await discoverWeekly(listener);
    const sections = (await body(await api('/api/v1/me/home', { token: listener.access_token }))).sections;
    const made = sections.find((s: { id: string }) => s.id === 'made_for_you');
    expect(made.items[0]).toMatchObject({ id: dw!.id, name: 'Discover Weekly', algorithmic: true });
  });
});
