import { describe, expect, it } from 'vitest';
import { catalog, dailyStreams, deliver, MINUTE, outcomes, play, regionStreams, reports, seedTrack, seedUser, T0, users } from './helpers.ts';

describe('exactly-once stream counts', () => {
  it('counts a redelivered batch once', async () => {
    const user = await seedUser(0);
    const track = await seedTrack(1);
    const batch = reports(user, [play(track, T0), play(track, T0 + 5 * MINUTE), play(track, T0 + 10 * MINUTE)]);

    const first = await deliver(batch);
    const again = await deliver(batch, 2);

    expect(first.explicitAcks).toHaveLength(1);
    expect(again.explicitAcks).toHaveLength(1);
    expect(await dailyStreams(track)).toBe(3);
    expect(await regionStreams(track, 'SE')).toBe(3);
    expect(await outcomes(user)).toEqual({ counted: 3 });
  });

  it('counts an event that arrives in two reports of one batch once', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(0);
    const event = play(track, T0);

    const result = await deliver([...reports(user, [event]), ...reports(user, [event, play(track, T0 + 4 * MINUTE)])]);

    expect(result.explicitAcks).toHaveLength(2);
    expect(await dailyStreams(track)).toBe(2);
  });

  it('keeps two listeners apart when their devices pick the same event id', async () => {
    const [a, b] = [await seedUser(0), await seedUser(1)];
    const track = await seedTrack(2);

    await deliver([...reports(a, [play(track, T0, 60_000, 'evt-1')]), ...reports(b, [play(track, T0, 60_000, 'evt-1')])]);

    expect(await dailyStreams(track)).toBe(2);
  });

  it('retries a batch that failed on one shard and, redelivered, counts every stream exactly once', async () => {
    const user = await seedUser(0);
    const healthy = await seedTrack(0);
    const broken = await seedTrack(2);
    const batch = reports(user, [play(healthy, T0), play(broken, T0 + 3 * MINUTE), play(healthy, T0 + 6 * MINUTE)]);

    // A real failure in the middle: catalog shard 2 loses a table, so its batch fails
    // after the user shard and catalog shard 0 have already committed theirs.
    await catalog(2).exec('ALTER TABLE track_region_hourly_streams RENAME TO hidden_hourly');
    const failed = await deliver(batch);
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages).toHaveLength(1);
    expect(await dailyStreams(healthy)).toBe(2);
    expect(await dailyStreams(broken)).toBe(0);
    const ledger = await catalog(2).prepare('SELECT count(*) AS n FROM stream_ledger WHERE track_id = ?').bind(broken).first<{ n: number }>();
    expect(ledger!.n).toBe(0);

    await catalog(2).exec('ALTER TABLE hidden_hourly RENAME TO track_region_hourly_streams');
    const retried = await deliver(batch, 2);

    expect(retried.explicitAcks).toHaveLength(1);
    expect(await dailyStreams(healthy)).toBe(2);
    expect(await dailyStreams(broken)).toBe(1);
    expect(await regionStreams(broken, 'SE')).toBe(1);
    const history = await users(0).prepare('SELECT count(*) AS n FROM listening_events WHERE user_id = ?').bind(user).first<{ n: number }>();
    expect(history!.n).toBe(3);
  });

  it('retries, never acks, a message it cannot read, and still processes the rest', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(3);

    const result = await deliver([{ v: 1, user_id: user, events: 'nonsense' }, ...reports(user, [play(track, T0)])]);

    expect(result.retryMessages).toHaveLength(1);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.explicitAcks).not.toContain(result.retryMessages[0]!.msgId);
    expect(await dailyStreams(track)).toBe(1);
  });
});
