import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardDb, shardOfId } from '#core/shards.ts';
import { api, body, eventually, registerUser, type TestSession } from './helpers.ts';
import { publishShow, readyEpisode } from './podcasts-support.ts';

let publisher: TestSession;
let showId: string;

const resumePoint = async (token: string, episodeId: string) => (await body(await api(`/api/v1/episodes/${episodeId}`, { token }))).resume_point;
const saveProgress = (token: string, episodeId: string, position_ms: number) =>
  api(`/api/v1/me/episodes/${episodeId}/progress`, { method: 'PUT', token, json: { position_ms } });
const report = (token: string, events: Record<string, unknown>[]) => api('/api/v1/me/player/report', { method: 'POST', token, json: { events } });
const episodePlay = (episode_id: string, fields: Record<string, unknown> = {}) => ({
  event_id: crypto.randomUUID(),
  episode_id,
  started_at: Date.now() - 120_000,
  ms_played: 100_000,
  device_id: 'phone',
  ...fields,
});
/** Saves stamped with fixed times, so the order of home's section does not hang on the clock between two requests. */
async function stampSaves(userId: string, stamps: Record<string, number>): Promise<void> {
  const db = shardDb(env, 'USERS', shardOfId(env, 'USERS', userId));
  for (const [episodeId, at] of Object.entries(stamps)) {
    await db.prepare('UPDATE episode_progress SET updated_at = ? WHERE user_id = ? AND episode_id = ?').bind(at, userId, episodeId).run();
  }
}
const homeSection = async (token: string, id: string) =>
  ((await body(await api('/api/v1/me/home', { token }))).sections as { id: string; items: any[] }[]).find((s) => s.id === id);

describe('podcast resume points from reports, in show listings and on home', () => {
  beforeAll(async () => {
    publisher = await registerUser('artist');
    showId = await publishShow(publisher.access_token, 'Resume Radio');
  });

  it('a reported episode play moves the resume point through the real queue; replaying it, or an older play, does not move it back', async () => {
    const listener = await registerUser();
    const episode = await readyEpisode(publisher.access_token, showId, 'Reported', 3_600_000);
    const latest = episodePlay(episode, { position_ms: 1_500_000 });
    expect((await report(listener.access_token, [latest])).status).toBe(202);
    const moved = await eventually(
      () => resumePoint(listener.access_token, episode),
      (p) => p.position_ms === 1_500_000,
    );
    expect(moved).toEqual({ position_ms: 1_500_000, fully_played: false });

    // The replay and a late report of an earlier play share a report with a marker play of another episode:
    // one report's episode plays land on the listener's shard together, so once the marker shows, so have they.
    const marker = await readyEpisode(publisher.access_token, showId, 'Marker', 600_000);
    const earlier = episodePlay(episode, { started_at: latest.started_at - 600_000, position_ms: 200_000 });
    expect((await report(listener.access_token, [{ ...latest }, earlier, episodePlay(marker, { position_ms: 5_000 })])).status).toBe(202);
    await eventually(
      () => resumePoint(listener.access_token, marker),
      (p) => p.position_ms === 5_000,
    );
    expect(await resumePoint(listener.access_token, episode)).toEqual({ position_ms: 1_500_000, fully_played: false });
  });

  it('a completed play marks the episode fully played', async () => {
    const listener = await registerUser();
    const episode = await readyEpisode(publisher.access_token, showId, 'Completed', 600_000);
    await report(listener.access_token, [episodePlay(episode, { started_at: Date.now() - 700_000, ms_played: 600_000, completed: true })]);
    const point = await eventually(
      () => resumePoint(listener.access_token, episode),
      (p) => p.fully_played,
    );
    expect(point).toEqual({ position_ms: 600_000, fully_played: true });
  });

  it('refuses a play naming both a track and an episode, or neither, and a position on a track play (422)', async () => {
    const listener = await registerUser();
    const cases = [
      episodePlay('epi_v0001_AAAAAAAAAAAAAAAA', { track_id: 'trk_v0001_AAAAAAAAAAAAAAAA' }),
      { ...episodePlay('x'), episode_id: undefined },
      { ...episodePlay('x', { track_id: 'trk_v0001_AAAAAAAAAAAAAAAA', position_ms: 10 }), episode_id: undefined },
      episodePlay('epi_v0001_AAAAAAAAAAAAAAAA', { position_ms: -1 }),
    ];
    for (const event of cases) {
      const res = await report(listener.access_token, [event]);
      expect(res.status).toBe(422);
      expect((await body(res)).error).toMatchObject({ status: 422, code: 'invalid_request', message: expect.stringMatching(/events\.0/) });
    }
  });

  it("lists a show's episodes with the caller's own resume points", async () => {
    const [listener, other] = [await registerUser(), await registerUser()];
    const show = await publishShow(publisher.access_token, 'Listed');
    const [first, second] = [
      await readyEpisode(publisher.access_token, show, 'One', 600_000),
      await readyEpisode(publisher.access_token, show, 'Two', 600_000),
    ];
    await saveProgress(listener.access_token, first, 120_000);
    await saveProgress(listener.access_token, second, 595_000);
    const points = async (token: string) =>
      Object.fromEntries(
        (await body(await api(`/api/v1/shows/${show}/episodes`, { token }))).items.map((e: { id: string; resume_point: unknown }) => [e.id, e.resume_point]),
      );
    expect(await points(listener.access_token)).toEqual({
      [first]: { position_ms: 120_000, fully_played: false },
      [second]: { position_ms: 595_000, fully_played: true },
    });
    expect(await points(other.access_token)).toEqual({
      [first]: { position_ms: 0, fully_played: false },
      [second]: { position_ms: 0, fully_played: false },
    });
  });

  it('home continues the episodes the caller started and has not finished, the last listened first, at once after a save', async () => {
    const listener = await registerUser();
    expect(await homeSection(listener.access_token, 'continue_listening')).toBeUndefined();
    const [older, newer, finished, untouched] = [
      await readyEpisode(publisher.access_token, showId, 'Older', 1_200_000),
      await readyEpisode(publisher.access_token, showId, 'Newer', 1_200_000),
      await readyEpisode(publisher.access_token, showId, 'Finished', 1_200_000),
      await readyEpisode(publisher.access_token, showId, 'Untouched', 1_200_000),
    ];
    await saveProgress(listener.access_token, older, 300_000);
    await saveProgress(listener.access_token, finished, 1_190_000);
    await saveProgress(listener.access_token, newer, 60_000);
    await saveProgress(listener.access_token, untouched, 0);
    await stampSaves(listener.user.id, { [older]: 1_000, [finished]: 2_000, [newer]: 3_000, [untouched]: 4_000 });

    const section = await homeSection(listener.access_token, 'continue_listening');
    expect(section?.items.map((e) => e.id)).toEqual([newer, older]);
    expect(section?.items[0]).toMatchObject({
      type: 'episode',
      uri: `encore:episode:${newer}`,
      name: 'Newer',
      duration_ms: 1_200_000,
      show: { id: showId, name: 'Resume Radio' },
      resume_point: { position_ms: 60_000, fully_played: false },
    });

    // Listening to the older one again brings it to the front straight away (no cached section).
    await saveProgress(listener.access_token, older, 400_000);
    expect((await homeSection(listener.access_token, 'continue_listening'))?.items.map((e) => [e.id, e.resume_point.position_ms])).toEqual([
      [older, 400_000],
      [newer, 60_000],
    ]);
  });
});
