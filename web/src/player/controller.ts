import { uri } from '#core/protocol/uris.ts';
import type { PlayerItem, PlayerView, RepeatState } from '#core/protocol/connect.ts';
import { api, ApiError, errorMessage } from '../api.ts';
import type { EpisodeView, Image, Track } from '../types.ts';
import { ConnectClient, deviceIdentity } from './connect.ts';
import { AudioEngine, type EngineSource } from './engine.ts';
import { PlaybackStartTimer } from './playback-start.ts';
import { PlayReporter } from './play-reports.ts';
import { episodeSource, episodeSourceFor, prefetch, sourceFor } from './sources.ts';

/**
 * The player. Online, the listener's device session is the source of truth:
 * every command goes to it, and this tab's engine follows the state it pushes
 * (playing only while this tab is the active device). Without a connection
 * (offline, downloaded tracks) it plays a local queue by itself.
 *
 * The next track waits on the engine's standby deck, so the engine starts it
 * by itself, gapless or crossfaded (engine.ts); the session hears of it as
 * the end of the current track, as it would without a crossfade.
 */

export interface NowPlaying {
  id: string;
  title: string;
  artists: string;
  duration_ms: number | null;
  /** Set for a podcast episode: its show (tracks find their cover through their album). */
  show?: { id: string; images: Image[] };
}

export interface PlayerSnapshot {
  mode: 'connect' | 'local';
  track: NowPlaying | null;
  isPlaying: boolean;
  shuffle: boolean;
  repeat: RepeatState;
  /** The device playing when it is not this one. */
  remoteDevice: string | null;
  error: string | null;
  blocked: boolean;
}

const REPORT_EVERY_MS = 5_000;
const DRIFT_MS = 3_000;

export class Player extends EventTarget {
  readonly engine = new AudioEngine();
  readonly connect = new ConnectClient(deviceIdentity());
  private readonly startTimer = new PlaybackStartTimer();
  private readonly plays = new PlayReporter(this.connect.device.id);
  private generation = 0;
  private reporter: ReturnType<typeof setInterval> | undefined;
  private local = { tracks: [] as Track[], index: 0, next: undefined as number | undefined };
  /** The track waiting on the engine's standby deck. */
  private prepared: { track: NowPlaying; index?: number } | null = null;
  /** The engine moved on to `to` by itself; the session's pushes about `from` made before it heard are not followed. */
  private advancing: { from: string; to: string; seq: number } | null = null;
  state: PlayerSnapshot = { mode: 'connect', track: null, isPlaying: false, shuffle: false, repeat: 'off', remoteDevice: null, error: null, blocked: false };

  constructor() {
    super();
    this.connect.addEventListener('state', () => void this.follow(this.connect.player));
    this.connect.addEventListener('stop', () => this.engine.pause());
    this.connect.addEventListener('remote-error', (e) => this.fail((e as CustomEvent<string>).detail));
    this.engine.addEventListener('ended', () => {
      this.plays.finish(true);
      this.onEnded();
    });
    this.engine.addEventListener('advance', (e) => this.onAdvance((e as CustomEvent<EngineSource>).detail));
    this.engine.addEventListener('blocked', () => this.update({ blocked: true }));
    this.engine.addEventListener('playing', () => {
      const source = this.engine.source;
      if (source?.kind !== 'episode') this.startTimer.playing(source?.trackId, this.engine.bitrate);
      this.samplePlay();
      this.update({ blocked: false, isPlaying: true });
      void this.prefetchNext();
    });
    this.engine.addEventListener('pause', () => this.state.mode === 'local' && this.update({ isPlaying: false }));
    this.engine.addEventListener('fatal', (e) => this.fail(`Playback failed (${(e as CustomEvent<string>).detail}).`));
    // Any first gesture lets Web Audio start, so loudness gain can lift quiet tracks too.
    const unlock = () => this.engine.unlock();
    document.addEventListener('pointerdown', unlock, { once: true, capture: true });
    document.addEventListener('keydown', unlock, { once: true, capture: true });
    this.reporter = setInterval(() => {
      if (this.isActiveHere()) this.connect.report(this.engine.positionMs, this.engine.playing);
      this.samplePlay();
    }, REPORT_EVERY_MS);
  }

  start(): void {
    this.connect.connect();
  }

  shutdown(): void {
    clearInterval(this.reporter);
    this.connect.close();
    this.engine.dispose();
    this.dispatchEvent(new Event('shutdown'));
  }

