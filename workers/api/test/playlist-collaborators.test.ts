import { env } from 'cloudflare:workers';
import { shardOfId } from '#core/shards.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { addTracks, createPlaylist, openLive, roomStub, seedCatalog } from './playlist-support.ts';

let tracks: string[];
let owner: TestSession;
let friend: TestSession;
let other: TestSession;

beforeAll(async () => {
  tracks = (await seedCatalog(6, 1)).trackIds;
  owner = await registerUser();
  friend = await registerUser();
  other = await registerUser();
});

const collaborators = (id: string) => `/api/v1/playlists/${id}/collaborators`;
const add = (token: string, id: string) => api(`/api/v1/playlists/${id}/items`, { method: 'POST', token, json: { track_ids: [tracks[0]] } });

async function withFriend(isPublic: boolean) {
  const pl = await createPlaylist(owner.access_token, { name: 'Shared', public: isPublic });
  expect((await api(collaborators(pl.id), { method: 'POST', token: owner.access_token, json: { user_id: friend.user.id } })).status).toBe(201);
  expect((await add(friend.access_token, pl.id)).status).toBe(201);
  return pl;
}

async function d1Collaborators(playlistId: string): Promise<string[]> {
  const shard = shardOfId(env, 'USERS', playlistId);
  const rows = await env[`USERS_${shard}` as 'USERS_0']
    .prepare('SELECT user_id FROM playlist_collaborators WHERE playlist_id = ?')
    .bind(playlistId)
    .all<{ user_id: string }>();
  return rows.results.map((r) => r.user_id);
}

describe('removing collaborators', () => {
  it('the owner removes a collaborator: 204, their edits are refused (403 on a public playlist) and their socket closes', async () => {
    const pl = await withFriend(true);
    const socket = await openLive(pl.id, friend.access_token);
    const res = await api(`${collaborators(pl.id)}/${friend.user.id}`, { method: 'DELETE', token: owner.access_token });
    expect(res.status).toBe(204);
    expect((await socket.waitClosed()).code).toBe(1008);

    const refused = await add(friend.access_token, pl.id);
    expect(refused.status).toBe(403);
    expect((await body(refused)).error.code).toBe('not_a_collaborator');
    // They may still watch a public playlist, but not edit over the socket either.
    const watcher = await openLive(pl.id, friend.access_token);
    watcher.send({ type: 'add', req_id: 'x', track_ids: [tracks[1]] });
    expect((await watcher.next('error', (m) => m.req_id === 'x')).error).toMatchObject({ status: 403, code: 'not_a_collaborator' });
    watcher.close();

    const view = await roomStub(pl.id).read(owner.user.id, 0, 0);
    expect(view.ok && view.value.collaborators).toEqual([]);
    expect(await d1Collaborators(pl.id)).toEqual([]);
  });

  it('on a private playlist a removed collaborator gets 404 and loses it from their list', async () => {
    const pl = await withFriend(false);
    expect((await api(`${collaborators(pl.id)}/${friend.user.id}`, { method: 'DELETE', token: owner.access_token })).status).toBe(204);
    expect((await add(friend.access_token, pl.id)).status).toBe(404);
    expect((await api(`/api/v1/playlists/${pl.id}`, { token: friend.access_token })).status).toBe(404);
    const mine = await body(await api('/api/v1/me/playlists', { token: friend.access_token }));
    expect(mine.items.map((p: { id: string }) => p.id)).not.toContain(pl.id);
  });

  it('a collaborator may leave; nobody else but the owner removes anyone', async () => {
    const pl = await withFriend(true);
    const byStranger = await api(`${collaborators(pl.id)}/${friend.user.id}`, { method: 'DELETE', token: other.access_token });
    expect(byStranger.status).toBe(403);
    expect((await body(byStranger)).error.code).toBe('not_owner');
    const notOne = await api(`${collaborators(pl.id)}/${other.user.id}`, { method: 'DELETE', token: owner.access_token });
    expect(notOne.status).toBe(404);
    expect((await body(notOne)).error.code).toBe('collaborator_not_found');

    expect((await api(`${collaborators(pl.id)}/${friend.user.id}`, { method: 'DELETE', token: friend.access_token })).status).toBe(204);
    expect((await add(friend.access_token, pl.id)).status).toBe(403);
    expect((await api(`${collaborators(pl.id)}/${friend.user.id}`, { method: 'DELETE', token: friend.access_token })).status).toBe(404);
  });
});

describe('collaborative: false', () => {
  it('stops existing collaborators editing, over REST and socket, until it is turned on again', async () => {
    const pl = await withFriend(true);
    const socket = await openLive(pl.id, friend.access_token);
    expect((await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { collaborative: false } })).status).toBe(200);

    expect((await add(friend.access_token, pl.id)).status).toBe(403);
    socket.send({ type: 'add', req_id: 'off', track_ids: [tracks[2]] });
    expect((await socket.next('error', (m) => m.req_id === 'off')).error).toMatchObject({ status: 403, code: 'not_a_collaborator' });
    // The owner still edits.
    expect((await addTracks(owner.access_token, pl.id, { track_ids: [tracks[3]] })).item_ids).toHaveLength(1);

    expect((await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { collaborative: true } })).status).toBe(200);
    expect((await add(friend.access_token, pl.id)).status).toBe(201);
    socket.close();
  });

  it('on a private playlist, collaborators lose it: 404 and their sockets close', async () => {
    const pl = await withFriend(false);
    const socket = await openLive(pl.id, friend.access_token);
    expect((await api(`/api/v1/playlists/${pl.id}`, { method: 'PUT', token: owner.access_token, json: { collaborative: false } })).status).toBe(200);
    expect((await socket.waitClosed()).code).toBe(1008);
    expect((await add(friend.access_token, pl.id)).status).toBe(404);
  });
});
