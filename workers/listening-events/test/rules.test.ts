import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newIdOn } from '#core/shards.ts';
import { dailyStreams, deliver, MINUTE, outcomes, play, regionStreams, reports, seedTrack, seedUser, T0, users } from './helpers.ts';

describe('which plays count', () => {
  it('counts a play from 30 seconds, not a millisecond less', async () => {
    const user = await seedUser(0);
    const track = await seedTrack(1);

    await deliver(reports(user, [play(track, T0, 29_999), play(track, T0 + MINUTE, 30_000), play(track, T0 + 2 * MINUTE, 0)]));

    expect(await dailyStreams(track)).toBe(1);
    expect(await outcomes(user)).toEqual({ counted: 1, short: 2 });
  });

  it('acks events for tracks that do not exist, and neither counts nor keeps them as history', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(0);
    const batch = reports(user, [
      play(newIdOn(env, 'trk', 2), T0),
      play('trk9_nosuchshard', T0 + MINUTE),
      play('not-a-track', T0 + 2 * MINUTE),
      play(track, T0 + 3 * MINUTE),
    ]);

    const result = await deliver(batch);
    await deliver(batch, 2);

    expect(result.explicitAcks).toHaveLength(1);
    expect(await outcomes(user)).toEqual({ counted: 1 });
    expect(await dailyStreams(track)).toBe(1);
  });

  it('drops a play longer than the track (beyond 5 s of slack)', async () => {
    const user = await seedUser(0);
    const track = await seedTrack(2, 180_000);

    await deliver(reports(user, [play(track, T0, 185_000), play(track, T0 + 5 * MINUTE, 185_001)]));

    expect(await dailyStreams(track)).toBe(1);
    expect(await outcomes(user)).toEqual({ counted: 1, fraud_longer_than_track: 1 });
  });

  it('drops plays over 500 in a clock hour from one listener, also across batches', async () => {
    const user = await seedUser(1);
    const tracks = await Promise.all([0, 1, 2, 3, 0, 1].map((shard) => seedTrack(shard)));
    // 500 plays of 30 s, 7 s apart from 10:00 (all within the hour), over six tracks so none reaches 100.
    // They overlap: every 4th starts with 2 s left of the last counted one, so 125 count and 375 overlap,
    // but all 500 are plays of that hour for the cap.
    const first = Array.from({ length: 500 }, (_, i) => play(tracks[i % 6]!, T0 + i * 7_000, 30_000));

    await deliver(reports(user, first));
    await deliver(reports(user, [play(tracks[0]!, T0 + 59 * MINUTE), play(tracks[1]!, T0 + 30 * MINUTE + 1)]));
    // Reported late and out of order: still the 10:00 hour, still over the cap.
    await deliver(reports(user, [play(tracks[2]!, T0 + 1)]));
    // The next hour starts afresh.
    await deliver(reports(user, [play(tracks[3]!, T0 + 60 * MINUTE)]));

    expect(await outcomes(user)).toEqual({ counted: 126, overlapping: 375, fraud_hourly_cap: 3 });
    const counted = await Promise.all(tracks.map(dailyStreams));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(126);
  });

  it('drops the same track over 100 times a UTC day from one listener', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(3);
    const sameDay = Array.from({ length: 101 }, (_, i) => play(track, T0 + i * 3 * MINUTE));
    const nextDay = play(track, Date.UTC(2026, 10, 3, 0, 30));

    await deliver(reports(user, [...sameDay, nextDay]));

    expect(await outcomes(user)).toEqual({ counted: 101, fraud_daily_track_cap: 1 });
    expect(await dailyStreams(track)).toBe(101);
  });

  it('caps a play reported late, and keeps every first verdict when a batch is redelivered', async () => {
    const user = await seedUser(0);
    const track = await seedTrack(0);
    const plays = Array.from({ length: 100 }, (_, i) => play(track, T0 + (i + 1) * MINUTE));
    const early = play(track, T0);

    await deliver(reports(user, plays));
    await deliver(reports(user, [early]));
    await deliver(reports(user, plays), 2);

    // The early play arrives last: the day already has 100 on record, so it is the 101st.
    expect(await outcomes(user)).toEqual({ counted: 100, fraud_daily_track_cap: 1 });
    expect(await dailyStreams(track)).toBe(100);
  });

  it('counts streams in the request country, or the listener profile country when there was none', async () => {
    const user = await seedUser(1, 'br');
    const track = await seedTrack(1);

    await deliver([...reports(user, [play(track, T0)], 'DE'), ...reports(user, [play(track, T0 + MINUTE)], null)]);

    expect(await regionStreams(track, 'DE')).toBe(1);
    expect(await regionStreams(track, 'BR')).toBe(1);
    const regions = await users(1).prepare('SELECT region FROM listening_events WHERE user_id = ? ORDER BY started_at').bind(user).all<{ region: string }>();
    expect(regions.results.map((r) => r.region)).toEqual(['DE', 'BR']);
  });
});
