import type { STOP_REASONS, PlayerCommand } from '#core/protocol/connect.ts';
import { positionAt, type PlayerState, type QueueEntry } from './player-state.ts';
import { spreadShuffle } from '#core/artist-spread.ts';

/**
 * The rules of playback as a pure function: (state, command) → next state plus
 * what to tell devices. The session object applies commands one at a time in
 * arrival order and stores the result; nothing here touches storage or sockets.
 */

/** Replaces the loaded tracks (play with uris or a context); `offset` is an index into `tracks`. */
export interface LoadCommand {
  action: 'load';
  device_id?: string;
  tracks: QueueEntry[];
  context_uri: string | null;
  offset: number;
  position_ms?: number;
}
export interface EnqueueCommand {
  action: 'enqueue';
  entry: QueueEntry;
}
/**
 * A queue kept by a player outside Connect (a Subsonic app's savePlayQueue):
 * it replaces the loaded tracks, paused at `offset` and `position_ms`, whatever
 * device is active. No device needs to be connected.
 */
export interface SaveQueueCommand {
  action: 'save_queue';
  tracks: QueueEntry[];
  offset: number;
  position_ms: number;
}
/**
 * A player outside Connect started a track (a Subsonic app's now-playing
 * scrobble): one device plays at a time, so the active device stops and the
 * session plays that track on no Connect device. A track of the loaded ones
 * is played in place; another replaces them.
 */
export interface ExternalPlayCommand {
  action: 'external_play';
  entry: QueueEntry;
}
/** A device's own account of playback (from its socket). */
export interface ReportCommand {
  action: 'report';
  device_id: string;
  seq: number;
  position_ms: number;
  is_playing: boolean;
  ended?: boolean;
}
/** A device dropped out (socket closed or silent too long). */
export interface DeviceGoneCommand {
  action: 'device_gone';
  device_id: string;
}
/** Tests and benchmarks may fix the seed; otherwise the session draws one. */
export interface ShuffleCommand {
  action: 'shuffle';
  state: boolean;
  seed?: number;
}

export type SessionCommand =
  | PlayerCommand
  | ShuffleCommand
  | LoadCommand
  | EnqueueCommand
  | ReportCommand
  | DeviceGoneCommand
  | SaveQueueCommand
  | ExternalPlayCommand;

export type StopReason = (typeof STOP_REASONS)[number];

export interface CommandContext {
  now: number;
  /** Ids of the devices connected right now. */
  online: ReadonlySet<string>;
  newSeed: () => number;
}

export interface Applied {
  ok: true;
  state: PlayerState;
  /** False for a report that only refreshed the position: stored, but not a new state for devices. */
  push: boolean;
  stops: { deviceId: string; reason: StopReason }[];
  volume?: { deviceId: string; percent: number };
}
export interface Refused {
  ok: false;
  status: 400 | 404 | 409 | 422;
  code: string;
  message: string;
}
export type Outcome = Applied | Refused;

export const MAX_UP_NEXT = 200;
/** Previous within the first seconds of a track goes back a track; later, it restarts this one. */
const RESTART_THRESHOLD_MS = 3000;

const refuse = (status: Refused['status'], code: string, message: string): Refused => ({ ok: false, status, code, message });
const NO_ACTIVE_DEVICE = refuse(404, 'no_active_device', 'No active device. Transfer playback to one of your devices first.');
const NOTHING_TO_PLAY = refuse(422, 'nothing_to_play', 'Nothing is loaded: start playback with uris or a context_uri.');
const unknownDevice = (id: string) => refuse(404, 'device_not_found', `No connected device with id ${JSON.stringify(id)}.`);

export function applyCommand(state: PlayerState, command: SessionCommand, ctx: CommandContext): Outcome {
  const step = new Step(state, ctx);
  switch (command.action) {
    case 'transfer':
      return step.transfer(command.device_id, command.play, 'transferred');
    case 'play':
      return step.play(command.device_id, command.position_ms);
    case 'load':
      return step.load(command);
    case 'pause':
      return step.whileActive(() => step.set({ ...step.settled(), isPlaying: false }));
    case 'next':
      return step.whileActive(() => step.advance(false));
    case 'previous':
      return step.whileActive(() => step.previous());
    case 'seek':
      return step.whileActive(() => step.seek(command.position_ms));
    case 'shuffle':
      return step.whileActive(() => step.shuffle(command.state, 'seed' in command ? command.seed : undefined));
    case 'repeat':
      return step.whileActive(() => step.set({ repeat: command.state }));
    case 'volume':
      return step.whileActive(() => ({ ...step.set({}), volume: { deviceId: state.activeDeviceId!, percent: command.volume_percent } }));
    case 'enqueue':
      return step.whileActive(() =>
        state.upNext.length >= MAX_UP_NEXT
          ? refuse(422, 'queue_full', `The queue holds at most ${MAX_UP_NEXT} tracks.`)
          : step.set({ upNext: [...state.upNext, command.entry] }),
      );
    case 'report':
      return step.report(command);
    case 'save_queue':
      return step.saveQueue(command);
    case 'external_play':
      return step.externalPlay(command.entry);
    case 'device_gone':
      return state.activeDeviceId === command.device_id ? step.set({ ...step.settled(), isPlaying: false, activeDeviceId: null }) : step.unchanged();
  }
}