  /** Where playback is: this tab's element, or the active device's position as the session last pushed it. */
  get positionMs(): number {
    if (this.engine.source || this.state.mode === 'local') return this.engine.positionMs;
    const view = this.connect.player;
    if (!view) return 0;
    const elapsed = view.is_playing ? Math.max(0, Date.now() - view.timestamp) : 0;
    return Math.min(view.progress_ms + elapsed, view.item?.duration_ms ?? Number.POSITIVE_INFINITY);
  }

  private get online(): boolean {
    return this.connect.open && navigator.onLine;
  }

  /** What this device is playing, for its play reports (play-reports.ts); another device's plays are its own to report. */
  private samplePlay(): void {
    const trackId = this.engine.source?.kind === 'episode' ? undefined : this.engine.source?.trackId;
    // Playback moved to another device (or stopped), or an episode plays (resume points, not play reports): what played here has ended.
    if (!trackId || !(this.isActiveHere() || this.state.mode === 'local')) {
      this.plays.finish(false);
      return;
    }
    const bitrate = this.engine.bitrate;
    this.plays.sample({
      trackId,
      positionMs: this.engine.positionMs,
      playing: this.engine.playing,
      contextUri: this.state.mode === 'connect' ? (this.connect.player?.context?.uri ?? null) : null,
      quality: bitrate ? `aac-${Math.round(bitrate / 1000)}k` : null,
    });
  }

  private isActiveHere(): boolean {
    return this.state.mode === 'connect' && this.connect.player?.device?.id === this.connect.device.id;
  }

