import { describe, expect, it } from 'vitest';
import type { PlayEvent } from '#core/protocol/listening.ts';
import { dailyStreams, deliver, MINUTE, outcomes, play, reports, seedTrack, seedUser, T0 } from './helpers.ts';

const SECOND = 1_000;
const onDevice = (event: PlayEvent, deviceId: string): PlayEvent => ({ ...event, device_id: deviceId });

describe('overlapping plays of one listener', () => {
  it('counts 50 overlapping 31-second plays of one track once', async () => {
    const user = await seedUser(0);
    const track = await seedTrack(1);
    const plays = Array.from({ length: 50 }, (_, i) => play(track, T0 + i * 100, 31 * SECOND));

    await deliver(reports(user, plays));

    expect(await dailyStreams(track)).toBe(1);
    expect(await outcomes(user)).toEqual({ counted: 1, overlapping: 49 });
  });

  it('counts once however the overlapping plays are split, ordered, redelivered or reported late', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(0);
    const plays = Array.from({ length: 50 }, (_, i) => play(track, T0 + i * 100, 31 * SECOND));
    const [firstHalf, secondHalf] = [plays.slice(25).reverse(), plays.slice(0, 25)];

    await deliver([...reports(user, firstHalf.slice(0, 10)), ...reports(user, firstHalf.slice(10))]);
    // Arriving later, and earlier in time than what is on record: still overlapping.
    await deliver(reports(user, secondHalf));
    await deliver(reports(user, plays), 2);

    expect(await dailyStreams(track)).toBe(1);
    expect(await outcomes(user)).toEqual({ counted: 1, overlapping: 49 });
  });

  it('is one listener on two devices: plays at the same time on both count once', async () => {
    const user = await seedUser(0);
    const [a, b] = [await seedTrack(2), await seedTrack(3)];

    await deliver(reports(user, [onDevice(play(a, T0, 3 * MINUTE), 'phone'), onDevice(play(b, T0 + MINUTE, 3 * MINUTE), 'laptop')]));

    expect((await dailyStreams(a)) + (await dailyStreams(b))).toBe(1);
    expect(await outcomes(user)).toEqual({ counted: 1, overlapping: 1 });
  });

  it('counts back-to-back plays, and forgives 5 s of overlap (crossfade, device clocks) but not more', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(1);
    const first = play(track, T0, MINUTE);
    const backToBack = play(track, T0 + MINUTE, MINUTE);
    const crossfaded = play(track, T0 + 2 * MINUTE - 5 * SECOND, MINUTE);
    const tooMuch = play(track, T0 + 3 * MINUTE - 10 * SECOND - 1, MINUTE);

    await deliver(reports(user, [tooMuch, crossfaded, backToBack, first]));

    expect(await dailyStreams(track)).toBe(3);
    expect(await outcomes(user)).toEqual({ counted: 3, overlapping: 1 });
  });

  it('lets a play that overlaps only plays that did not count (short, fraud) count', async () => {
    const user = await seedUser(0);
    const track = await seedTrack(2, 60_000);
    const skipped = play(track, T0, 20 * SECOND);
    const implausible = play(track, T0 + 30 * SECOND, 10 * MINUTE);
    const real = play(track, T0 + 10 * SECOND, 50 * SECOND);

    await deliver(reports(user, [skipped, implausible, real]));

    expect(await dailyStreams(track)).toBe(1);
    expect(await outcomes(user)).toEqual({ counted: 1, short: 1, fraud_longer_than_track: 1 });
  });

  it('counts a play that overlaps one counted the day before (a play across midnight)', async () => {
    const user = await seedUser(1);
    const track = await seedTrack(0, 10 * MINUTE);
    const midnight = Date.UTC(2026, 10, 3);

    await deliver(reports(user, [play(track, midnight - 2 * MINUTE, 8 * MINUTE)]));
    await deliver(reports(user, [play(track, midnight + MINUTE, 2 * MINUTE), play(track, midnight + 6 * MINUTE, 2 * MINUTE)]));

    expect(await outcomes(user)).toEqual({ counted: 2, overlapping: 1 });
  });

  it('counts overlapping plays once even when two consumers decide them at the same time', async () => {
    const user = await seedUser(0);
    const track = await seedTrack(3);
    const plays = Array.from({ length: 8 }, (_, i) => play(track, T0 + i * SECOND, 40 * SECOND));

    // Eight deliveries racing: each decides against what is on record when it reads.
    await Promise.all(plays.map((p) => deliver(reports(user, [p]))));

    expect(await dailyStreams(track)).toBe(1);
    expect(await outcomes(user)).toEqual({ counted: 1, overlapping: 7 });
  });
});
