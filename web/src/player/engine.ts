import type { TrackLossless } from '#core/protocol/catalog-views.ts';
import { crossfadeSeconds, equalPowerCurves, fadeSeconds } from './crossfade.ts';
import { Deck, MEDIA_EVENTS } from './deck.ts';

/**
 * What plays on this device: two decks (deck.ts), one playing and one holding
 * the next track, loaded and buffered, so the change of track is gapless, or
 * a crossfade of the length set (crossfade.ts) with equal-power curves on the
 * decks' fade gains. Volume is a Web Audio gain after both decks, so loudness
 * normalisation can also lift quiet tracks; before the first user gesture
 * there is no Web Audio: element volume, and no crossfade (gapless still).
 *
 * The engine's events are those of the deck playing; when it moves to the
 * prepared track by itself it fires `advance` (detail: the source now playing).
 */

export interface EngineSource {
  /** The track's id, or the episode's when `kind` is episode. */
  trackId: string;
  /** Episodes play through the same element but are not tracks: no play reports, no Connect session. */
  kind?: 'track' | 'episode';
  /** The exact decoded length the API knows (an episode's resume point may not pass it; gapless ends a track there). */
  durationMs?: number | null;
  url: string;
  loudness_lufs?: number;
  /** The track's lossless rendition, when it has one (its master lists it only for premium listeners). */
  lossless?: TrackLossless | undefined;
}

/** How long before its moment a change of track is timed precisely (timeupdate comes every ~250 ms). */
const ARM_AHEAD_SECONDS = 1.5;
/** From play() on a paused, buffered element to its first sample in the Web Audio graph (measured in Chromium, see the README, "Crossfade and gapless"). */
const START_LATENCY_SECONDS = 0.015;
const ACTIVE_ID = 'audio';
const STANDBY_ID = 'audio-next';

export class AudioEngine extends EventTarget {
  private readonly decks: [Deck, Deck] = [new Deck(ACTIVE_ID), new Deck(STANDBY_ID)];
  private active = 0;
  /** The standby deck holds the next track. */
  private prepared = false;
  /** The deck still sounding after a change of track (its fade-out, or the encoder padding of a gapless end). */
  private outgoing: { deck: Deck; timer: ReturnType<typeof setTimeout> } | null = null;
  private pendingPrepare: EngineSource | null = null;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private context: AudioContext | null = null;
  private volumeNode: GainNode | null = null;
  private userVolume = 0.8;
  private readonly curves = equalPowerCurves();

  constructor() {
    super();
    for (const deck of this.decks) {
      for (const type of MEDIA_EVENTS) deck.audio.addEventListener(type, () => this.fromDeck(deck, type));
      deck.addEventListener('level', () => deck === this.deck && this.dispatchEvent(new Event('level')));
      deck.addEventListener('fatal', (e) => {
        if (deck === this.deck) this.dispatchEvent(new CustomEvent('fatal', { detail: (e as CustomEvent<string>).detail }));
        else if (this.prepared) this.unprepare();
      });
    }
  }

  private get deck(): Deck {
    return this.decks[this.active]!;
  }

  private get standby(): Deck {
    return this.decks[1 - this.active]!;
  }

  /** The element playing (for its duration and events; use the engine's methods to control it). */
  get audio(): HTMLAudioElement {
    return this.deck.audio;
  }

  get source(): EngineSource | null {
    return this.deck.source;
  }

  get bitrate(): number | null {
    return this.deck.bitrate;
  }

  /** Whether the rendition playing now is the lossless (FLAC) one. */
  get lossless(): boolean {
    return this.deck.lossless;
  }

  /** Routes audio through Web Audio; call from a user gesture so the context may start. */
  unlock(): void {
    if (this.context) {
      void this.context.resume();
      return;
    }
    try {
      const context = new AudioContext();
      const volumeNode = context.createGain();
      volumeNode.connect(context.destination);
      for (const deck of this.decks) deck.connect(context, volumeNode);
      this.context = context;
      this.volumeNode = volumeNode;
      void context.resume();
      this.applyVolume();
    } catch {
      this.context = null;
    }
  }

