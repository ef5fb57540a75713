import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { markReady, markTranscoding, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';

let publisher: TestSession;
let listener: TestSession;
let showId: string;

const openEpisode = (token: string, json: Record<string, unknown>) =>
  api('/api/v1/uploads', { method: 'POST', token, json: { kind: 'episode', title: 'Pilot', size_bytes: 1000, content_type: 'audio/mp4', ...json } });

/** An episode as the transcode-queue worker leaves it once the transcoder answered (core/catalog/upload-transitions.ts). */
async function readyEpisode(title: string, durationMs: number): Promise<string> {
  const created = await body(await openEpisode(publisher.access_token, { show_id: showId, title, description: `About ${title}` }));
  const db = uploadShardDb(env, created.id);
  await db.prepare("UPDATE uploads SET status = 'uploaded' WHERE id = ?").bind(created.id).run();
  await markTranscoding(db, created.id);
  const moved = await markReady(db, created.id, {
    contentHash: 'c'.repeat(64),
    durationMs,
    loudnessLufs: -16.1,
    chapters: [
      { title: 'Intro', start_ms: 0 },
      { title: 'Main', start_ms: 5000 },
    ],
  });
  expect(moved).toBe(true);
  return created.episode_id;
}

describe('podcast episodes', () => {
  beforeAll(async () => {
    publisher = await registerUser('artist');
    listener = await registerUser('listener');
    showId = (
      await body(
        await api('/api/v1/shows', {
          method: 'POST',
          token: publisher.access_token,
          json: { name: 'Night Shift', description: 'Late talk.', publisher: 'NS Media' },
        }),
      )
    ).id;
  });

  it('opens an episode upload on its show: the episode is processing, left out of the show until ready', async () => {
    const res = await openEpisode(publisher.access_token, { show_id: showId, description: 'The first one.' });
    expect(res.status).toBe(201);
    const created = await body(res);
    expect(created).toMatchObject({ status: 'created', part_count: 1 });
    expect(created.episode_id).toMatch(/^epi_v\d{4}_/);
    expect(created.track_id).toBeUndefined();
    expect(await body(await api(`/api/v1/uploads/${created.id}`, { token: publisher.access_token }))).toEqual({
      id: created.id,
      episode_id: created.episode_id,
      status: 'created',
    });
    const episode = await body(await api(`/api/v1/episodes/${created.episode_id}`, { token: listener.access_token }));
    expect(episode).toMatchObject({ name: 'Pilot', description: 'The first one.', status: 'processing', stream: null, duration_ms: null });
    expect((await body(await api(`/api/v1/shows/${showId}/episodes`, { token: listener.access_token }))).total).toBe(0);
  });

  it("refuses episode uploads naming a malformed show (422), an unknown one (404), or another artist's (403), and from listeners (403)", async () => {
    for (const show_id of ['nonsense', 'trk_v0001_AAAAAAAAAAAAAAAA', "shw_v0001_x' OR 1=1"]) {
      const res = await openEpisode(publisher.access_token, { show_id });
      expect(res.status).toBe(422);
      expect((await body(res)).error.code).toBe('invalid_show_id');
    }
    const unknown = await openEpisode(publisher.access_token, { show_id: 'shw_v0001_doesnotexist0000' });
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).error.code).toBe('show_not_found');
    const other = await registerUser('artist');
    const wrongOwner = await openEpisode(other.access_token, { show_id: showId });
    expect(wrongOwner.status).toBe(403);
    expect((await body(wrongOwner)).error.code).toBe('not_your_show');
    expect((await openEpisode(listener.access_token, { show_id: showId })).status).toBe(403);
    expect((await openEpisode(publisher.access_token, {})).status).toBe(422);
    expect((await openEpisode(publisher.access_token, { show_id: showId, kind: 'podcast' })).status).toBe(422);
    // A track upload without `kind` still works as before.
    const track = await api('/api/v1/uploads', {
      method: 'POST',
      token: publisher.access_token,
      json: { title: 'Theme', size_bytes: 1000, content_type: 'audio/flac' },
    });
    expect(track.status).toBe(201);
    expect((await body(track)).track_id).toMatch(/^trk_/);
  });

  it("once transcoded, an episode carries its show, chapters, a signed stream and the caller's resume point", async () => {
    const id = await readyEpisode('Deep Dive', 600_000);
    const episode = await body(await api(`/api/v1/episodes/${id}`, { token: listener.access_token }));
    expect(episode).toMatchObject({
      id,
      type: 'episode',
      uri: `encore:episode:${id}`,
      name: 'Deep Dive',
      description: 'About Deep Dive',
      status: 'ready',
      duration_ms: 600_000,
      images: [],
      show: { id: showId, uri: `encore:show:${showId}`, name: 'Night Shift', publisher: 'NS Media' },
      chapters: [
        { title: 'Intro', start_ms: 0 },
        { title: 'Main', start_ms: 5000 },
      ],
      resume_point: { position_ms: 0, fully_played: false },
    });
    expect(episode.stream.hls_url).toMatch(new RegExp(`^/media/hls/${'c'.repeat(64)}/master\\.m3u8\\?`));
    expect(Date.parse(episode.stream.expires_at)).toBeGreaterThan(Date.now());
    const listed = await body(await api(`/api/v1/shows/${showId}/episodes`, { token: listener.access_token }));
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(id);
  });

  it('saves a resume point per listener for every device, marks it fully played near the end, and keeps that', async () => {
    const id = await readyEpisode('Long Form', 3_600_000);
    const save = (token: string, position_ms: number) => api(`/api/v1/me/episodes/${id}/progress`, { method: 'PUT', token, json: { position_ms } });
    const saved = await save(listener.access_token, 754_321);
    expect(saved.status).toBe(200);
    expect(await body(saved)).toEqual({ position_ms: 754_321, fully_played: false });
    // Another login of the same listener (another device) sees the same point; another listener has their own.
    const again = await body(await api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: listener.refresh_token } }));
    expect((await body(await api(`/api/v1/episodes/${id}`, { token: again.access_token }))).resume_point).toEqual({
      position_ms: 754_321,
      fully_played: false,
    });
    expect((await body(await api(`/api/v1/episodes/${id}`, { token: publisher.access_token }))).resume_point).toEqual({ position_ms: 0, fully_played: false });

    expect(await body(await save(again.access_token, 3_580_000))).toEqual({ position_ms: 3_580_000, fully_played: true });
    expect(await body(await save(listener.access_token, 60_000))).toEqual({ position_ms: 60_000, fully_played: true });
    expect((await body(await api(`/api/v1/episodes/${id}`, { token: listener.access_token }))).resume_point).toEqual({
      position_ms: 60_000,
      fully_played: true,
    });
  });

  it('refuses progress past the end (422), on a bad body (422), for an unknown episode (404) or one not ready (409)', async () => {
    const id = await readyEpisode('Short', 120_000);
    const save = (episodeId: string, json: unknown) => api(`/api/v1/me/episodes/${episodeId}/progress`, { method: 'PUT', token: listener.access_token, json });
    expect((await save(id, { position_ms: 120_001 })).status).toBe(422);
    for (const bad of [{ position_ms: -1 }, { position_ms: 1.5 }, { position_ms: '10' }, {}]) expect((await save(id, bad)).status).toBe(422);
    for (const unknown of ['epi_v0001_doesnotexist0000', 'nonsense', showId]) {
      const res = await save(unknown, { position_ms: 0 });
      expect(res.status).toBe(404);
      expect((await body(res)).error.code).toBe('episode_not_found');
    }
    const processing = (await body(await openEpisode(publisher.access_token, { show_id: showId }))).episode_id;
    const notReady = await save(processing, { position_ms: 0 });
    expect(notReady.status).toBe(409);
    expect(await body(await save(id, { position_ms: 110_000 }))).toEqual({ position_ms: 110_000, fully_played: true });
  });
});
