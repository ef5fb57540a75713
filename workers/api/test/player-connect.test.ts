import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEVICE_TIMEOUT_MS, type DeviceSession } from '#do/device-session.ts';
import { api, body, registerUser } from './helpers.ts';
import { connectDevice, connectUrl, seedTracks, sessionStub, upgrade } from './player-support.ts';

const player = (token: string, path = '', init: Parameters<typeof api>[1] = {}) => api(`/api/v1/me/player${path}`, { token, ...init });

/** Rewrites what the session stored, the way time passing would have. */
function rewindStorage(userId: string, sql: string, ...params: (string | number)[]) {
  return runInDurableObject(sessionStub(userId), (_instance: DeviceSession, state) => {
    state.storage.sql.exec(sql, ...params);
  });
}

describe('connect: devices over real WebSockets', () => {
  it('lists connected devices, pushes the list to every device, and drops a device that disconnects', async () => {
    const { access_token: token } = await registerUser();
    const laptop = await connectDevice(token, 'laptop', 'computer');
    const phone = await connectDevice(token, 'phone', 'Smartphone');

    const listed = await body(await player(token, '/devices'));
    expect(listed.devices).toEqual([
      { id: 'laptop', name: 'laptop (computer)', type: 'computer', is_active: false, volume_percent: null },
      { id: 'phone', name: 'phone (Smartphone)', type: 'smartphone', is_active: false, volume_percent: null },
    ]);
    const seen = await laptop.next('devices', (m) => m.devices.length === 2);
    expect(seen.devices.map((d) => d.id)).toEqual(['laptop', 'phone']);

    phone.send({ type: 'hello', name: 'Kitchen phone', volume_percent: 40 });
    await laptop.next('devices', (m) => m.devices.some((d) => d.name === 'Kitchen phone' && d.volume_percent === 40));

    phone.close();
    await laptop.next('devices', (m) => m.devices.length === 1);
    expect((await body(await player(token, '/devices'))).devices.map((d: { id: string }) => d.id)).toEqual(['laptop']);
    expect((await player(token)).status).toBe(204);
  });

  it('transfers playback: the target gets the state at the live position, the previous device gets stop', async () => {
    const { access_token: token, user } = await registerUser();
    const [first, second] = await seedTracks({ artists: 1, perArtist: 2 });
    const laptop = await connectDevice(token, 'laptop');
    const speaker = await connectDevice(token, 'speaker', 'speaker');

    expect((await player(token, '/play?device_id=laptop', { method: 'PUT', json: { uris: [first!.uri, second!.uri], position_ms: 10_000 } })).status).toBe(204);
    await laptop.next('state', (m) => m.player?.is_playing === true);
    // Five seconds of playback happened since the last measurement.
    await rewindStorage(user.id, 'UPDATE player SET measured_at = measured_at - 5000');

    expect((await player(token, '', { method: 'PUT', json: { device_ids: ['speaker'] } })).status).toBe(204);
    const state = await speaker.next('state', (m) => m.player?.device?.id === 'speaker');
    expect(state.player).toMatchObject({ is_playing: true, item: { id: first!.id }, device: { id: 'speaker', is_active: true } });
    expect(state.player!.progress_ms).toBeGreaterThanOrEqual(15_000);
    expect(state.player!.progress_ms).toBeLessThan(15_000 + 2_000);
    const stop = await laptop.next('stop');
    expect(stop).toEqual({ type: 'stop', seq: state.seq, reason: 'transferred' });
    expect(speaker.all('stop')).toEqual([]);

    // Paused, the position does not move however long it has been.
    await player(token, '/pause', { method: 'PUT' });
    const paused = await speaker.next('state', (m) => m.player?.is_playing === false);
    await rewindStorage(user.id, 'UPDATE player SET measured_at = measured_at - 60000');
    await player(token, '', { method: 'PUT', json: { device_ids: ['laptop'], play: true } });
    const back = await laptop.next('state', (m) => m.player?.device?.id === 'laptop');
    expect(back.player).toMatchObject({ is_playing: true, progress_ms: paused.player!.progress_ms });
    await speaker.next('stop');
  });

  it('applies commands in arrival order: every push carries the next seq, and stale reports are ignored', async () => {
    const { access_token: token } = await registerUser();
    const tracks = await seedTracks({ artists: 2, perArtist: 3 });
    const laptop = await connectDevice(token, 'laptop');
    const phone = await connectDevice(token, 'phone', 'smartphone');
    await player(token, '/play?device_id=laptop', { method: 'PUT', json: { uris: tracks.map((t) => t.uri) } });
    const start = (await laptop.next('state', (m) => m.player?.is_playing === true)).seq;

    const commands = [
      player(token, '/pause', { method: 'PUT' }),
      player(token, '/seek?position_ms=30000', { method: 'PUT' }),
      player(token, '/next', { method: 'POST' }),
      player(token, '/repeat?state=context', { method: 'PUT' }),
      player(token, '/play', { method: 'PUT' }),
      player(token, '/shuffle?state=true', { method: 'PUT' }),
    ];
    expect((await Promise.all(commands)).map((r) => r.status)).toEqual([204, 204, 204, 204, 204, 204]);
    const final = await phone.next('state', (m) => m.seq === start + commands.length);
    const seqs = phone.all('state').map((m) => m.seq);
    expect(seqs.filter((s) => s > start)).toEqual([1, 2, 3, 4, 5, 6].map((n) => start + n));
    expect(final.player).toMatchObject({ repeat_state: 'context', shuffle_state: true, is_playing: true });

    // A report made against an older state (before the seek) must not move the position back.
    await player(token, '/seek?position_ms=50000', { method: 'PUT' });
    const sought = await laptop.next('state', (m) => m.seq === start + 7);
    laptop.send({ type: 'state_report', seq: start, position_ms: 1_000, is_playing: true });
    laptop.send({ type: 'state_report', seq: sought.seq, position_ms: 52_000, is_playing: true });
    laptop.send({ type: 'heartbeat' });
    await expect.poll(async () => (await body(await player(token))).progress_ms).toBeGreaterThanOrEqual(52_000);
    expect((await body(await player(token))).seq).toBe(sought.seq);
  });

  it('keeps the player state and the devices across eviction of the session object', async () => {
    const { access_token: token, user } = await registerUser();
    const tracks = await seedTracks({ artists: 3, perArtist: 3 });
    const laptop = await connectDevice(token, 'laptop');
    await player(token, '/play?device_id=laptop', { method: 'PUT', json: { uris: tracks.map((t) => t.uri), offset: { position: 2 }, position_ms: 42_000 } });
    await player(token, '/pause', { method: 'PUT' });
    await player(token, '/shuffle?state=true', { method: 'PUT' });
    await player(token, '/repeat?state=track', { method: 'PUT' });
    await player(token, `/queue?uri=${tracks[0]!.uri}`, { method: 'POST' });
    const before = await body(await player(token));
    const queueBefore = await body(await player(token, '/queue'));

    await evictDurableObject(sessionStub(user.id));

    const after = await body(await player(token));
    expect({ ...after, timestamp: 0 }).toEqual({ ...before, timestamp: 0 });
    expect(after).toMatchObject({ is_playing: false, shuffle_state: true, repeat_state: 'track', device: { id: 'laptop' }, item: { id: tracks[2]!.id } });
    expect(after.progress_ms).toBeGreaterThanOrEqual(42_000);
    expect(await body(await player(token, '/queue'))).toEqual(queueBefore);
    // The hibernated socket is still this device's: it keeps receiving pushes.
    await player(token, '/play', { method: 'PUT' });
    await laptop.next('state', (m) => m.seq === before.seq + 1 && m.player?.is_playing === true);
  });

  it('drops a device silent for 60 s when the alarm fires, telling it to stop if it was playing', async () => {
    const { access_token: token, user } = await registerUser();
    const [track] = await seedTracks({ artists: 1, perArtist: 1 });
    const laptop = await connectDevice(token, 'laptop');
    const phone = await connectDevice(token, 'phone', 'smartphone');
    await player(token, '/play?device_id=phone', { method: 'PUT', json: { uris: [track!.uri] } });
    await phone.next('state', (m) => m.player?.is_playing === true);

    // Nothing is due yet: the alarm finds no silent device.
    expect(await runDurableObjectAlarm(sessionStub(user.id))).toBe(true);
    expect((await body(await player(token, '/devices'))).devices).toHaveLength(2);

    await rewindStorage(user.id, 'UPDATE devices SET last_seen = last_seen - ? WHERE id = ?', DEVICE_TIMEOUT_MS + 1, 'phone');
    expect(await runDurableObjectAlarm(sessionStub(user.id))).toBe(true);

    expect(await phone.next('stop')).toMatchObject({ reason: 'expired' });
    expect((await phone.waitClosed()).code).toBe(4000);
    await laptop.next('devices', (m) => m.devices.length === 1);
    expect((await body(await player(token, '/devices'))).devices.map((d: { id: string }) => d.id)).toEqual(['laptop']);
    const state = await body(await player(token));
    expect(state).toMatchObject({ device: null, is_playing: false, item: { id: track!.id } });
    // The laptop stays: the alarm is set again for when it could go silent.
    const alarm = await runInDurableObject(sessionStub(user.id), (_i: DeviceSession, s) => s.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now());
  });

  it('plays on one device at a time on a free account: starting on a second device stops the first', async () => {
    const session = await registerUser();
    const token = session.access_token;
    expect((await body(await api('/api/v1/me', { token }))).product).toBe('free');
    const [track] = await seedTracks({ artists: 1, perArtist: 1 });
    const laptop = await connectDevice(token, 'laptop');
    const phone = await connectDevice(token, 'phone', 'smartphone');
    await player(token, '/play?device_id=laptop', { method: 'PUT', json: { uris: [track!.uri] } });
    const playing = await laptop.next('state', (m) => m.player?.is_playing === true);

    // The phone starts playing by itself (the listener pressed play on it).
    phone.send({ type: 'state_report', seq: playing.seq, position_ms: 5_000, is_playing: true });
    expect(await laptop.next('stop')).toMatchObject({ reason: 'another_device_playing' });
    const moved = await phone.next('state', (m) => m.player?.device?.id === 'phone');
    expect(moved.player).toMatchObject({ is_playing: true, progress_ms: expect.any(Number) });
    expect(moved.player!.progress_ms).toBeGreaterThanOrEqual(5_000);

    // And playing on the laptop through the API stops the phone.
    await player(token, '/play?device_id=laptop', { method: 'PUT' });
    expect(await phone.next('stop')).toMatchObject({ reason: 'another_device_playing' });
    const devices = (await body(await player(token, '/devices'))).devices;
    expect(devices.filter((d: { is_active: boolean }) => d.is_active).map((d: { id: string }) => d.id)).toEqual(['laptop']);
  });

  it('takes commands over the socket and answers bad messages with an error, not a dropped connection', async () => {
    const { access_token: token } = await registerUser();
    const [track] = await seedTracks({ artists: 1, perArtist: 1, durationMs: 1000 });
    const laptop = await connectDevice(token, 'laptop');
    const phone = await connectDevice(token, 'phone', 'smartphone');

    phone.send({ type: 'command', id: 'c1', command: { action: 'pause' } });
    expect(await phone.next('error')).toMatchObject({ ref: 'c1', status: 404, code: 'no_active_device' });
    phone.send({ type: 'command', id: 'c2', command: { action: 'transfer', device_id: 'laptop' } });
    await laptop.next('state', (m) => m.player?.device?.id === 'laptop');
    phone.ws.send('{not json');
    expect(await phone.next('error')).toMatchObject({ status: 400, code: 'malformed_message' });
    phone.send({ type: 'command', command: { action: 'repeat', state: 'sometimes' } });
    expect(await phone.next('error')).toMatchObject({ status: 422, code: 'invalid_message' });
    expect(phone.closed).toBeNull();

    // The active device reports its track ended: repeat-track replays it.
    await player(token, '/play', { method: 'PUT', json: { uris: [track!.uri] } });
    await player(token, '/repeat?state=track', { method: 'PUT' });
    const current = await laptop.next('state', (m) => m.player?.repeat_state === 'track');
    laptop.send({ type: 'state_report', seq: current.seq, position_ms: 1000, is_playing: true, ended: true });
    const replay = await laptop.next('state', (m) => m.seq === current.seq + 1);
    expect(replay.player).toMatchObject({ item: { id: track!.id }, is_playing: true });
    expect(replay.player!.progress_ms).toBeLessThan(1000);
  });

  it('refuses bad connections: no token 401, no upgrade 426, missing or bad device fields 400', async () => {
    const { access_token: token } = await registerUser();
    expect((await upgrade(connectUrl({ device_id: 'a', name: 'A', type: 'computer' }))).status).toBe(401);
    expect((await upgrade(connectUrl({ device_id: 'a', name: 'A', type: 'computer', access_token: 'nope' }))).status).toBe(401);
    expect((await api('/api/v1/me/player/connect?device_id=a&name=A&type=computer', { token })).status).toBe(426);
    const bad: Record<string, string>[] = [
      { name: 'A', type: 'computer' },
      { device_id: 'a b', name: 'A', type: 'computer' },
      { device_id: 'a', name: 'A', type: 'toaster' },
      { device_id: 'a', type: 'computer' },
    ];
    for (const params of bad) {
      const res = await upgrade(connectUrl({ ...params, access_token: token }));
      expect(res.status).toBe(400);
      expect((await body(res)).error.code).toBe('invalid_request');
    }
  });

  it('a reconnecting device replaces its older socket and stays listed once', async () => {
    const { access_token: token } = await registerUser();
    const first = await connectDevice(token, 'laptop');
    const second = await connectDevice(token, 'laptop');
    expect(await first.next('stop')).toMatchObject({ reason: 'replaced' });
    expect((await first.waitClosed()).code).toBe(4002);
    expect((await body(await player(token, '/devices'))).devices.map((d: { id: string }) => d.id)).toEqual(['laptop']);
    second.send({ type: 'hello', name: 'Still here' });
    await second.next('devices', (m) => m.devices[0]?.name === 'Still here');
  });
});