  async load(source: EngineSource, positionMs: number, autoplay: boolean): Promise<void> {
    this.interrupt();
    if (this.prepared && this.standby.source?.trackId === source.trackId && source.kind !== 'episode') {
      // The track asked for is the one waiting: play it from the standby deck, already buffered.
      const previous = this.deck;
      this.prepared = false;
      this.swap();
      previous.stop();
      this.deck.resetFade(1);
      if (positionMs > 0) this.deck.audio.currentTime = positionMs / 1000;
      this.announceSwap();
    } else {
      this.unprepare();
      this.applyVolume();
      const loading = this.deck.load(source, positionMs);
      this.applyVolume();
      if (!(await loading)) return; // a newer load won
    }
    if (autoplay) await this.play();
  }

  /**
   * Loads `source` on the standby deck, paused at its start, to follow the
   * current track gaplessly or crossfaded. A later prepare replaces it.
   */
  async prepare(source: EngineSource): Promise<void> {
    if (this.prepared && this.standby.source?.trackId === source.trackId) return;
    if (this.outgoing) {
      this.pendingPrepare = source;
      return;
    }
    this.cancelChange();
    this.prepared = true;
    this.standby.stop();
    // Silent until its change: a crossfade's curve starts from 0, a gapless start sets it to 1.
    this.standby.resetFade(0);
    this.applyVolume();
    if (!(await this.standby.load(source, 0))) return;
    this.applyVolume();
    this.armChange();
  }

  /** Forgets the prepared track. */
  unprepare(): void {
    this.cancelChange();
    this.pendingPrepare = null;
    if (!this.prepared) return;
    this.prepared = false;
    this.standby.stop();
  }

  async play(): Promise<boolean> {
    try {
      await this.deck.audio.play();
      return true;
    } catch (err) {
      // Autoplay refused (no user gesture yet on this page): the UI offers a button.
      if (err instanceof DOMException && err.name === 'NotAllowedError') this.dispatchEvent(new Event('blocked'));
      return false;
    }
  }

  pause(): void {
    this.interrupt();
    this.deck.audio.pause();
  }

  stop(): void {
    this.interrupt();
    this.unprepare();
    this.deck.stop();
  }

  /** Removes the elements (signing out). */
  dispose(): void {
    this.stop();
    for (const deck of this.decks) deck.audio.remove();
    void this.context?.close();
  }

  seek(ms: number): void {
    this.interrupt();
    this.deck.audio.currentTime = ms / 1000;
  }

  get positionMs(): number {
    return Math.round(this.deck.audio.currentTime * 1000);
  }

  get playing(): boolean {
    return !this.deck.audio.paused && !this.deck.audio.ended;
  }

  /** Both decks play at this rate (and keep it across loads). */
  set playbackRate(rate: number) {
    for (const { audio } of this.decks) {
      audio.defaultPlaybackRate = rate;
      audio.playbackRate = rate;
    }
  }

  get volume(): number {
    return this.userVolume;
  }

  set volume(v: number) {
    this.userVolume = Math.min(1, Math.max(0, v));
    this.applyVolume();
  }

  /** The gain applied for loudness, in dB (for display). */
  get normalisationDb(): number {
    return 20 * Math.log10(this.deck.loudness);
  }

  private applyVolume(): void {
    if (this.volumeNode) {
      this.volumeNode.gain.value = this.userVolume;
      for (const deck of this.decks) deck.audio.volume = 1;
    } else {
      for (const deck of this.decks) deck.audio.volume = Math.min(1, this.userVolume * deck.loudness);
    }
  }

  // ---- changing track by itself ----

  private fromDeck(deck: Deck, type: (typeof MEDIA_EVENTS)[number]): void {
    if (deck === this.outgoing?.deck && type === 'ended') {
      this.settle();
      return;
    }
    if (deck !== this.deck) return;
    if (type === 'ended' && this.prepared) {
      this.change(0); // the precise timer did not get there first
      return;
    }
    if (type === 'pause' || type === 'seeked') this.cancelChange();
    if (type === 'timeupdate' || type === 'playing' || type === 'seeked' || type === 'ratechange') this.armChange();
    this.dispatchEvent(new Event(type));
  }

