import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newIdOn } from '#core/shards.ts';
import { api, body, registerUser } from './helpers.ts';
import { connectDevice, seedTracks, type SeededTrack } from './player-support.ts';

const player = (token: string, path = '', init: Parameters<typeof api>[1] = {}) => api(`/api/v1/me/player${path}`, { token, ...init });
const ids = (items: { id: string }[]) => items.map((t) => t.id);

/** A listener with one connected device playing `tracks` from the first. */
async function playing(tracks: SeededTrack[], extra: Record<string, unknown> = {}) {
  const session = await registerUser();
  const token = session.access_token;
  const device = await connectDevice(token, 'laptop');
  const res = await player(token, '/play?device_id=laptop', { method: 'PUT', json: { uris: tracks.map((t) => t.uri), ...extra } });
  expect(res.status).toBe(204);
  return { token, device, userId: session.user.id };
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const { error } = await body(res);
  expect(error).toMatchObject({ status, code });
  expect(typeof error.message).toBe('string');
}

describe('player commands', () => {
  it('plays uris from an offset, then next, previous and pause move through them', async () => {
    const tracks = await seedTracks({ artists: 1, perArtist: 4 });
    const { token } = await playing(tracks, { offset: { uri: tracks[1]!.uri } });
    const state = await body(await player(token));
    expect(state).toMatchObject({
      is_playing: true,
      item: { id: tracks[1]!.id, uri: tracks[1]!.uri, title: 'Track 2', duration_ms: 200_000 },
      device: { id: 'laptop', is_active: true },
    });
    expect(state.item.artists[0]).toMatchObject({ id: tracks[1]!.artistId, name: 'Artist 0' });
    expect(ids((await body(await player(token, '/queue'))).queue)).toEqual(ids(tracks.slice(2)));

    expect((await player(token, '/next', { method: 'POST' })).status).toBe(204);
    expect((await body(await player(token))).item.id).toBe(tracks[2]!.id);
    expect((await player(token, '/previous', { method: 'POST' })).status).toBe(204);
    expect((await body(await player(token))).item.id).toBe(tracks[1]!.id);
    // Past the first seconds, previous restarts the track instead.
    await player(token, '/seek?position_ms=60000', { method: 'PUT' });
    await player(token, '/previous', { method: 'POST' });
    const restarted = await body(await player(token));
    expect(restarted.item.id).toBe(tracks[1]!.id);
    expect(restarted.progress_ms).toBeLessThan(3000);

    expect((await player(token, '/pause', { method: 'PUT' })).status).toBe(204);
    expect((await body(await player(token))).is_playing).toBe(false);
    expect((await player(token, '/play', { method: 'PUT' })).status).toBe(204);
    expect((await body(await player(token))).is_playing).toBe(true);
  });

  it('plays an album context in track order', async () => {
    const albumId = newIdOn(env, 'alb', 2);
    const tracks = await seedTracks({ shard: 2, artists: 1, perArtist: 3, albumId });
    const { access_token: token } = await registerUser();
    await connectDevice(token, 'laptop');
    expect(
      (await player(token, '/play?device_id=laptop', { method: 'PUT', json: { context_uri: `encore:album:${albumId}`, offset: { position: 1 } } })).status,
    ).toBe(204);
    const state = await body(await player(token));
    expect(state).toMatchObject({ context: { uri: `encore:album:${albumId}` }, item: { id: tracks[1]!.id } });
    expect(ids((await body(await player(token, '/queue'))).queue)).toEqual([tracks[2]!.id]);
    await expectError(await player(token, '/play', { method: 'PUT', json: { context_uri: `encore:album:${newIdOn(env, 'alb', 2)}` } }), 404, 'album_not_found');
  });

  it('seeking sets the position; seeking past the end plays the next track (as Spotify does)', async () => {
    const tracks = await seedTracks({ artists: 1, perArtist: 2, durationMs: 180_000 });
    const { token } = await playing(tracks);
    await player(token, '/pause', { method: 'PUT' });
    expect((await player(token, '/seek?position_ms=90000', { method: 'PUT' })).status).toBe(204);
    expect(await body(await player(token))).toMatchObject({ progress_ms: 90_000, item: { id: tracks[0]!.id } });
    expect((await player(token, '/seek?position_ms=180000', { method: 'PUT' })).status).toBe(204);
    expect(await body(await player(token))).toMatchObject({ progress_ms: 0, item: { id: tracks[1]!.id } });
  });

  it('repeat context wraps around at the end; repeat off stops back at the first track', async () => {
    const tracks = await seedTracks({ artists: 1, perArtist: 2 });
    const { token } = await playing(tracks, { offset: { position: 1 } });
    await player(token, '/repeat?state=context', { method: 'PUT' });
    await player(token, '/next', { method: 'POST' });
    expect(await body(await player(token))).toMatchObject({ item: { id: tracks[0]!.id }, is_playing: true, repeat_state: 'context' });
    await player(token, '/next', { method: 'POST' });
    await player(token, '/repeat?state=off', { method: 'PUT' });
    await player(token, '/next', { method: 'POST' });
    expect(await body(await player(token))).toMatchObject({ item: { id: tracks[0]!.id }, is_playing: false, repeat_state: 'off' });
  });

  it('queued tracks play next, before the context continues', async () => {
    const tracks = await seedTracks({ artists: 2, perArtist: 2 });
    const { token } = await playing(tracks.slice(0, 3));
    expect((await player(token, `/queue?uri=${tracks[3]!.uri}`, { method: 'POST' })).status).toBe(204);
    const queue = await body(await player(token, '/queue'));
    expect(queue.currently_playing.id).toBe(tracks[0]!.id);
    expect(ids(queue.queue)).toEqual([tracks[3]!.id, tracks[1]!.id, tracks[2]!.id]);
    await player(token, '/next', { method: 'POST' });
    expect((await body(await player(token))).item.id).toBe(tracks[3]!.id);
    await player(token, '/next', { method: 'POST' });
    expect((await body(await player(token))).item.id).toBe(tracks[1]!.id);
  });

  it('shuffle spreads artists after the playing track; shuffle off restores the original order', async () => {
    const tracks = await seedTracks({ artists: 4, perArtist: 5 });
    const { token } = await playing(tracks);
    await player(token, '/next', { method: 'POST' });
    expect((await player(token, '/shuffle?state=true', { method: 'PUT' })).status).toBe(204);
    const state = await body(await player(token));
    expect(state).toMatchObject({ shuffle_state: true, item: { id: tracks[1]!.id } });
    expect(state.shuffle_seed).toEqual(expect.any(Number));
    const shuffled = (await body(await player(token, '/queue'))).queue as { id: string; artists: { id: string }[] }[];
    expect(ids(shuffled).sort()).toEqual(ids(tracks.filter((_, i) => i !== 1)).sort());
    expect(ids(shuffled)).not.toEqual(ids(tracks.slice(2)));
    for (let i = 1; i < shuffled.length; i++) expect(shuffled[i]!.artists[0]!.id).not.toBe(shuffled[i - 1]!.artists[0]!.id);

    await player(token, '/next', { method: 'POST' });
    const now = (await body(await player(token))).item.id;
    expect(now).toBe(shuffled[0]!.id);
    expect((await player(token, '/shuffle?state=false', { method: 'PUT' })).status).toBe(204);
    const after = await body(await player(token));
    expect(after).toMatchObject({ shuffle_state: false, shuffle_seed: null, item: { id: now } });
    const position = tracks.findIndex((t) => t.id === now);
    expect(ids((await body(await player(token, '/queue'))).queue)).toEqual(ids(tracks.slice(position + 1)));
  });

  it('sets the volume of the active device', async () => {
    const tracks = await seedTracks({ artists: 1, perArtist: 1 });
    const { token } = await playing(tracks);
    expect((await player(token, '/volume?volume_percent=35', { method: 'PUT' })).status).toBe(204);
    expect((await body(await player(token, '/devices'))).devices[0]).toMatchObject({ id: 'laptop', volume_percent: 35 });
    await expectError(await player(token, '/volume?volume_percent=101', { method: 'PUT' }), 400, 'invalid_request');
  });
});

