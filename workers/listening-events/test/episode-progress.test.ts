import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { EpisodePlayEvent, ListeningMessage } from '#core/protocol/listening.ts';
import { newIdOn, shardOfId } from '#core/shards.ts';
import { catalog, deliver, MINUTE, outcomes, play, seedTrack, seedUser, T0, users } from './helpers.ts';

/** A ready episode (and its show and artist) on a catalog shard. */
async function seedEpisode(shard: number, durationMs: number | null = 3_600_000, status = 'ready'): Promise<string> {
  const artistId = newIdOn(env, 'art', shard);
  const showId = newIdOn(env, 'shw', shard);
  const episodeId = newIdOn(env, 'epi', shard);
  await catalog(shard).batch([
    catalog(shard).prepare("INSERT INTO artists (id, name) VALUES (?, 'Publisher')").bind(artistId),
    catalog(shard).prepare("INSERT INTO shows (id, artist_id, name, description, publisher) VALUES (?, ?, 'Show', '', 'Pub')").bind(showId, artistId),
    catalog(shard)
      .prepare("INSERT INTO episodes (id, show_id, name, status, duration_ms) VALUES (?, ?, 'Episode', ?, ?)")
      .bind(episodeId, showId, status, durationMs),
  ]);
  return episodeId;
}

const listened = (episodeId: string, endedAt: number, fields: Partial<EpisodePlayEvent> = {}): EpisodePlayEvent => ({
  event_id: crypto.randomUUID(),
  episode_id: episodeId,
  started_at: endedAt - 5 * MINUTE,
  ms_played: 5 * MINUTE,
  completed: false,
  position_ms: null,
  device_id: 'dev-1',
  ...fields,
});

const report = (userId: string, episodeEvents: EpisodePlayEvent[], events: ListeningMessage['events'] = []): ListeningMessage => ({
  v: 1,
  user_id: userId,
  country: 'SE',
  received_at: T0 + 120 * MINUTE,
  events,
  episode_events: episodeEvents,
});

async function resumePoint(userId: string, episodeId: string) {
  return users(shardOfId(env, 'USERS', userId))
    .prepare('SELECT position_ms, fully_played, updated_at FROM episode_progress WHERE user_id = ? AND episode_id = ?')
    .bind(userId, episodeId)
    .first<{ position_ms: number; fully_played: number; updated_at: number }>();
}

describe('resume points from listening reports', () => {
  it('saves where an episode play stopped, stamped with the time it ended', async () => {
    const user = await seedUser(0);
    const episode = await seedEpisode(1);
    const result = await deliver([report(user, [listened(episode, T0, { position_ms: 1_234_000 })])]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await resumePoint(user, episode)).toEqual({ position_ms: 1_234_000, fully_played: 0, updated_at: T0 });
  });

  it('takes ms_played as the place when the play gave none (it played from the start)', async () => {
    const user = await seedUser(1);
    const episode = await seedEpisode(2);
    await deliver([report(user, [listened(episode, T0, { ms_played: 90_000, started_at: T0 - 90_000 })])]);
    expect((await resumePoint(user, episode))?.position_ms).toBe(90_000);
  });

  it('a redelivered report, or a play older than the saved point, changes nothing', async () => {
    const user = await seedUser(0);
    const episode = await seedEpisode(0);
    const latest = report(user, [listened(episode, T0 + 30 * MINUTE, { position_ms: 1_800_000 })]);
    await deliver([latest]);
    await deliver([latest], 2);
    // A device that was offline reports an earlier play (further back in the episode) late.
    await deliver([report(user, [listened(episode, T0 + 10 * MINUTE, { position_ms: 600_000 })])]);
    expect(await resumePoint(user, episode)).toEqual({ position_ms: 1_800_000, fully_played: 0, updated_at: T0 + 30 * MINUTE });
    // A later play moves it, even backwards (the listener went back).
    await deliver([report(user, [listened(episode, T0 + 40 * MINUTE, { position_ms: 300_000 })])]);
    expect((await resumePoint(user, episode))?.position_ms).toBe(300_000);
  });

  it('within one batch the play that ended last wins, whatever order the reports came in', async () => {
    const user = await seedUser(1);
    const episode = await seedEpisode(3);
    await deliver([
      report(user, [listened(episode, T0 + 20 * MINUTE, { position_ms: 2_000_000 })]),
      report(user, [listened(episode, T0 + 5 * MINUTE, { position_ms: 500_000 })]),
    ]);
    expect((await resumePoint(user, episode))?.position_ms).toBe(2_000_000);
  });

  it('marks the episode fully played when the play completed it or stopped near its end, and keeps that', async () => {
    const user = await seedUser(0);
    const [completed, nearEnd] = [await seedEpisode(1, 600_000), await seedEpisode(2, 600_000)];
    await deliver([report(user, [listened(completed, T0, { position_ms: 400_000, completed: true }), listened(nearEnd, T0, { position_ms: 590_000 })])]);
    expect(await resumePoint(user, completed)).toMatchObject({ position_ms: 400_000, fully_played: 1 });
    expect(await resumePoint(user, nearEnd)).toMatchObject({ position_ms: 590_000, fully_played: 1 });
    await deliver([report(user, [listened(nearEnd, T0 + MINUTE, { position_ms: 10_000 })])]);
    expect(await resumePoint(user, nearEnd)).toMatchObject({ position_ms: 10_000, fully_played: 1 });
  });

  it('clamps a place past the end, and never stamps a point later than the report arrived (a clock running ahead)', async () => {
    const user = await seedUser(1);
    const episode = await seedEpisode(0, 600_000);
    const receivedAt = T0 + 120 * MINUTE;
    await deliver([report(user, [listened(episode, receivedAt + 4 * MINUTE, { position_ms: 700_000 })])]);
    expect(await resumePoint(user, episode)).toEqual({ position_ms: 600_000, fully_played: 1, updated_at: receivedAt });
  });

  it('drops plays of unknown or unready episodes, and still records the track plays beside them', async () => {
    const user = await seedUser(0);
    const [processing, track] = [await seedEpisode(1, null, 'processing'), await seedTrack(2)];
    const unknown = newIdOn(env, 'epi', 3);
    const result = await deliver([report(user, [listened(processing, T0), listened(unknown, T0)], [play(track, T0 + 10 * MINUTE)])]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await resumePoint(user, processing)).toBeNull();
    expect(await resumePoint(user, unknown)).toBeNull();
    expect(await outcomes(user)).toEqual({ counted: 1 });
  });

  it('reads messages queued before episode plays existed (no episode_events)', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(0);
    const { episode_events: _, ...old } = report(user, [], [play(track, T0)]);
    expect((await deliver([old])).explicitAcks).toHaveLength(1);
    expect(await outcomes(user)).toEqual({ counted: 1 });
  });
});
