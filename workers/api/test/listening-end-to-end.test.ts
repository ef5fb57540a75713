import { describe, expect, it } from 'vitest';
import { api, body, registerUser, eventually } from './helpers.ts';
import { seedTrack } from './listening-helpers.ts';

describe('report → queue → consumer → history', () => {
  it('a reported play lands on the real queue and shows up in recently played', async () => {
    const { access_token } = await registerUser();
    const track = await seedTrack(3, { title: 'Queued Song' });
    const startedAt = Date.now() - 90_000;

    const res = await api('/api/v1/me/player/report', {
      method: 'POST',
      token: access_token,
      headers: { 'CF-IPCountry': 'NO' },
      json: {
        events: [
          {
            event_id: crypto.randomUUID(),
            track_id: track,
            started_at: startedAt,
            ms_played: 61_000,
            completed: true,
            device_id: 'web',
            session_id: 's',
            quality: 'high',
          },
        ],
      },
    });
    expect(res.status).toBe(202);

    const page = await eventually(
      async () => body(await api('/api/v1/me/player/recently-played', { token: access_token })),
      (p) => p.items?.length === 1,
    );
    expect(page.items[0].track).toMatchObject({ id: track, title: 'Queued Song' });
    expect(page.items[0].played_at).toBe(new Date(startedAt).toISOString());
  });
});
