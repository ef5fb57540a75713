import { describe, expect, it } from 'vitest';
import { applyCommand, MAX_UP_NEXT, type Applied, type CommandContext, type SessionCommand } from '#do/device-session/commands.ts';
import { EMPTY_STATE, positionAt, type PlayerState, type QueueEntry } from '#do/device-session/player-state.ts';

const entry = (n: number, artist = `art0_${n % 3}`): QueueEntry => ({
  uri: `encore:track:trk0_t${n}`,
  track_id: `trk0_t${n}`,
  name: `T${n}`,
  duration_ms: 100_000,
  artist_id: artist,
  artist_name: artist,
});
const TRACKS = Array.from({ length: 6 }, (_, i) => entry(i));
const ctx = (now: number, online = ['a', 'b']): CommandContext => ({ now, online: new Set(online), newSeed: () => 1234 });

/** Applies commands in order at the given times, failing on any refusal. */
function run(state: PlayerState, ...steps: [SessionCommand, number][]): Applied {
  let last: Applied | undefined;
  for (const [command, now] of steps) {
    const outcome = applyCommand(last?.state ?? state, command, ctx(now));
    if (!outcome.ok) throw new Error(`${command.action} refused: ${outcome.code}`);
    last = outcome;
  }
  return last!;
}
const loaded = (offset = 0) => run(EMPTY_STATE, [{ action: 'load', device_id: 'a', tracks: TRACKS, context_uri: null, offset }, 1_000]).state;

describe('playback rules (pure)', () => {
  it('moves the live position with the clock while playing, and never past the end of the track', () => {
    const state = loaded();
    expect(positionAt(state, 1_000)).toBe(0);
    expect(positionAt(state, 31_000)).toBe(30_000);
    expect(positionAt(state, 999_000)).toBe(100_000);
    expect(positionAt({ ...state, isPlaying: false }, 31_000)).toBe(0);
  });

  it('transfers at the position reached at the moment of transfer, and stops the previous device', () => {
    const moved = run(loaded(), [{ action: 'transfer', device_id: 'b' }, 21_000]);
    expect(moved.state).toMatchObject({ activeDeviceId: 'b', positionMs: 20_000, measuredAt: 21_000, isPlaying: true });
    expect(moved.stops).toEqual([{ deviceId: 'a', reason: 'transferred' }]);
    const refused = applyCommand(loaded(), { action: 'transfer', device_id: 'c' }, ctx(2_000));
    expect(refused).toMatchObject({ ok: false, status: 404, code: 'device_not_found' });
  });

  it('bumps seq once per applied command and leaves it alone for refusals and quiet reports', () => {
    const state = loaded();
    expect(state.seq).toBe(1);
    const paused = run(state, [{ action: 'pause' }, 2_000], [{ action: 'repeat', state: 'context' }, 3_000]);
    expect(paused.state.seq).toBe(3);
    const quiet = run(paused.state, [{ action: 'report', device_id: 'a', seq: 3, position_ms: 5_000, is_playing: false }, 4_000]);
    expect(quiet).toMatchObject({ push: false, state: { seq: 3, positionMs: 5_000 } });
    const stale = run(quiet.state, [{ action: 'report', device_id: 'a', seq: 2, position_ms: 90_000, is_playing: true }, 5_000]);
    expect(stale.state).toBe(quiet.state);
  });

  it('replays the track on end with repeat-track, but next still skips', () => {
    const repeating = run(loaded(), [{ action: 'repeat', state: 'track' }, 1_000]).state;
    const ended = run(repeating, [{ action: 'report', device_id: 'a', seq: repeating.seq, position_ms: 100_000, is_playing: true, ended: true }, 101_000]);
    expect(ended.state.current?.track_id).toBe('trk0_t0');
    expect(ended.state.positionMs).toBe(0);
    expect(run(repeating, [{ action: 'next' }, 2_000]).state.current?.track_id).toBe('trk0_t1');
  });

  it('goes back from a queued track to the context track it interrupted', () => {
    const state = run(loaded(2), [{ action: 'enqueue', entry: entry(9) }, 1_000], [{ action: 'next' }, 1_500]).state;
    expect(state).toMatchObject({ currentIsQueued: true, current: { track_id: 'trk0_t9' }, index: 2 });
    expect(run(state, [{ action: 'previous' }, 1_600]).state.current?.track_id).toBe('trk0_t2');
    expect(run(state, [{ action: 'next' }, 1_600]).state.current?.track_id).toBe('trk0_t3');
  });

  it('loading with shuffle on starts from the chosen track and shuffles the rest', () => {
    const shuffled = run(loaded(), [{ action: 'shuffle', state: true, seed: 7 }, 1_000]).state;
    const reloaded = run(shuffled, [{ action: 'load', tracks: TRACKS, context_uri: null, offset: 4 }, 2_000]).state;
    expect(reloaded.order[0]).toBe(4);
    expect(reloaded.index).toBe(0);
    expect([...reloaded.order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(reloaded.shuffleSeed).toBe(1234);
  });

  it('pauses and forgets the active device when it drops out; other devices dropping change nothing', () => {
    const state = loaded();
    expect(run(state, [{ action: 'device_gone', device_id: 'b' }, 5_000]).state).toBe(state);
    const gone = run(state, [{ action: 'device_gone', device_id: 'a' }, 5_000]);
    expect(gone.state).toMatchObject({ activeDeviceId: null, isPlaying: false, positionMs: 4_000 });
  });

  it('caps the queue', () => {
    let state = loaded();
    for (let i = 0; i < MAX_UP_NEXT; i++) state = run(state, [{ action: 'enqueue', entry: entry(i) }, 2_000]).state;
    expect(applyCommand(state, { action: 'enqueue', entry: entry(1) }, ctx(3_000))).toMatchObject({ ok: false, status: 422, code: 'queue_full' });
  });
});
