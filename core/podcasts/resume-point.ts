/**
 * The one rule of when an episode counts as fully played, for saves from the
 * player (PUT /me/episodes/{id}/progress) and from listening reports alike:
 * once the position reaches its last 30 s (or last tenth, for short ones).
 */
const END_MARGIN_MS = 30_000;

export const reachedEnd = (positionMs: number, durationMs: number): boolean => positionMs >= durationMs - Math.min(END_MARGIN_MS, durationMs / 10);
