import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shardDb, shardOfId } from '#core/shards.ts';
import { COPY_RETRY_BASE_MS, COPY_STUCK_AFTER } from '#do/playlist-room/write-through.ts';
import { api, registerUser, type TestSession } from './helpers.ts';
import { createPlaylist, roomStub } from './playlist-support.ts';

const shardOf = (id: string) => shardOfId(env, 'USERS', id);

/** A listener whose user shard differs from `other`'s (two user shards: a few tries at most). */
async function userOnAnotherShard(other: string): Promise<TestSession> {
  for (let i = 0; i < 20; i++) {
    const user = await registerUser();
    if (shardOf(user.user.id) !== shardOf(other)) return user;
  }
  throw new Error('every test user landed on one shard');
}

/** Time passing: every failing shard's retry is due now. */
const retriesDue = (playlistId: string) =>
  runInDurableObject(roomStub(playlistId), (_, state) => void state.storage.sql.exec('UPDATE outbox_failures SET next_attempt_at = 0'));
const follows = async (userId: string, playlistId: string) =>
  (await shardDb(env, 'USERS', shardOf(userId))
    .prepare('SELECT count(*) AS n FROM playlist_follows WHERE user_id = ? AND playlist_id = ?')
    .bind(userId, playlistId)
    .first<{ n: number }>())!.n;

afterEach(() => vi.restoreAllMocks());

describe('a D1 copy that keeps failing', () => {
  it('is kept in order, reported (status, console.error), retried by alarm with backoff, and lands once D1 is back', async () => {
    const owner = await registerUser();
    const playlist = await createPlaylist(owner.access_token, { name: 'Followed', public: true });
    const fan = await userOnAnotherShard(owner.user.id);
    const second = await userOnAnotherShard(owner.user.id);
    const fanShard = shardOf(fan.user.id);
    const fanDb = shardDb(env, 'USERS', fanShard);
    const errors = vi.spyOn(console, 'error');
    // A real failure: the fans' shard refuses this playlist's follow rows.
    await fanDb.exec(
      `CREATE TRIGGER fail_follows_${playlist.id} BEFORE INSERT ON playlist_follows WHEN NEW.playlist_id = '${playlist.id}' BEGIN SELECT RAISE(ABORT, 'follows unavailable'); END;`,
    );
    const room = roomStub(playlist.id);

    // The room has the follow; D1 on the fan's shard does not yet, and the playlist's own shard is not held back.
    expect((await api(`/api/v1/playlists/${playlist.id}/followers`, { method: 'PUT', token: fan.access_token })).status).toBe(200);
    expect(await follows(fan.user.id, playlist.id)).toBe(0);
    const row = await shardDb(env, 'USERS', shardOf(playlist.id))
      .prepare('SELECT follower_count FROM playlists WHERE id = ?')
      .bind(playlist.id)
      .first<{ follower_count: number }>();
    expect(row!.follower_count).toBe(2);

    let status = await room.copyStatus();
    expect(status.failing).toEqual([
      expect.objectContaining({ shard: fanShard, pending: 1, attempts: 1, stuck: false, last_error: expect.stringContaining('follows unavailable') }),
    ]);
    const firstRetry = Date.parse(status.failing[0]!.next_attempt_at);
    expect(await runInDurableObject(room, (_, state) => state.storage.getAlarm())).toBe(firstRetry);

    // A later change for the same shard waits behind the failing one: order is kept.
    expect((await api(`/api/v1/playlists/${playlist.id}/followers`, { method: 'PUT', token: second.access_token })).status).toBe(200);
    for (let attempt = 2; attempt <= COPY_STUCK_AFTER; attempt++) {
      await retriesDue(playlist.id);
      const before = Date.now();
      expect(await runDurableObjectAlarm(room)).toBe(true);
      status = await room.copyStatus();
      const [failing] = status.failing;
      expect(failing).toMatchObject({ shard: fanShard, attempts: attempt, stuck: attempt >= COPY_STUCK_AFTER });
      // Exponential backoff: 5 s, 10 s, 20 s, ... after each failed attempt.
      expect(Date.parse(failing!.next_attempt_at) - before).toBeGreaterThanOrEqual(COPY_RETRY_BASE_MS * 2 ** (attempt - 1) - 1_000);
    }
    // Both follows still queued for that shard; nothing dropped.
    expect(status.failing[0]!.pending).toBe(2);
    expect(status.pending).toBeGreaterThanOrEqual(2);
    const lines = errors.mock.calls.flatMap(([message]) => {
      try {
        return [JSON.parse(String(message)) as { event?: string; shard?: number; stuck?: boolean }];
      } catch {
        return [];
      }
    });
    expect(lines.some((line) => line.event === 'playlist_copy_failed' && line.shard === fanShard && line.stuck === true)).toBe(true);

    // D1 is back: the next retry copies everything, in order, and the failure is gone.
    await fanDb.exec(`DROP TRIGGER fail_follows_${playlist.id}`);
    await retriesDue(playlist.id);
    await runDurableObjectAlarm(room);
    expect(await room.copyStatus()).toEqual({ pending: 0, failing: [] });
    expect(await follows(fan.user.id, playlist.id)).toBe(1);
    expect(await follows(second.user.id, playlist.id)).toBe(1);
  });

  it('does not retry a failing shard before its backoff is over, however often the room wakes', async () => {
    const owner = await registerUser();
    const playlist = await createPlaylist(owner.access_token, { name: 'Patience', public: true });
    const fan = await userOnAnotherShard(owner.user.id);
    const fanDb = shardDb(env, 'USERS', shardOf(fan.user.id));
    await fanDb.exec(
      `CREATE TRIGGER fail_follows_${playlist.id} BEFORE INSERT ON playlist_follows WHEN NEW.playlist_id = '${playlist.id}' BEGIN SELECT RAISE(ABORT, 'follows unavailable'); END;`,
    );
    try {
      await api(`/api/v1/playlists/${playlist.id}/followers`, { method: 'PUT', token: fan.access_token });
      // Other work for the room (a rename) drains the outbox again, but the failing shard is not due yet.
      await api(`/api/v1/playlists/${playlist.id}`, { method: 'PUT', token: owner.access_token, json: { name: 'Patience 2' } });
      await runDurableObjectAlarm(roomStub(playlist.id));
      expect((await roomStub(playlist.id).copyStatus()).failing).toEqual([expect.objectContaining({ attempts: 1 })]);
    } finally {
      await fanDb.exec(`DROP TRIGGER fail_follows_${playlist.id}`);
    }
  });
});