/** One command's worth of work on one state. */
class Step {
  private readonly stops: Applied['stops'] = [];

  constructor(
    private readonly state: PlayerState,
    private readonly ctx: CommandContext,
  ) {}

  /** Applies a change as a new state with the next sequence number. */
  set(change: Partial<PlayerState>): Applied {
    return { ok: true, state: { ...this.state, ...change, seq: this.state.seq + 1 }, push: true, stops: this.stops };
  }

  unchanged(): Applied {
    return { ok: true, state: this.state, push: false, stops: [] };
  }

  /** Freezes the live position into the state, as of now. */
  settled(): Pick<PlayerState, 'positionMs' | 'measuredAt'> {
    return { positionMs: positionAt(this.state, this.ctx.now), measuredAt: this.ctx.now };
  }

  whileActive(run: () => Outcome): Outcome {
    return this.state.activeDeviceId ? run() : NO_ACTIVE_DEVICE;
  }

  /** Moves playback to another device at the live position; the device that had it is told to stop. */
  private moveTo(deviceId: string, reason: StopReason): Partial<PlayerState> | Refused {
    if (!this.ctx.online.has(deviceId)) return unknownDevice(deviceId);
    const previous = this.state.activeDeviceId;
    if (previous && previous !== deviceId) this.stops.push({ deviceId: previous, reason });
    return { ...this.settled(), activeDeviceId: deviceId };
  }

  transfer(deviceId: string, play: boolean | undefined, reason: StopReason): Outcome {
    const moved = this.moveTo(deviceId, reason);
    if ('ok' in moved) return moved;
    // Spotify: play=true starts playback there; absent or false keeps the current playing state.
    const isPlaying = this.state.current !== null && (play === true || this.state.isPlaying);
    return this.set({ ...moved, isPlaying });
  }

  /** Resume, or with a device id start playing there (the device that was playing stops: one device plays at a time). */
  play(deviceId: string | undefined, positionMs: number | undefined): Outcome {
    if (!deviceId && !this.state.activeDeviceId) return NO_ACTIVE_DEVICE;
    if (!this.state.current) return NOTHING_TO_PLAY;
    const moved = deviceId ? this.moveTo(deviceId, 'another_device_playing') : this.settled();
    if ('ok' in moved) return moved;
    const position = positionMs === undefined ? {} : { positionMs: this.clamp(positionMs), measuredAt: this.ctx.now };
    return this.set({ ...moved, ...position, isPlaying: true });
  }

  load(command: LoadCommand): Outcome {
    if (!command.device_id && !this.state.activeDeviceId) return NO_ACTIVE_DEVICE;
    const moved = command.device_id ? this.moveTo(command.device_id, 'another_device_playing') : {};
    if ('ok' in moved) return moved;
    const { tracks, offset } = command;
    const seed = this.state.shuffle ? this.ctx.newSeed() : null;
    const order = seed === null ? tracks.map((_, i) => i) : startingWith(offset, tracks, seed);
    const current = tracks[offset]!;
    const duration = current.duration_ms;
    const positionMs = Math.min(command.position_ms ?? 0, duration ?? Number.MAX_SAFE_INTEGER);
    return this.set({
      ...moved,
      tracks,
      order,
      index: seed === null ? offset : 0,
      current,
      currentIsQueued: false,
      contextUri: command.context_uri,
      shuffleSeed: seed,
      positionMs,
      measuredAt: this.ctx.now,
      isPlaying: true,
    });
  }

  saveQueue({ tracks, offset, position_ms }: SaveQueueCommand): Outcome {
    const current = tracks[offset];
    if (!current) return refuse(422, 'invalid_offset', `The current track is not among the ${tracks.length} tracks.`);
    return this.set({
      tracks,
      order: tracks.map((_, i) => i),
      index: offset,
      upNext: [],
      current,
      currentIsQueued: false,
      contextUri: null,
      shuffle: false,
      shuffleSeed: null,
      positionMs: Math.min(position_ms, current.duration_ms ?? Number.MAX_SAFE_INTEGER),
      measuredAt: this.ctx.now,
      isPlaying: false,
    });
  }