  private update(patch: Partial<PlayerSnapshot>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  private fail(message: string): void {
    this.update({ error: message });
  }

  // ---- commands ----

  /** Plays `tracks` from `index` on this device; `contextUri` (album/playlist) lets the session continue it. */
  async playTracks(tracks: Track[], index = 0, contextUri?: string): Promise<void> {
    this.startTimer.clicked();
    this.engine.unlock();
    this.update({ error: null });
    if (this.online) {
      const body = contextUri
        ? { context_uri: contextUri, offset: { position: index } }
        : { uris: tracks.map((t) => uri('track', t.id)), offset: { position: index } };
      const play = () => api('PUT', `/api/v1/me/player/play?device_id=${encodeURIComponent(this.connect.device.id)}`, body);
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            await play();
            return;
          } catch (err) {
            // The session lost this device (it restarted; the socket is reconnecting): give it a moment, then again.
            if (!(err instanceof ApiError && err.code === 'device_not_found') || attempt === 3) throw err;
            await this.connect.nextDevicesPush();
          }
        }
      } catch (err) {
        if (navigator.onLine) return this.fail(errorMessage(err));
      }
    }
    this.local = { tracks, index, next: undefined };
    await this.playLocal(0);
  }

  /**
   * Plays a podcast episode on this device from the listener's resume point
   * (from the start once fully played). The device session plays tracks only,
   * so whatever it plays is paused and the episode plays locally; its resume
   * point is what other devices pick up (episode-progress.ts saves it).
   */
  async playEpisode(episodeId: string): Promise<void> {
    this.engine.unlock();
    this.update({ error: null });
    try {
      const episode = await api<EpisodeView>('GET', `/api/v1/episodes/${encodeURIComponent(episodeId)}`);
      if (!episode.stream) return this.fail(`“${episode.name}” is not ready to play yet.`);
      if (this.state.mode === 'connect' && this.state.isPlaying) await this.command('PUT', 'pause');
      ++this.generation;
      this.local = { tracks: [], index: 0, next: undefined };
      this.update({
        mode: 'local',
        track: {
          id: episode.id,
          title: episode.name,
          artists: episode.show.name,
          duration_ms: episode.duration_ms,
          show: { id: episode.show.id, images: episode.images },
        },
        remoteDevice: null,
      });
      const { position_ms, fully_played } = episode.resume_point;
      const source = episodeSource(episode);
      // engine.load marks the source an episode at once, so the session's answer to the pause cannot replace it.
      await this.engine.load(source, fully_played ? 0 : position_ms, true);
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  async toggle(): Promise<void> {
    this.engine.unlock();
    if (this.state.mode === 'local' || !this.online) {
      if (this.engine.playing) this.engine.pause();
      else if (this.engine.source) await this.engine.play();
      return;
    }
    await this.command('PUT', this.state.isPlaying ? 'pause' : 'play', this.state.isPlaying ? undefined : {});
  }

  next = () => (this.state.mode === 'local' ? this.playLocal(1) : this.command('POST', 'next'));
  previous = () => {
    if (this.state.mode === 'local') return this.engine.positionMs > 3000 ? Promise.resolve(this.engine.seek(0)) : this.playLocal(-1);
    return this.command('POST', 'previous');
  };

  seek(ms: number): Promise<void> {
    if (this.state.mode === 'local' || this.isActiveHere()) this.engine.seek(ms);
    return this.state.mode === 'local' ? Promise.resolve() : this.command('PUT', `seek?position_ms=${Math.round(ms)}`);
  }

  shuffle = () =>
    this.state.mode === 'local' ? this.changeLocal({ shuffle: !this.state.shuffle }) : this.command('PUT', `shuffle?state=${!this.state.shuffle}`);

  cycleRepeat = () => {
    const next: RepeatState = this.state.repeat === 'off' ? 'context' : this.state.repeat === 'context' ? 'track' : 'off';
    return this.state.mode === 'local' ? this.changeLocal({ repeat: next }) : this.command('PUT', `repeat?state=${next}`);
  };

  /** A local shuffle or repeat change, or an insertion, changes which track is to follow. */
  private changeLocal(patch: Partial<PlayerSnapshot> = {}): Promise<void> {
    this.update(patch);
    this.local.next = undefined;
    void this.prefetchNext();
    return Promise.resolve();
  }

  enqueue = (track: Track) => {
    if (this.state.mode === 'local' || !this.online) {
      this.local.tracks.splice(this.local.index + 1, 0, track);
      return this.changeLocal();
    }
    return this.command('POST', `queue?uri=${encodeURIComponent(uri('track', track.id))}`);
  };

  /**
   * Adds tracks after everything that is to play (a station's next page): the
   * end of the local list, else the session's queue, in order. The session
   * plays its queue before the rest of a context, so call it once the last
   * track of what was started plays.
   */
  async append(tracks: Track[]): Promise<void> {
    if (this.state.mode === 'local' || !this.online) {
      this.local.tracks.push(...tracks);
      return;
    }
    for (const track of tracks) await this.command('POST', `queue?uri=${encodeURIComponent(uri('track', track.id))}`);
  }

  transfer = (deviceId: string) => api('PUT', '/api/v1/me/player', { device_ids: [deviceId], play: true }).catch((err) => this.fail(errorMessage(err)));

  async upcoming(): Promise<NowPlaying[]> {
    if (this.state.mode === 'local') return this.local.tracks.slice(this.local.index + 1).map(nowPlaying);
    const q = await api<{ queue: PlayerView['item'][] }>('GET', '/api/v1/me/player/queue');
    return q.queue.filter((item) => item !== null).map(nowPlayingItem);
  }

  private async command(method: string, action: string, body?: unknown): Promise<void> {
    try {
      await api(method, `/api/v1/me/player/${action}`, body);
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  // ---- following the device session ----

  private async follow(view: PlayerView | null): Promise<void> {
    // An episode started here (not through the session) stays until something plays somewhere (playEpisode paused the session).
    if (this.state.mode === 'local' && this.engine.source?.kind === 'episode' && !view?.is_playing) return;
    const mine = view?.device?.id === this.connect.device.id;
    if (this.advancing && mine && view?.item?.id === this.advancing.from) {
      // Pushed before the session heard the track end; a newer state than the report was made against means it was stale: again.
      if (this.connect.seq > this.advancing.seq) {
        this.advancing.seq = this.connect.seq;
        this.connect.report(0, false, true);
      }
      return;
    }
    this.advancing = null;
    const generation = ++this.generation;
    const track = view?.item ? nowPlayingItem(view.item) : null;
    this.update({
      mode: 'connect',
      track,
      isPlaying: view?.is_playing ?? false,
      shuffle: view?.shuffle_state ?? false,
      repeat: view?.repeat_state ?? 'off',
      remoteDevice: view?.device && !mine ? view.device.name : null,
    });
    if (!view || !mine || !view.item) {
      if (this.engine.source) this.engine.stop();
      return;
    }
    const elapsed = view.is_playing ? Math.min(60_000, Math.max(0, Date.now() - view.timestamp)) : 0;
    const position = view.progress_ms + elapsed;
    if (this.engine.source?.trackId !== view.item.id) {
      try {
        const source = view.item.type === 'episode' ? await episodeSourceFor(view.item.id) : await sourceFor(view.item.id);
        if (generation !== this.generation) return;
        await this.engine.load(source, position, view.is_playing);
      } catch (err) {
        this.fail(errorMessage(err));
      }
      return;
    }
    if (Math.abs(this.engine.positionMs - position) > DRIFT_MS) this.engine.seek(position);
    if (view.is_playing && !this.engine.playing) await this.engine.play();
    if (!view.is_playing && this.engine.playing) this.engine.pause();
    // The same track in a new context (or a new queue) has a different next track.
    if (view.is_playing) void this.prefetchNext();
  }

  private onEnded(): void {
    if (this.state.mode === 'local') {
      if (this.state.repeat === 'track') void this.playLocal(0);
      else void this.playLocal(1);
      return;
    }
    if (this.isActiveHere()) this.connect.report(this.engine.positionMs, false, true);
  }

  /** The engine moved on to the prepared track by itself (gapless or crossfaded). */
  private onAdvance(source: EngineSource | null): void {
    const prepared = this.prepared;
    this.prepared = null;
    const from = this.state.track?.id;
    this.plays.finish(true);
    if (!source || prepared?.track.id !== source.trackId) return;
    if (this.state.mode === 'local') {
      ++this.generation;
      this.local.index = prepared.index ?? this.local.index + 1;
      this.local.next = undefined;
      this.update({ track: prepared.track, error: null });
      return;
    }
    if (!this.isActiveHere()) return;
    this.update({ track: prepared.track });
    if (from) this.advancing = { from, to: source.trackId, seq: this.connect.seq };
    this.connect.report(0, false, true);
  }

  /** Prefetches what plays next and loads it on the engine's standby deck. */
  private async prefetchNext(): Promise<void> {
    const current = this.engine.source;
    let next: NowPlaying | undefined;
    let index: number | undefined;
    if (this.state.mode === 'local') {
      index = this.state.repeat === 'track' ? undefined : this.nextLocalIndex();
      next = index === undefined ? undefined : nowPlaying(this.local.tracks[index]!);
    } else if (this.isActiveHere()) {
      // Repeat-one replays the track: the session restarts it when it ends.
      const upcoming = this.state.repeat === 'track' ? [] : await this.upcoming().catch(() => null);
      if (upcoming === null) return;
      next = upcoming[0];
    }
    if (!current || current.kind === 'episode' || !next) {
      this.prepared = null;
      this.engine.unprepare();
      return;
    }
    await prefetch(next.id, this.engine.bitrate);
    const source = await sourceFor(next.id).catch(() => null);
    if (!source || this.engine.source !== current) return;
    this.prepared = { track: next, index };
    await this.engine.prepare(source);
  }

  /** The local track to follow the current one (drawn once when shuffled, so the one prepared is the one played). */
  private nextLocalIndex(): number | undefined {
    const { tracks, index } = this.local;
    if (tracks.length === 0) return undefined;
    if (this.state.shuffle && tracks.length > 1) {
      this.local.next ??= (index + 1 + Math.floor(Math.random() * (tracks.length - 1))) % tracks.length;
      return this.local.next;
    }
    if (index + 1 < tracks.length) return index + 1;
    return this.state.repeat === 'context' ? 0 : undefined;
  }

  // ---- local (offline) playback ----

  private async playLocal(step: number): Promise<void> {
    const { tracks } = this.local;
    if (tracks.length === 0) return;
    let index = this.local.index + step;
    if (step === 1 && this.state.shuffle && tracks.length > 1) index = this.nextLocalIndex() ?? index;
    else if (step !== 0 && this.state.shuffle && tracks.length > 1)
      index = (this.local.index + 1 + Math.floor(Math.random() * (tracks.length - 1))) % tracks.length;
    this.local.next = undefined;
    if (index >= tracks.length) {
      if (this.state.repeat !== 'context') return this.update({ isPlaying: false });
      index = 0;
    }
    if (index < 0) index = 0;
    this.local.index = index;
    const track = tracks[index]!;
    ++this.generation;
    this.update({ mode: 'local', track: nowPlaying(track), remoteDevice: null, error: null });
    try {
      await this.engine.load(await sourceFor(track.id), 0, true);
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }
}

/** What the session plays, as the player bar shows it: an episode under its show's name and artwork. */
function nowPlayingItem(item: PlayerItem): NowPlaying {
  if (item.type === 'episode')
    return { id: item.id, title: item.name, artists: item.show.name, duration_ms: item.duration_ms, show: { id: item.show.id, images: item.images } };
  return { id: item.id, title: item.title, artists: item.artists.map((a) => a.name).join(', '), duration_ms: item.duration_ms };
}

const nowPlaying = (t: Track): NowPlaying => ({ id: t.id, title: t.title, artists: t.artists.map((a) => a.name).join(', '), duration_ms: t.duration_ms });
