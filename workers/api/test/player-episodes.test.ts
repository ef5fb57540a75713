import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { connectDevice, seedTracks } from './player-support.ts';
import { publishShow, readyEpisode } from './podcasts-support.ts';

const player = (token: string, path = '', init: Parameters<typeof api>[1] = {}) => api(`/api/v1/me/player${path}`, { token, ...init });
const playUris = (token: string, uris: string[], extra: Record<string, unknown> = {}) =>
  player(token, '/play?device_id=laptop', { method: 'PUT', json: { uris, ...extra } });
const saveProgress = (token: string, episodeId: string, position_ms: number) =>
  api(`/api/v1/me/episodes/${episodeId}/progress`, { method: 'PUT', token, json: { position_ms } });

let publisher: TestSession;
let showId: string;

describe('podcast episodes in the Connect session', () => {
  beforeAll(async () => {
    publisher = await registerUser('artist');
    showId = await publishShow(publisher.access_token, 'Connect Talk');
  });

  it("plays an episode from the caller's resume point; a transfer resumes it on the other device at the same place", async () => {
    const { access_token: token } = await registerUser();
    const episode = await readyEpisode(publisher.access_token, showId, 'Hand Over', 3_600_000);
    await saveProgress(token, episode, 754_000);
    const laptop = await connectDevice(token, 'laptop');
    const phone = await connectDevice(token, 'phone', 'smartphone');

    expect((await playUris(token, [`encore:episode:${episode}`])).status).toBe(204);
    await player(token, '/pause', { method: 'PUT' });
    const paused = await body(await player(token));
    expect(paused).toMatchObject({
      is_playing: false,
      device: { id: 'laptop' },
      item: {
        id: episode,
        type: 'episode',
        uri: `encore:episode:${episode}`,
        name: 'Hand Over',
        duration_ms: 3_600_000,
        show: { id: showId, name: 'Connect Talk' },
        images: [],
      },
    });
    expect(paused.progress_ms).toBeGreaterThanOrEqual(754_000);
    expect(paused.progress_ms).toBeLessThan(3_600_000);
    expect((await body(await player(token, '/queue'))).currently_playing).toMatchObject({ id: episode, type: 'episode' });

    expect((await player(token, '', { method: 'PUT', json: { device_ids: ['phone'], play: true } })).status).toBe(204);
    const there = await phone.next('state', (m) => m.player?.device?.id === 'phone');
    expect(there.player).toMatchObject({ is_playing: true, progress_ms: paused.progress_ms, item: { id: episode, type: 'episode' } });
    await laptop.next('stop');
    laptop.close();
    phone.close();
  });

  it('starts a finished episode from the top, and at position_ms when the play says so', async () => {
    const { access_token: token } = await registerUser();
    const episode = await readyEpisode(publisher.access_token, showId, 'Done Before', 600_000);
    await saveProgress(token, episode, 599_000);
    const laptop = await connectDevice(token, 'laptop');
    await playUris(token, [`encore:episode:${episode}`]);
    await player(token, '/pause', { method: 'PUT' });
    expect((await body(await player(token))).progress_ms).toBeLessThan(599_000);
    await playUris(token, [`encore:episode:${episode}`], { position_ms: 120_000 });
    await player(token, '/pause', { method: 'PUT' });
    expect((await body(await player(token))).progress_ms).toBeGreaterThanOrEqual(120_000);
    laptop.close();
  });

  it('tracks still carry type track; an episode plays alone (422), an unknown one is 404', async () => {
    const { access_token: token } = await registerUser();
    const [track] = await seedTracks({ artists: 1, perArtist: 1 });
    const episode = await readyEpisode(publisher.access_token, showId, 'Alone', 600_000);
    const laptop = await connectDevice(token, 'laptop');
    await playUris(token, [track!.uri]);
    expect((await body(await player(token))).item).toMatchObject({ id: track!.id, type: 'track' });

    const mixed = await playUris(token, [`encore:episode:${episode}`, track!.uri]);
    expect(mixed.status).toBe(422);
    expect((await body(mixed)).error.message).toMatch(/episode plays alone/);
    const unknown = await playUris(token, ['encore:episode:epi_v0001_doesnotexist0000']);
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).error.code).toBe('episode_not_found');
    expect((await playUris(token, [`encore:show:${showId}`])).status).toBe(422);
    laptop.close();
  });
});