describe('player bad input', () => {
  it('answers 204 with no player, and 404 no_active_device to every command without an active device', async () => {
    const { access_token: token } = await registerUser();
    expect((await player(token)).status).toBe(204);
    expect(await body(await player(token, '/queue'))).toEqual({ currently_playing: null, queue: [] });
    const [track] = await seedTracks({ artists: 1, perArtist: 1 });
    await connectDevice(token, 'laptop');
    const commands: [string, string][] = [
      ['PUT', '/pause'],
      ['PUT', '/play'],
      ['POST', '/next'],
      ['POST', '/previous'],
      ['PUT', '/seek?position_ms=1000'],
      ['PUT', '/shuffle?state=true'],
      ['PUT', '/repeat?state=track'],
      ['PUT', '/volume?volume_percent=10'],
      ['POST', `/queue?uri=${track!.uri}`],
    ];
    for (const [method, path] of commands) await expectError(await player(token, path, { method }), 404, 'no_active_device');
    await expectError(await player(token, '/play', { method: 'PUT', json: { uris: [track!.uri] } }), 404, 'no_active_device');
  });

  it('refuses transfers to unknown, offline and other listeners’ devices (404) and to two devices (400)', async () => {
    const alice = await registerUser();
    const bob = await registerUser();
    await connectDevice(alice.access_token, 'alice-laptop');
    const phone = await connectDevice(alice.access_token, 'alice-phone', 'smartphone');
    await connectDevice(bob.access_token, 'bob-laptop');
    const transfer = (token: string, device_ids: unknown) => player(token, '', { method: 'PUT', json: { device_ids } });

    await expectError(await transfer(alice.access_token, ['nobody']), 404, 'device_not_found');
    await expectError(await transfer(alice.access_token, ['bob-laptop']), 404, 'device_not_found');
    await expectError(await transfer(bob.access_token, ['alice-laptop']), 404, 'device_not_found');
    await expectError(await player(bob.access_token, '/play?device_id=alice-laptop', { method: 'PUT' }), 422, 'nothing_to_play');
    await expectError(await transfer(alice.access_token, ['alice-laptop', 'alice-phone']), 400, 'single_device_only');
    await expectError(await transfer(alice.access_token, []), 422, 'invalid_request');
    await expectError(
      await player(alice.access_token, '', { method: 'PUT', body: '{"device_ids":', headers: { 'Content-Type': 'application/json' } }),
      400,
      'bad_request',
    );

    phone.close();
    await expect.poll(async () => (await body(await player(alice.access_token, '/devices'))).devices.length).toBe(1);
    await expectError(await transfer(alice.access_token, ['alice-phone']), 404, 'device_not_found');
    expect((await transfer(alice.access_token, ['alice-laptop'])).status).toBe(204);
    expect((await body(await player(bob.access_token, '/devices'))).devices.map((d: { id: string }) => d.id)).toEqual(['bob-laptop']);
  });

  it('refuses bad seek, shuffle, repeat and queue parameters with 400, unknown tracks with 404', async () => {
    const tracks = await seedTracks({ artists: 1, perArtist: 2 });
    const { token } = await playing(tracks);
    for (const q of ['', '?position_ms=', '?position_ms=-5', '?position_ms=abc', '?position_ms=1.5']) {
      await expectError(await player(token, `/seek${q}`, { method: 'PUT' }), 400, 'invalid_request');
    }
    for (const q of ['', '?state=yes', '?state=TRUE']) await expectError(await player(token, `/shuffle${q}`, { method: 'PUT' }), 400, 'invalid_request');
    for (const q of ['', '?state=sometimes', '?state=all']) await expectError(await player(token, `/repeat${q}`, { method: 'PUT' }), 400, 'invalid_request');
    await expectError(await player(token, '/queue?uri=spotify:track:abc', { method: 'POST' }), 400, 'invalid_request');
    await expectError(await player(token, `/queue?uri=encore:track:${newIdOn(env, 'trk', 1)}`, { method: 'POST' }), 404, 'track_not_found');
    await expectError(await player(token, '/queue?uri=encore:track:trk9_nope', { method: 'POST' }), 404, 'track_not_found');
    // Nothing changed along the way.
    expect(await body(await player(token))).toMatchObject({ item: { id: tracks[0]!.id }, shuffle_state: false, repeat_state: 'off', seq: 1 });
  });

  it('refuses bad play bodies: unknown tracks 404, malformed or contradictory bodies 4xx', async () => {
    const tracks = await seedTracks({ artists: 1, perArtist: 2 });
    const { token } = await playing(tracks);
    const play = (json: unknown) => player(token, '/play', { method: 'PUT', json });
    await expectError(await play({ uris: [tracks[0]!.uri, `encore:track:${newIdOn(env, 'trk', 3)}`] }), 404, 'track_not_found');
    await expectError(await play({ uris: ['encore:album:x'] }), 422, 'invalid_request');
    await expectError(await play({ uris: [] }), 422, 'invalid_request');
    await expectError(await play({ uris: [tracks[0]!.uri], context_uri: 'encore:album:alb1_x' }), 422, 'invalid_request');
    await expectError(await play({ uris: [tracks[0]!.uri], offset: { position: 1 } }), 422, 'invalid_offset');
    await expectError(await play({ uris: [tracks[0]!.uri], offset: { uri: tracks[1]!.uri } }), 422, 'invalid_offset');
    await expectError(await play({ context_uri: 'encore:genre:rock' }), 422, 'invalid_uri');
    await expectError(await play({ context_uri: 'encore:playlist:pl0_missing' }), 404, 'playlist_not_found');
    await expectError(await play({ position_ms: -1 }), 422, 'invalid_request');
    await expectError(await player(token, '/play?device_id=ghost', { method: 'PUT' }), 404, 'device_not_found');
    expect((await body(await player(token))).seq).toBe(1);
  });

  it('needs a token', async () => {
    expect((await api('/api/v1/me/player')).status).toBe(401);
    expect((await api('/api/v1/me/player/devices')).status).toBe(401);
    expect((await api('/api/v1/me/player/pause', { method: 'PUT' })).status).toBe(401);
  });
});

// Keeps the import of env honest: the catalog shards the tests write to are real D1 bindings.
void env;