  /** The moment (media time of the current deck) the next track starts, and the fade it starts with. */
  private plan(): { at: number; end: number; fade: number } | null {
    const current = this.deck;
    const next = this.standby;
    const end = current.contentEndSeconds;
    if (end === null) return null;
    const fade = current.webAudio ? fadeSeconds(crossfadeSeconds(), current.lengthSeconds, next.lengthSeconds || Number.POSITIVE_INFINITY) : 0;
    // Gapless: started early by its start-up latency and its own priming, so its first sample follows our last.
    const lead = fade > 0 ? 0 : START_LATENCY_SECONDS + (next.delay?.primingSeconds ?? 0);
    return { at: end - fade - lead, end, fade };
  }

  private armChange(): void {
    if (!this.prepared || this.outgoing || this.changeTimer !== undefined || this.deck.audio.paused) return;
    const plan = this.plan();
    if (!plan) return;
    const audio = this.deck.audio;
    const wait = (plan.at - audio.currentTime) / (audio.playbackRate || 1);
    if (wait > ARM_AHEAD_SECONDS) return;
    this.changeTimer = setTimeout(
      () => {
        this.changeTimer = undefined;
        if (!this.prepared || audio.paused || audio !== this.deck.audio) return;
        const again = this.plan();
        if (again && again.at - audio.currentTime > 0.004) this.armChange();
        // Prepared late, near the end already: the fade is what is left of the track.
        else this.change(again ? Math.max(0, Math.min(again.fade, again.end - audio.currentTime)) : 0);
      },
      Math.max(0, wait * 1000 - 2),
    );
  }

  private cancelChange(): void {
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
  }

  /** Starts the prepared track; the current one fades out over `fade` seconds (or runs out its padding). */
  private change(fade: number): void {
    this.cancelChange();
    const from = this.deck;
    this.prepared = false;
    this.swap();
    const to = this.deck;
    const context = this.context;
    if (context && fade > 0 && from.fadeNode && to.fadeNode) {
      const t0 = context.currentTime;
      from.fadeNode.gain.cancelScheduledValues(0);
      from.fadeNode.gain.setValueCurveAtTime(this.curves.out, t0, fade);
      to.fadeNode.gain.cancelScheduledValues(0);
      to.fadeNode.gain.setValueCurveAtTime(this.curves.in, t0, fade);
    } else {
      to.resetFade(1);
    }
    const remaining = Math.max(fade, (from.audio.duration || 0) - from.audio.currentTime);
    this.outgoing = { deck: from, timer: setTimeout(() => this.settle(), (remaining + 0.5) * 1000) };
    void this.play();
    this.announceSwap();
    this.dispatchEvent(new CustomEvent('advance', { detail: to.source }));
  }

  /** The change is over: the outgoing deck stops, the waiting prepare runs. */
  private settle(): void {
    if (!this.outgoing) return;
    clearTimeout(this.outgoing.timer);
    this.outgoing.deck.stop();
    this.outgoing = null;
    const pending = this.pendingPrepare;
    this.pendingPrepare = null;
    if (pending) void this.prepare(pending);
  }

  /** A pause, seek, load or stop during a crossfade ends it at once: only the new track remains, at full gain. */
  private interrupt(): void {
    this.cancelChange();
    if (!this.outgoing) return;
    this.deck.resetFade(1);
    this.settle();
  }

  private swap(): void {
    this.active = 1 - this.active;
    this.deck.audio.setAttribute('data-testid', ACTIVE_ID);
    this.standby.audio.setAttribute('data-testid', STANDBY_ID);
  }

  /** The UI follows the element playing now. */
  private announceSwap(): void {
    for (const type of ['level', 'durationchange', 'timeupdate']) this.dispatchEvent(new Event(type));
  }
}
