import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newIdOn } from '#core/shards.ts';
import { api, body, eventually } from './helpers.ts';
import { openLive } from './playlist-support.ts';
import { connectDevice, seedTracks } from './player-support.ts';
import { subsonicListener } from './subsonic-support.ts';

describe('Subsonic playlists', () => {
  it('creates, lists, reads, edits by index and deletes an Encore playlist, each edit live in the web player', async () => {
    const { session, client } = await subsonicListener();
    const tracks = await seedTracks({ artists: 1, perArtist: 4 });
    const created = await client.createPlaylist({ name: 'Road trip', songId: tracks.slice(0, 3).map((t) => t.id) } as never);
    expect(created.playlist).toMatchObject({ name: 'Road trip', songCount: 3, duration: 600, owner: session.user.id, public: false });
    const id = created.playlist.id;
    expect((await client.getPlaylists()).playlists.playlist!.map((p) => [p.id, p.songCount])).toEqual([[id, 3]]);

    const viewer = await openLive(id, session.access_token);
    expect(viewer.items.map((i) => i.track_id)).toEqual(tracks.slice(0, 3).map((t) => t.id));
    await client.updatePlaylist({ playlistId: id, name: 'Road trip II', songIndexToRemove: [1], songIdToAdd: [tracks[3]!.id] } as never);
    await viewer.waitFor(() => viewer.items.length === 3 && viewer.items[2]!.track_id === tracks[3]!.id, 'the Subsonic edits');
    expect(viewer.items.map((i) => i.track_id)).toEqual([tracks[0]!.id, tracks[2]!.id, tracks[3]!.id]);

    const { playlist } = await client.getPlaylist({ id });
    expect(playlist).toMatchObject({ name: 'Road trip II', songCount: 3 });
    expect(playlist.entry!.map((s) => s.id)).toEqual([tracks[0]!.id, tracks[2]!.id, tracks[3]!.id]);
    const rest = await body(await api(`/api/v1/playlists/${id}`, { token: session.access_token }));
    expect(rest.name).toBe('Road trip II');

    expect((await client.deletePlaylist({ id })).status).toBe('ok');
    expect(await client.getPlaylist({ id })).toMatchObject({ status: 'failed', error: { code: 70 } });
  });

  it("refuses another listener's private playlist as not found, and edits by a non-owner as not authorised", async () => {
    const owner = await subsonicListener();
    const other = await subsonicListener();
    const [t] = await seedTracks({ artists: 1, perArtist: 1 });
    const { playlist } = await owner.client.createPlaylist({ name: 'Mine', songId: [t!.id] } as never);
    expect(await other.client.getPlaylist({ id: playlist.id })).toMatchObject({ status: 'failed', error: { code: 70 } });
    await api(`/api/v1/playlists/${playlist.id}`, { method: 'PUT', token: owner.session.access_token, json: { public: true } });
    expect(await other.client.updatePlaylist({ playlistId: playlist.id, songIdToAdd: [t!.id] } as never)).toMatchObject({
      status: 'failed',
      error: { code: 50 },
    });
  });
});

describe('Subsonic listening', () => {
  it('a submitted scrobble becomes a listening report that counts, shows in recently played and the recent album list', async () => {
    const { session, client } = await subsonicListener();
    const albumId = newIdOn(env, 'alb', 1);
    const [t] = await seedTracks({ artists: 1, perArtist: 1, albumId, durationMs: 180_000 });
    const time = Date.now() - 200_000;
    expect((await client.scrobble({ id: t!.id, time, submission: true })).status).toBe('ok');
    // The same scrobble sent again is the same event: it does not count twice.
    await client.scrobble({ id: t!.id, time, submission: true });
    const page = await eventually(
      async () => body(await api('/api/v1/me/player/recently-played', { token: session.access_token })),
      (p) => p.items?.length >= 1,
    );
    expect(page.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([t!.id]);
    const recent = await eventually(
      () => client.getAlbumList2({ type: 'frequent' }),
      (r) => (r.albumList2.album ?? []).length === 1,
    );
    expect(recent.albumList2.album!.map((a) => a.id)).toEqual([albumId]);
    expect((await client.getAlbumList2({ type: 'recent' })).albumList2.album!.map((a) => a.id)).toEqual([albumId]);
  });

  it('savePlayQueue is the Connect queue: the web player sees it, getPlayQueue reads it back', async () => {
    const { session, client } = await subsonicListener();
    const tracks = await seedTracks({ artists: 1, perArtist: 3 });
    const web = await connectDevice(session.access_token, 'web-1', 'web');
    expect((await client.savePlayQueue({ id: tracks.map((t) => t.id), current: tracks[1]!.id, position: 42_000 } as never)).status).toBe('ok');
    const pushed = await web.next('state', (m) => m.player?.item?.id === tracks[1]!.id);
    expect(pushed.player).toMatchObject({ is_playing: false, progress_ms: 42_000 });
    const { playQueue } = await client.getPlayQueue();
    expect(playQueue).toMatchObject({ current: tracks[1]!.id, position: 42_000, username: session.user.id });
    expect(playQueue!.entry!.map((s) => s.id)).toEqual([tracks[1]!.id, tracks[2]!.id]);
  });

  it('a now-playing scrobble plays in the Connect session and stops the device that was playing', async () => {
    const { session, client } = await subsonicListener();
    const [t] = await seedTracks({ artists: 1, perArtist: 1 });
    const web = await connectDevice(session.access_token, 'web-2', 'web');
    await client.scrobble({ id: t!.id, submission: false });
    const pushed = await web.next('state', (m) => m.player?.item?.id === t!.id);
    expect(pushed.player).toMatchObject({ is_playing: true, device: null });
    const player = await body(await api('/api/v1/me/player', { token: session.access_token }));
    expect(player.item.id).toBe(t!.id);
  });
});
