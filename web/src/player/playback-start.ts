import { MAX_PLAYBACK_START_MS, PLAYBACK_START_BEACON_PATH, type PlaybackStartBeacon } from '#core/protocol/playback-start.ts';

/**
 * Times a playback start: from the click on play to the audio element's
 * `playing`, sent once as a beacon (docs/observability.md reads the
 * percentiles). A click that never plays here (another device took it, the
 * autoplay was refused) is dropped once MAX_PLAYBACK_START_MS has passed.
 */
export class PlaybackStartTimer {
  private clickedAt: number | null = null;

  clicked(): void {
    this.clickedAt = performance.now();
  }

  playing(trackId: string | undefined, bitrate: number | null): void {
    if (this.clickedAt === null || !trackId) return;
    const ms = Math.round(performance.now() - this.clickedAt);
    this.clickedAt = null;
    if (ms > MAX_PLAYBACK_START_MS) return;
    const beacon: PlaybackStartBeacon = { ms, track_id: trackId, ...(bitrate ? { bitrate_kbps: Math.round(bitrate / 1000) } : {}) };
    // A Blob typed application/json, so the API's JSON body rule accepts it; sendBeacon carries no token, the route needs none.
    navigator.sendBeacon?.(PLAYBACK_START_BEACON_PATH, new Blob([JSON.stringify(beacon)], { type: 'application/json' }));
  }
}
