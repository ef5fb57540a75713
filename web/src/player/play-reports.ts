import { MAX_EVENTS_PER_REPORT, type PlayEventInput } from '#core/protocol/listening.ts';
import { ApiError, api } from '../api.ts';

/** A position step larger than this between two samples is a seek, not listening. */
const MAX_STEP_MS = 15_000;
/** Finished plays wait at most this long before they are sent. */
const SEND_EVERY_MS = 30_000;

interface CurrentPlay {
  event: Omit<PlayEventInput, 'ms_played' | 'completed'>;
  msPlayed: number;
  lastPositionMs: number;
}

export interface PlaySample {
  trackId: string;
  positionMs: number;
  playing: boolean;
  contextUri: string | null;
  quality: string | null;
}

/**
 * Reports what this device played (POST /api/v1/me/player/report), so its plays
 * count and show in the listener's history: each play is one event, sent once it
 * has finished (the next track, the end, or the page going away), with the time
 * actually listened (seeks are not listening). Events are sent in batches; a
 * failed send keeps them for the next one, and the server counts each event id once.
 */
export class PlayReporter {
  private current: CurrentPlay | null = null;
  private pending: PlayEventInput[] = [];
  private lastSent = Date.now();
  private readonly sessionId = crypto.randomUUID();

  constructor(private readonly deviceId: string) {
    addEventListener('pagehide', () => {
      this.finish(false);
      void this.send(true);
    });
  }

  /** Called while this device plays (every few seconds and on changes). */
  sample(s: PlaySample): void {
    if (this.current && this.current.event.track_id !== s.trackId) this.finish(false);
    if (!this.current) {
      this.current = {
        event: {
          event_id: crypto.randomUUID(),
          track_id: s.trackId,
          started_at: Date.now() - s.positionMs,
          device_id: this.deviceId,
          session_id: this.sessionId,
          quality: s.quality,
          context_uri: s.contextUri,
        },
        msPlayed: 0,
        lastPositionMs: s.positionMs,
      };
      return;
    }
    const step = s.positionMs - this.current.lastPositionMs;
    if (s.playing && step > 0 && step <= MAX_STEP_MS) this.current.msPlayed += step;
    this.current.lastPositionMs = s.positionMs;
    if (Date.now() - this.lastSent >= SEND_EVERY_MS) void this.send();
  }

  /** The play in progress ended: at the end of the track (`completed`), or because another started. */
  finish(completed: boolean): void {
    const play = this.current;
    this.current = null;
    if (!play || play.msPlayed <= 0) return;
    this.pending.push({ ...play.event, ms_played: Math.round(play.msPlayed), completed });
    void this.send();
  }

  private async send(leaving = false): Promise<void> {
    if (!this.pending.length) return;
    const events = this.pending.splice(0, MAX_EVENTS_PER_REPORT);
    this.lastSent = Date.now();
    try {
      await api('POST', '/api/v1/me/player/report', { events }, { keepalive: leaving });
    } catch (err) {
      // A report the API refuses as invalid would be refused again: drop it.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) return;
      // Offline or unavailable for now: keep them for the next send (the server counts an event id once).
      if (!leaving) this.pending.unshift(...events.slice(0, MAX_EVENTS_PER_REPORT - this.pending.length));
    }
  }
}
