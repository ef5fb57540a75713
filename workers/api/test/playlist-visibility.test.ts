import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { shardDb, shardOfId } from '#core/shards.ts';
import { api, body, registerUser } from './helpers.ts';
import { connectDevice } from './player-support.ts';
import { addTracks, createPlaylist, seedCatalog } from './playlist-support.ts';

const ownerShard = (playlistId: string) => shardDb(env, 'USERS', shardOfId(env, 'USERS', playlistId));

/** A real D1 failure for one playlist's row on its shard: every insert or update of it aborts. */
async function breakPlaylistRow(playlistId: string) {
  const db = ownerShard(playlistId);
  const name = `fail_${playlistId}`;
  for (const event of ['INSERT', 'UPDATE']) {
    await db.exec(
      `CREATE TRIGGER ${name}_${event.toLowerCase()} BEFORE ${event} ON playlists WHEN NEW.id = '${playlistId}' BEGIN SELECT RAISE(ABORT, 'shard unavailable'); END;`,
    );
  }
  return async () => {
    for (const event of ['insert', 'update']) await db.exec(`DROP TRIGGER ${name}_${event}`);
  };
}

const search = async (token: string, q: string) =>
  (await body(await api(`/api/v1/search?type=playlist&q=${encodeURIComponent(q)}`, { token }))).playlists.items.map((p: { id: string }) => p.id);

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const { error } = await body(res);
  expect(error).toMatchObject({ status, code });
  expect(error.message).not.toMatch(/at .*\.ts/);
}

describe('who may see a playlist is decided by its room, never by a lagging copy', () => {
  it('does not let others play a playlist made private, even while its D1 copy still says public', async () => {
    const owner = await registerUser();
    const other = await registerUser();
    const { trackIds } = await seedCatalog(3, 1);
    const playlist = await createPlaylist(owner.access_token, { name: 'Was public', public: true });
    await addTracks(owner.access_token, playlist.id, { track_ids: trackIds });
    await connectDevice(other.access_token, 'phone');
    await connectDevice(owner.access_token, 'laptop');
    const play = (token: string, device: string) =>
      api(`/api/v1/me/player/play?device_id=${device}`, { method: 'PUT', token, json: { context_uri: `encore:playlist:${playlist.id}` } });
    expect((await play(other.access_token, 'phone')).status).toBe(204);

    expect((await api(`/api/v1/playlists/${playlist.id}`, { method: 'PUT', token: owner.access_token, json: { public: false } })).status).toBe(200);
    // The copy lagging behind (as a write-through not yet landed would leave it).
    await ownerShard(playlist.id).prepare('UPDATE playlists SET public = 1 WHERE id = ?').bind(playlist.id).run();

    await expectError(await play(other.access_token, 'phone'), 404, 'playlist_not_found');
    expect((await play(owner.access_token, 'laptop')).status).toBe(204);
  });

  it('refuses a visibility change D1 cannot take, changing nothing; search and the room stay in step', async () => {
    const owner = await registerUser();
    const stranger = await registerUser();
    const word = `vis${crypto.randomUUID().slice(0, 8)}`;
    const playlist = await createPlaylist(owner.access_token, { name: `${word} mix`, public: true });
    expect(await search(stranger.access_token, word)).toEqual([playlist.id]);

    const restore = await breakPlaylistRow(playlist.id);
    try {
      await expectError(
        await api(`/api/v1/playlists/${playlist.id}`, { method: 'PUT', token: owner.access_token, json: { public: false } }),
        503,
        'playlist_copy_unavailable',
      );
      await expectError(await api(`/api/v1/playlists/${playlist.id}`, { method: 'DELETE', token: owner.access_token }), 503, 'playlist_copy_unavailable');
      // Nothing changed anywhere: the room still shows it to strangers, as search does.
      expect((await body(await api(`/api/v1/playlists/${playlist.id}`, { token: stranger.access_token }))).public).toBe(true);
      expect(await search(stranger.access_token, word)).toEqual([playlist.id]);
    } finally {
      await restore();
    }

    expect((await api(`/api/v1/playlists/${playlist.id}`, { method: 'PUT', token: owner.access_token, json: { public: false } })).status).toBe(200);
    expect(await search(stranger.access_token, word)).toEqual([]);
    expect((await api(`/api/v1/playlists/${playlist.id}`, { token: stranger.access_token })).status).toBe(404);
  });

  it('writes the visibility change to D1 before answering, whatever else is still queued for that shard', async () => {
    const owner = await registerUser();
    const stranger = await registerUser();
    const word = `vis${crypto.randomUUID().slice(0, 8)}`;
    const playlist = await createPlaylist(owner.access_token, { name: `${word} mix`, public: true });
    const { trackIds } = await seedCatalog(1, 2);
    // Item copies for this shard fail, so the outbox holds entries (and an older row) in front of the change.
    const db = ownerShard(playlist.id);
    await db.exec(
      `CREATE TRIGGER fail_items_${playlist.id} BEFORE INSERT ON playlist_items WHEN NEW.playlist_id = '${playlist.id}' BEGIN SELECT RAISE(ABORT, 'items unavailable'); END;`,
    );
    try {
      await addTracks(owner.access_token, playlist.id, { track_ids: trackIds });
      expect((await api(`/api/v1/playlists/${playlist.id}`, { method: 'PUT', token: owner.access_token, json: { public: false } })).status).toBe(200);
      expect(await search(stranger.access_token, word)).toEqual([]);
      const row = await db.prepare('SELECT public FROM playlists WHERE id = ?').bind(playlist.id).first<{ public: number }>();
      expect(row!.public).toBe(0);
    } finally {
      await db.exec(`DROP TRIGGER fail_items_${playlist.id}`);
    }
  });
});
