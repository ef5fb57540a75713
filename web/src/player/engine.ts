import type Hls from 'hls.js/light';
import type { TrackLossless } from '#core/protocol/catalog-views.ts';
import { isLosslessLevel, preferredStartLevel } from './lossless.ts';
import { normalisationGain } from './loudness.ts';

/**
 * The media element and what feeds it: hls.js wherever the browser has Media
 * Source Extensions, native HLS where it does not (iOS Safari). Volume
 * goes through a Web Audio gain node so loudness normalisation can also lift
 * quiet tracks; before the first user gesture it falls back to element volume.
 */

export interface EngineSource {
  /** The track's id, or the episode's when `kind` is episode. */
  trackId: string;
  /** Episodes play through the same element but are not tracks: no play reports, no Connect session. */
  kind?: 'track' | 'episode';
  /** The length the API knows (an episode's resume point may not pass it). */
  durationMs?: number | null;
  url: string;
  loudness_lufs?: number;
  /** The track's lossless rendition, when it has one (its master lists it only for premium listeners). */
  lossless?: TrackLossless | undefined;
}

type HlsClass = typeof Hls;
let hlsClass: Promise<HlsClass> | null = null;
const loadHls = () => (hlsClass ??= import('hls.js/light').then((m) => m.default));

export class AudioEngine extends EventTarget {
  readonly audio: HTMLAudioElement;
  private hls: Hls | null = null;
  private context: AudioContext | null = null;
  private gainNode: GainNode | null = null;
  private userVolume = 0.8;
  private trackGain = 1;
  source: EngineSource | null = null;
  /** Current rendition's bitrate (bits/s) as hls.js reports it; null with native HLS. */
  bitrate: number | null = null;
  /** Whether the rendition playing now is the lossless (FLAC) one. */
  lossless = false;

  constructor() {
    super();
    this.audio = document.createElement('audio');
    this.audio.preload = 'auto';
    this.audio.setAttribute('data-testid', 'audio');
    document.body.append(this.audio);
    for (const type of ['timeupdate', 'play', 'pause', 'ended', 'durationchange', 'waiting', 'playing', 'error']) {
      this.audio.addEventListener(type, () => this.dispatchEvent(new Event(type)));
    }
  }

  /** Routes audio through Web Audio; call from a user gesture so the context may start. */
  unlock(): void {
    if (this.context) {
      void this.context.resume();
      return;
    }
    try {
      this.context = new AudioContext();
      this.gainNode = this.context.createGain();
      this.context.createMediaElementSource(this.audio).connect(this.gainNode).connect(this.context.destination);
      void this.context.resume();
      this.applyVolume();
    } catch {
      this.context = null;
    }
  }

  async load(source: EngineSource, positionMs: number, autoplay: boolean): Promise<void> {
    this.source = source;
    this.trackGain = normalisationGain(source.loudness_lufs);
    this.applyVolume();
    this.bitrate = null;
    this.lossless = false;
    this.dispatchEvent(new Event('level'));
    // hls.js wherever Media Source Extensions exist (it gives ABR control and the bitrate); native HLS otherwise (iOS).
    const HlsJs = 'MediaSource' in window || 'ManagedMediaSource' in window ? await loadHls() : null;
    if (this.source !== source) return; // a newer load won
    this.hls?.destroy();
    this.hls = null;
    if (HlsJs?.isSupported()) {
      // Loading starts once the master is parsed, at the lossless level when there is one.
      const hls = new HlsJs({ startPosition: positionMs / 1000, maxBufferLength: 30, autoStartLoad: false });
      this.hls = hls;
      hls.on(HlsJs.Events.MANIFEST_PARSED, (_e, data) => {
        hls.startLevel = preferredStartLevel(data.levels);
        hls.startLoad(positionMs / 1000);
      });
      // The rendition playing now: reported when hls.js switches, and on each fragment that starts playing.
      const showLevel = (index: number) => {
        const level = hls.levels[index];
        const bitrate = level?.bitrate ?? null;
        const lossless = level ? isLosslessLevel(level) : false;
        if (bitrate === this.bitrate && lossless === this.lossless) return;
        this.bitrate = bitrate;
        this.lossless = lossless;
        this.dispatchEvent(new Event('level'));
      };
      hls.on(HlsJs.Events.LEVEL_SWITCHED, (_e, data) => showLevel(data.level));
      hls.on(HlsJs.Events.FRAG_CHANGED, (_e, data) => showLevel(data.frag.level));
      hls.on(HlsJs.Events.FRAG_BUFFERED, (_e, data) => this.bitrate === null && showLevel(data.frag.level));
      hls.on(HlsJs.Events.ERROR, (_e, data) => {
        if (data.fatal) this.dispatchEvent(new CustomEvent('fatal', { detail: data.details }));
      });
      hls.loadSource(source.url);
      hls.attachMedia(this.audio);
    } else {
      this.audio.src = source.url;
      this.audio.currentTime = positionMs / 1000;
    }
    if (autoplay) await this.play();
  }

  async play(): Promise<boolean> {
    try {
      await this.audio.play();
      return true;
    } catch (err) {
      // Autoplay refused (no user gesture yet on this page): the UI offers a button.
      if (err instanceof DOMException && err.name === 'NotAllowedError') this.dispatchEvent(new Event('blocked'));
      return false;
    }
  }

  pause(): void {
    this.audio.pause();
  }

  stop(): void {
    this.audio.pause();
    this.hls?.destroy();
    this.hls = null;
    this.source = null;
    this.audio.removeAttribute('src');
    this.audio.load();
  }

  seek(ms: number): void {
    this.audio.currentTime = ms / 1000;
  }

  get positionMs(): number {
    return Math.round(this.audio.currentTime * 1000);
  }

  get playing(): boolean {
    return !this.audio.paused && !this.audio.ended;
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
    return 20 * Math.log10(this.trackGain);
  }

  private applyVolume(): void {
    if (this.gainNode) {
      this.audio.volume = 1;
      this.gainNode.gain.value = this.userVolume * this.trackGain;
    } else {
      this.audio.volume = Math.min(1, this.userVolume * this.trackGain);
    }
  }
}
