import { api } from '../api.ts';
import type { AudioEngine } from './engine.ts';

/** How often a playing episode's place is saved; a pause, the end and leaving the page save it at once. */
const SAVE_EVERY_MS = 10_000;
/** A save this close to the last one adds nothing (a pause right after a periodic save). */
const SAME_PLACE_MS = 1_000;

/**
 * Saves the resume point of the episode the engine plays
 * (`PUT /me/episodes/{id}/progress`), so every device of the listener resumes
 * from it: about every 10 s while it plays, and on pause, end and page hide.
 */
export function saveEpisodeProgress(engine: AudioEngine): void {
  let episodeId: string | null = null;
  let lastSavedAt = 0;
  let lastPosition = -SAME_PLACE_MS;

  function save(keepalive = false) {
    const source = engine.source;
    if (source?.kind !== 'episode' || source.trackId !== episodeId) return;
    // The API refuses a place past the end it knows; the media may run a few ms longer.
    const position = Math.min(engine.positionMs, source.durationMs ?? Number.POSITIVE_INFINITY);
    if (Math.abs(position - lastPosition) < SAME_PLACE_MS) return;
    lastSavedAt = Date.now();
    lastPosition = position;
    void api('PUT', `/api/v1/me/episodes/${encodeURIComponent(source.trackId)}/progress`, { position_ms: position }, { keepalive }).catch(() => {
      lastPosition = -SAME_PLACE_MS; // the next tick tries again
    });
  }

  engine.addEventListener('timeupdate', () => {
    const source = engine.source;
    if (source?.kind !== 'episode') return;
    if (source.trackId !== episodeId) {
      // A new episode starts at its saved place: nothing to save until it moves on.
      episodeId = source.trackId;
      lastSavedAt = Date.now();
      lastPosition = engine.positionMs;
      return;
    }
    if (engine.playing && Date.now() - lastSavedAt >= SAVE_EVERY_MS) save();
  });
  engine.addEventListener('pause', () => save());
  engine.addEventListener('ended', () => save());
  addEventListener('pagehide', () => save(true));
}
