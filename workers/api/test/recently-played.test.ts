import { describe, expect, it } from 'vitest';
import { api, body, registerUser } from './helpers.ts';
import { listen, play, seedTrack } from './listening-helpers.ts';

const MIN = 60_000;

describe('GET /me/player/recently-played', () => {
  it('pages back through plays newest first, with Spotify-style cursors', async () => {
    const session = await registerUser();
    const tracks = [await seedTrack(0, { title: 'One' }), await seedTrack(1, { title: 'Two' }), await seedTrack(2, { title: 'Three' })];
    const t0 = Date.now() - 60 * MIN;
    // Five plays that count, one skip (not shown), one unknown track (not shown).
    await listen(session.user.id, [
      play(tracks[0]!, t0),
      play(tracks[1]!, t0 + 5 * MIN),
      play(tracks[2]!, t0 + 10 * MIN),
      play(tracks[0]!, t0 + 15 * MIN, 5_000),
      play('trk3_doesnotexist0000', t0 + 16 * MIN),
      play(tracks[1]!, t0 + 20 * MIN),
      play(tracks[2]!, t0 + 25 * MIN),
    ]);

    const first = await body(await api('/api/v1/me/player/recently-played?limit=2', { token: session.access_token }));
    expect(first.items.map((i: any) => i.track.title)).toEqual(['Three', 'Two']);
    expect(first.items[0]).toMatchObject({ played_at: new Date(t0 + 25 * MIN).toISOString(), track: { id: tracks[2], uri: `encore:track:${tracks[2]}` } });
    expect(first.cursors).toEqual({ after: String(t0 + 25 * MIN), before: String(t0 + 20 * MIN) });
    expect(first.limit).toBe(2);

    const second = await body(await api(new URL(first.next).pathname + new URL(first.next).search, { token: session.access_token }));
    expect(second.items.map((i: any) => i.played_at)).toEqual([new Date(t0 + 10 * MIN).toISOString(), new Date(t0 + 5 * MIN).toISOString()]);
    const third = await body(await api(new URL(second.next).pathname + new URL(second.next).search, { token: session.access_token }));
    expect(third.items.map((i: any) => i.track.title)).toEqual(['One']);
    expect(third.next).toBeNull();

    const newer = await body(await api(`/api/v1/me/player/recently-played?limit=2&after=${t0 + 5 * MIN}`, { token: session.access_token }));
    expect(newer.items.map((i: any) => i.played_at)).toEqual([new Date(t0 + 20 * MIN).toISOString(), new Date(t0 + 10 * MIN).toISOString()]);
  });

  it("shows only the caller's own plays", async () => {
    const [a, b] = [await registerUser(), await registerUser()];
    const track = await seedTrack(1);
    await listen(a.user.id, [play(track, Date.now() - 5 * MIN)]);

    const page = await body(await api('/api/v1/me/player/recently-played', { token: b.access_token }));
    expect(page.items).toEqual([]);
    expect(page.cursors).toBeNull();
    expect(page.next).toBeNull();
  });

  it('shows what a play was played from, when the report named it', async () => {
    const session = await registerUser();
    const track = await seedTrack(0);
    await listen(session.user.id, [
      { ...play(track, Date.now() - 10 * MIN), context_uri: 'encore:playlist:pl_v0001_somemix' },
      play(track, Date.now() - 5 * MIN),
    ]);
    const page = await body(await api('/api/v1/me/player/recently-played', { token: session.access_token }));
    expect(page.items.map((i: any) => i.context)).toEqual([null, { type: 'playlist', uri: 'encore:playlist:pl_v0001_somemix' }]);
  });

  it('refuses a context that is not an album, artist or playlist URI with 422', async () => {
    const { access_token } = await registerUser();
    const event = { event_id: 'ctx-1', track_id: 'trk_x', started_at: Date.now() - 5 * MIN, ms_played: 40_000 };
    for (const context_uri of ['encore:track:trk_x', 'spotify:album:1', 'x'.repeat(101)]) {
      const res = await api('/api/v1/me/player/report', { method: 'POST', token: access_token, json: { events: [{ ...event, context_uri }] } });
      expect(res.status, context_uri).toBe(422);
    }
    const ok = await api('/api/v1/me/player/report', {
      method: 'POST',
      token: access_token,
      json: { events: [{ ...event, context_uri: 'encore:album:alb_v0001_x' }] },
    });
    expect(ok.status).toBe(202);
  });

  it('refuses bad paging parameters with 400', async () => {
    const { access_token } = await registerUser();
    for (const q of ['limit=0', 'limit=51', 'before=soon', 'before=1&after=2']) {
      const res = await api(`/api/v1/me/player/recently-played?${q}`, { token: access_token });
      expect(res.status, q).toBe(400);
    }
    expect((await api('/api/v1/me/player/recently-played')).status).toBe(401);
  });
});
