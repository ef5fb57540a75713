import type Hls from 'hls.js/light';
import { encoderDelay, type EncoderDelay } from './edit-list.ts';
import type { EngineSource } from './engine.ts';
import { isLosslessLevel, preferredStartLevel } from './lossless.ts';
import { normalisationGain } from './loudness.ts';

/**
 * One deck of the player: a media element fed by hls.js wherever the browser
 * has Media Source Extensions (native HLS where it does not: iOS Safari), and,
 * once Web Audio runs, its own two gains: the track's loudness normalisation
 * and the fade that crossfades move. The engine (engine.ts) has two decks, so
 * the next track can be loaded and buffered while this one plays.
 */

type HlsClass = typeof Hls;
let hlsClass: Promise<HlsClass> | null = null;
const loadHls = () => (hlsClass ??= import('hls.js/light').then((m) => m.default));

export const MEDIA_EVENTS = ['timeupdate', 'play', 'pause', 'ended', 'durationchange', 'waiting', 'playing', 'error', 'seeked', 'ratechange'] as const;

export class Deck extends EventTarget {
  readonly audio: HTMLAudioElement;
  private hls: Hls | null = null;
  source: EngineSource | null = null;
  /** Current rendition's bitrate (bits/s) as hls.js reports it; null with native HLS. */
  bitrate: number | null = null;
  /** Whether the rendition playing now is the lossless (FLAC) one. */
  lossless = false;
  /** The track's loudness normalisation, linear. */
  loudness = 1;
  /** The encoder delay, once the init segment is in (see edit-list.ts). */
  delay: EncoderDelay | null = null;
  private loudnessNode: GainNode | null = null;
  fadeNode: GainNode | null = null;

  constructor(testId: string) {
    super();
    this.audio = document.createElement('audio');
    this.audio.preload = 'auto';
    this.audio.setAttribute('data-testid', testId);
    document.body.append(this.audio);
  }

  /** Routes the element through its gains into `output` (the engine's volume). */
  connect(context: AudioContext, output: AudioNode): void {
    this.loudnessNode = context.createGain();
    this.fadeNode = context.createGain();
    this.loudnessNode.gain.value = this.loudness;
    context.createMediaElementSource(this.audio).connect(this.loudnessNode).connect(this.fadeNode).connect(output);
  }

  get webAudio(): boolean {
    return this.fadeNode !== null;
  }

  /** Loads `source` paused at `positionMs`; false when a newer load replaced it meanwhile. */
  async load(source: EngineSource, positionMs: number): Promise<boolean> {
    this.source = source;
    this.loudness = normalisationGain(source.loudness_lufs);
    if (this.loudnessNode) this.loudnessNode.gain.value = this.loudness;
    this.bitrate = null;
    this.lossless = false;
    this.delay = null;
    this.dispatchEvent(new Event('level'));
    const HlsJs = 'MediaSource' in window || 'ManagedMediaSource' in window ? await loadHls() : null;
    if (this.source !== source) return false;
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
      hls.on(HlsJs.Events.FRAG_BUFFERED, (_e, data) => {
        if (this.bitrate === null) showLevel(data.frag.level);
        const init = data.frag.initSegment?.data;
        if (!this.delay && init) this.delay = encoderDelay(init);
      });
      hls.on(HlsJs.Events.ERROR, (_e, data) => {
        if (data.fatal) this.dispatchEvent(new CustomEvent('fatal', { detail: data.details }));
      });
      hls.loadSource(source.url);
      hls.attachMedia(this.audio);
    } else {
      this.audio.src = source.url;
      this.audio.currentTime = positionMs / 1000;
    }
    return true;
  }

  /**
   * Where the source's own audio ends on the media timeline: the priming plus
   * the exact decoded length the API knows, before the encoder's padding.
   */
  get contentEndSeconds(): number | null {
    const durationMs = this.source?.durationMs;
    if (durationMs != null) return (this.delay?.primingSeconds ?? 0) + durationMs / 1000;
    return Number.isFinite(this.audio.duration) ? this.audio.duration : null;
  }

  get lengthSeconds(): number {
    const durationMs = this.source?.durationMs;
    return durationMs != null ? durationMs / 1000 : Number.isFinite(this.audio.duration) ? this.audio.duration : 0;
  }

  /** The fade gain back at 1, any running curve dropped. */
  resetFade(value = 1): void {
    if (!this.fadeNode) return;
    this.fadeNode.gain.cancelScheduledValues(0);
    this.fadeNode.gain.value = value;
  }

  stop(): void {
    this.audio.pause();
    this.hls?.destroy();
    this.hls = null;
    this.source = null;
    this.delay = null;
    this.bitrate = null;
    this.lossless = false;
    this.audio.removeAttribute('src');
    this.audio.load();
    this.resetFade();
  }
}
