/**
 * The crossfade setting (0–12 s, remembered on this device) and the
 * equal-power curves that run on the two decks' gains: cos/sin keep the summed
 * power constant, so the mix does not dip in the middle as a linear fade does.
 * 0 s is gapless playback: the next track starts where the current one ends.
 */

export const MAX_CROSSFADE_SECONDS = 12;
const STORAGE_KEY = 'encore.crossfadeSeconds';
const CURVE_POINTS = 256;

export function crossfadeSeconds(): number {
  const stored = Number(localStorage.getItem(STORAGE_KEY) ?? 0);
  return Number.isFinite(stored) ? Math.min(MAX_CROSSFADE_SECONDS, Math.max(0, Math.round(stored))) : 0;
}

export function setCrossfadeSeconds(seconds: number): void {
  localStorage.setItem(STORAGE_KEY, String(Math.min(MAX_CROSSFADE_SECONDS, Math.max(0, Math.round(seconds)))));
}

/** Gain curves for the outgoing (cos, 1 → 0) and incoming (sin, 0 → 1) track. */
export function equalPowerCurves(points = CURVE_POINTS): { out: Float32Array; in: Float32Array } {
  const out = new Float32Array(points);
  const incoming = new Float32Array(points);
  for (let i = 0; i < points; i++) {
    const theta = (i / (points - 1)) * (Math.PI / 2);
    out[i] = Math.cos(theta);
    incoming[i] = Math.sin(theta);
  }
  return { out, in: incoming };
}

/** The fade actually used between two tracks: never more than half of either, so short tracks still play mostly alone. */
export function fadeSeconds(setting: number, currentSeconds: number, nextSeconds: number): number {
  return Math.max(0, Math.min(setting, currentSeconds / 2, nextSeconds / 2));
}