  externalPlay(entry: QueueEntry): Outcome {
    const previous = this.state.activeDeviceId;
    if (previous) this.stops.push({ deviceId: previous, reason: 'another_device_playing' });
    const loaded = this.state.order.findIndex((i) => this.state.tracks[i]!.track_id === entry.track_id);
    const place =
      loaded >= 0
        ? { index: loaded }
        : { tracks: [entry], order: [0], index: 0, upNext: [], contextUri: null, shuffleSeed: this.state.shuffle ? this.ctx.newSeed() : null };
    return this.set({ ...place, current: entry, currentIsQueued: false, activeDeviceId: null, positionMs: 0, measuredAt: this.ctx.now, isPlaying: true });
  }

  /** Next track: queued tracks first, then the context; `ended` is the track running out (repeat-track replays it). */
  advance(ended: boolean): Outcome {
    const { state } = this;
    const restart = { positionMs: 0, measuredAt: this.ctx.now };
    if (ended && state.repeat === 'track' && state.current) return this.set(restart);
    if (state.upNext.length > 0) {
      return this.set({ ...restart, current: state.upNext[0]!, upNext: state.upNext.slice(1), currentIsQueued: true });
    }
    if (state.order.length === 0) return this.set({ ...restart, isPlaying: false });
    const next = state.index + 1;
    if (next < state.order.length) return this.set({ ...restart, index: next, current: state.tracks[state.order[next]!]!, currentIsQueued: false });
    // Past the end: wrap around with repeat-context, otherwise stop back at the start.
    const first = state.tracks[state.order[0]!]!;
    return this.set({ ...restart, index: 0, current: first, currentIsQueued: false, isPlaying: state.isPlaying && state.repeat === 'context' });
  }

  previous(): Outcome {
    const { state } = this;
    const restart = { positionMs: 0, measuredAt: this.ctx.now };
    if (!state.current) return NOTHING_TO_PLAY;
    if (positionAt(state, this.ctx.now) > RESTART_THRESHOLD_MS) return this.set(restart);
    // A queued track came after the context track at `index`: previous returns to that one.
    let index = state.currentIsQueued ? state.index : state.index - 1;
    if (index < 0 && state.repeat === 'context') index = state.order.length - 1;
    if (index < 0) return this.set(restart);
    return this.set({ ...restart, index, current: state.tracks[state.order[index]!]!, currentIsQueued: false });
  }

  /** Seeking past the end plays the next track, as Spotify does. */
  seek(positionMs: number): Outcome {
    const duration = this.state.current?.duration_ms;
    if (!this.state.current) return NOTHING_TO_PLAY;
    if (duration != null && positionMs >= duration) return this.advance(false);
    return this.set({ positionMs, measuredAt: this.ctx.now });
  }

  /** The current track keeps playing; shuffle on reorders what follows it, off restores the original order. */
  shuffle(on: boolean, seed?: number): Outcome {
    const { state } = this;
    const playing = state.index >= 0 ? state.order[state.index] : undefined;
    if (!on) {
      return this.set({ shuffle: false, shuffleSeed: null, order: state.tracks.map((_, i) => i), index: playing ?? -1 });
    }
    const shuffleSeed = seed ?? this.ctx.newSeed();
    const order =
      playing === undefined
        ? spreadShuffle(
            state.tracks.map((_, i) => i),
            (i) => state.tracks[i]!.artist_id,
            shuffleSeed,
          )
        : startingWith(playing, state.tracks, shuffleSeed);
    return this.set({ shuffle: true, shuffleSeed, order, index: playing === undefined ? -1 : 0 });
  }

  report(report: ReportCommand): Outcome {
    const { state } = this;
    // Made against a state the session has since replaced (a seek, a transfer...): stale.
    if (report.seq < state.seq) return this.unchanged();
    if (report.device_id !== state.activeDeviceId) {
      // Another device started playing by itself: playback moves to it, the one playing stops.
      if (!report.is_playing || !state.current) return this.unchanged();
      const moved = this.moveTo(report.device_id, 'another_device_playing');
      if ('ok' in moved) return moved;
      return this.set({ ...moved, positionMs: this.clamp(report.position_ms), isPlaying: true });
    }
    if (report.ended) return this.advance(true);
    const measured = { positionMs: this.clamp(report.position_ms), measuredAt: this.ctx.now };
    if (report.is_playing !== state.isPlaying) return this.set({ ...measured, isPlaying: report.is_playing && state.current !== null });
    return { ok: true, state: { ...state, ...measured }, push: false, stops: [] };
  }

  private clamp(positionMs: number): number {
    const duration = this.state.current?.duration_ms;
    return duration != null ? Math.min(positionMs, duration) : positionMs;
  }
}

/** Shuffled play order that keeps `first` where it is (playing) and spreads the rest after it. */
function startingWith(first: number, tracks: QueueEntry[], seed: number): number[] {
  const rest = tracks.map((_, i) => i).filter((i) => i !== first);
  return [first, ...spreadShuffle(rest, (i) => tracks[i]!.artist_id, seed)];
}
