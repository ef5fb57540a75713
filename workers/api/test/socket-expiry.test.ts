import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_EXPIRED_CLOSE } from '#core/protocol/reauth.ts';
import { issueAccessToken } from '../src/auth/tokens.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { connectDevice, sessionStub } from './player-support.ts';
import { createPlaylist, openLive, readAll, roomStub, seedCatalog } from './playlist-support.ts';

/** An access token of this user that expires in `seconds` (JWT `exp` has whole seconds: 1 less at most). */
function tokenFor(session: TestSession, seconds: number): Promise<string> {
  const { id, display_name, role } = session.user;
  return issueAccessToken({ id, displayName: display_name, role: role as 'listener', artistId: null, product: 'free' }, env.JWT_SECRET, seconds);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves every socket's expiry into the past without touching the alarm, as if the alarm were late. */
function expireAttachments(stub: DurableObjectStub) {
  return runInDurableObject(stub, (_instance, state) => {
    for (const ws of state.getWebSockets()) ws.serializeAttachment({ ...(ws.deserializeAttachment() as object), expiresAt: Date.now() - 1 });
  });
}

let tracks: string[];
let owner: TestSession;
let friend: TestSession;

beforeAll(async () => {
  tracks = (await seedCatalog(4, 3)).trackIds;
  owner = await registerUser();
  friend = await registerUser();
});

async function sharedPlaylist() {
  const pl = await createPlaylist(owner.access_token, { name: 'Expiring', public: true });
  expect((await api(`/api/v1/playlists/${pl.id}/collaborators`, { method: 'POST', token: owner.access_token, json: { user_id: friend.user.id } })).status).toBe(
    201,
  );
  return pl;
}

describe('playlist sockets end with their access token', () => {
  it('closes a socket with 4001 when its token expires; re-authenticating keeps another one open and editing', async () => {
    const pl = await sharedPlaylist();
    const started = Date.now();
    const lapsing = await openLive(pl.id, await tokenFor(friend, 2));
    const renewed = await openLive(pl.id, await tokenFor(friend, 2));
    renewed.send({ type: 'auth', access_token: friend.access_token });
    const auth = await renewed.next('authenticated');
    expect(auth.expires_at).toBeGreaterThan(Date.now() + 60_000);

    const closed = await lapsing.waitClosed();
    expect(closed.code).toBe(TOKEN_EXPIRED_CLOSE);
    expect(Date.now() - started).toBeLessThan(5_000);

    await sleep(Math.max(0, started + 2_500 - Date.now()));
    expect(renewed.closed).toBeNull();
    renewed.send({ type: 'add', req_id: 'after', track_ids: [tracks[0]] });
    expect((await renewed.next('ack', (m) => m.req_id === 'after')).item_ids).toHaveLength(1);
    renewed.close();
  });

  it('refuses a bad re-auth (socket keeps its old expiry) and closes on another account’s token', async () => {
    const pl = await sharedPlaylist();
    const viewer = await openLive(pl.id, await tokenFor(friend, 2));
    viewer.send({ type: 'auth', access_token: 'not.a.token' });
    expect((await viewer.next('error')).error).toMatchObject({ status: 401, code: 'invalid_token' });
    expect((await viewer.waitClosed()).code).toBe(TOKEN_EXPIRED_CLOSE);

    const hijack = await openLive(pl.id, friend.access_token);
    hijack.send({ type: 'auth', access_token: owner.access_token });
    expect((await hijack.waitClosed()).code).toBe(1008);
    // Nothing was edited by any of them.
    expect((await readAll(owner.access_token, pl.id)).items).toHaveLength(0);
  });

  it('refuses an edit sent on an expired socket, even before the alarm closes it', async () => {
    const pl = await sharedPlaylist();
    const viewer = await openLive(pl.id, friend.access_token);
    await expireAttachments(roomStub(pl.id));
    viewer.send({ type: 'add', req_id: 'late', track_ids: [tracks[1]] });
    expect((await viewer.waitClosed()).code).toBe(TOKEN_EXPIRED_CLOSE);
    expect(viewer.all('ack')).toHaveLength(0);
    expect((await readAll(owner.access_token, pl.id)).items).toHaveLength(0);
  });
});

describe('device sockets end with their access token', () => {
  it('closes an expired device with 4001 and drops it; a device that re-authenticated stays and takes commands', async () => {
    const lapsing = await connectDevice(await tokenFor(owner, 2), 'lapsing');
    const renewed = await connectDevice(await tokenFor(owner, 2), 'renewed');
    renewed.send({ type: 'auth', access_token: owner.access_token });
    await renewed.next('authenticated');

    expect((await lapsing.waitClosed()).code).toBe(TOKEN_EXPIRED_CLOSE);
    await renewed.next('devices', (m) => m.devices.map((d) => d.id).join() === 'renewed');
    await sleep(1_000);
    expect(renewed.closed).toBeNull();
    renewed.send({ type: 'hello', name: 'Still allowed' });
    await renewed.next('devices', (m) => m.devices[0]?.name === 'Still allowed');
    const listed = await body(await api('/api/v1/me/player/devices', { token: owner.access_token }));
    expect(listed.devices.map((d: { id: string }) => d.id)).toEqual(['renewed']);
    renewed.close();
  });

  it('refuses a command sent on an expired socket, and another account’s token closes the socket', async () => {
    const device = await connectDevice(friend.access_token, 'late');
    await expireAttachments(sessionStub(friend.user.id));
    device.send({ type: 'command', id: 'c1', command: { action: 'volume', volume_percent: 10 } });
    expect((await device.waitClosed()).code).toBe(TOKEN_EXPIRED_CLOSE);
    expect(device.all('error')).toHaveLength(0);

    const other = await connectDevice(friend.access_token, 'other');
    other.send({ type: 'auth', access_token: owner.access_token });
    expect((await other.waitClosed()).code).toBe(1008);
  });
});
