import type { ResumePoint } from '../types.ts';
import { formatTime } from '../ui/dom.ts';

export interface ResumeStatus {
  /** How much has been heard, 0 to 1. */
  heard: number;
  /** "Played", "12:30 left", or "" before it is started. */
  text: string;
  /** The play button's verb. */
  action: 'Play' | 'Resume' | 'Play again';
}

/** What a listener's resume point in an episode says about it. */
export function resumeStatus(point: ResumePoint, durationMs: number | null): ResumeStatus {
  if (point.fully_played) return { heard: 1, text: 'Played', action: 'Play again' };
  if (point.position_ms === 0) return { heard: 0, text: '', action: 'Play' };
  const heard = durationMs ? Math.min(1, point.position_ms / durationMs) : 0;
  return { heard, text: durationMs ? `${formatTime(durationMs - point.position_ms)} left` : `At ${formatTime(point.position_ms)}`, action: 'Resume' };
}

/** "45 min", or "1 h 5 min", for an episode's length. */
export function episodeLength(durationMs: number | null): string {
  if (!durationMs) return '';
  const minutes = Math.max(1, Math.round(durationMs / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const publishedOn = (iso: string): string => new Date(iso).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });
