import type { TrackLossless } from '#core/protocol/catalog-views.ts';
import { h } from '../ui/dom.ts';
import type { AudioEngine } from './engine.ts';

/**
 * The lossless rendition in the player: which hls.js level it is (the master
 * lists it as `CODECS="fLaC"` for premium listeners only; hls.js drops it where
 * MSE cannot play FLAC in MP4, and the AAC ladder plays instead), and the badge
 * that says so while it plays.
 */

/** hls.js reports the codec as the browser accepts it: `flac` in Chromium, `fLaC` elsewhere. */
export const isLosslessLevel = (level: { audioCodec?: string | undefined }): boolean => /^flac$/i.test(level.audioCodec ?? '');

/** The level to start at: the lossless one when the master offers it (ABR may still step down on a slow network), else hls.js's own choice (-1). */
export const preferredStartLevel = (levels: ReadonlyArray<{ audioCodec?: string | undefined }>): number => levels.findIndex(isLosslessLevel);

/** "Lossless · 24-bit/96 kHz", "Lossless · 16-bit/44.1 kHz"; just "Lossless" when the format is not known (an offline copy). */
export function losslessLabel(format: TrackLossless | undefined): string {
  if (!format) return 'Lossless';
  const khz = Number((format.sample_rate / 1000).toFixed(1));
  return `Lossless · ${format.bit_depth}-bit/${khz} kHz`;
}

/** The now-playing badge: shown while the lossless rendition plays, with the track's depth and rate. */
export function losslessBadge(engine: AudioEngine): HTMLElement {
  const badge = h('span', { className: 'lossless-badge', 'data-testid': 'lossless-badge', hidden: true });
  engine.addEventListener('level', () => {
    badge.hidden = !engine.lossless;
    badge.textContent = engine.lossless ? losslessLabel(engine.source?.lossless) : '';
    badge.title = engine.lossless ? 'Playing the lossless (FLAC) rendition' : '';
  });
  return badge;
}
