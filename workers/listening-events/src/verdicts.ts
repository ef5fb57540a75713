import { COUNTED_STREAM_MS, DAY_MS, MAX_MS_PLAYED, utcDay, utcHour, type Outcome } from '#core/protocol/listening.ts';

/** Fraud rules (issue 6). A listener's plays above these caps, or longer than the track, never count. */
export const MAX_PLAYS_PER_HOUR = 500;
export const MAX_SAME_TRACK_PLAYS_PER_DAY = 100;
/** Players round and buffer; a play may overrun the track by this much before it is implausible. */
export const DURATION_SLACK_MS = 5_000;
/**
 * Two plays of one listener may share this much time and both count: a crossfade,
 * clock rounding, a hand-off from one device to another whose clock runs ahead.
 */
export const OVERLAP_SLACK_MS = 5_000;

/** A play already on record that the rules look back over. */
export interface PriorPlay {
  eventId: string;
  trackId: string;
  startedAt: number;
  msPlayed: number;
  outcome: Outcome;
}

export type NewEvent = Omit<PriorPlay, 'outcome'>;

/** `undefined`: no such track; `null`: the track exists but its duration is not known yet. */
export type TrackDurations = Map<string, number | null>;

/**
 * Decides, for one listener, what each new event is. The caps count plays (known
 * track, ≥ 30 s, whatever their verdict, so a bot stays capped) per UTC clock
 * hour and per track per UTC day: everything already on record in that bucket,
 * however late it arrived, plus the new plays before this one in (started_at,
 * event_id) order. A play that would be the 501st of its hour, or the 101st of
 * its track that day, is fraud. A listener plays one thing at a time, so a play
 * whose [started_at, started_at + ms_played) shares more than OVERLAP_SLACK_MS
 * with a counted play (on record, or decided before it here) is `overlapping`:
 * counted plays never overlap, on whatever devices. Reporting plays out of order
 * gains nothing, and the same inputs always give the same verdicts.
 */
export function decideVerdicts(events: NewEvent[], prior: PriorPlay[], durations: TrackDurations): Map<string, Outcome> {
  const perHour = new Map<number, number>();
  const perTrackDay = new Map<string, number>();
  const bump = <K>(counts: Map<K, number>, key: K) => {
    const before = counts.get(key) ?? 0;
    counts.set(key, before + 1);
    return before;
  };
  const counted = new CountedPlays();
  for (const p of prior) {
    bump(perHour, utcHour(p.startedAt));
    bump(perTrackDay, `${p.trackId}|${utcDay(p.startedAt)}`);
    if (p.outcome === 'counted') counted.add(p);
  }

  const verdicts = new Map<string, Outcome>();
  for (const e of [...events].sort(byTime)) {
    const duration = durations.get(e.trackId);
    if (!durations.has(e.trackId)) verdicts.set(e.eventId, 'unknown_track');
    else if (e.msPlayed < COUNTED_STREAM_MS) verdicts.set(e.eventId, 'short');
    else {
      const playsThisHour = bump(perHour, utcHour(e.startedAt));
      const sameTrackToday = bump(perTrackDay, `${e.trackId}|${utcDay(e.startedAt)}`);
      if (duration != null && e.msPlayed > duration + DURATION_SLACK_MS) verdicts.set(e.eventId, 'fraud_longer_than_track');
      else if (playsThisHour >= MAX_PLAYS_PER_HOUR) verdicts.set(e.eventId, 'fraud_hourly_cap');
      else if (sameTrackToday >= MAX_SAME_TRACK_PLAYS_PER_DAY) verdicts.set(e.eventId, 'fraud_daily_track_cap');
      else if (counted.overlaps(e)) verdicts.set(e.eventId, 'overlapping');
      else {
        verdicts.set(e.eventId, 'counted');
        counted.add(e);
      }
    }
  }
  return verdicts;
}

/** A listener's counted plays ordered by start, asked whether a new play overlaps any of them. */
class CountedPlays {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  add(p: NewEvent): void {
    const at = this.firstStartingAtOrAfter(p.startedAt);
    this.starts.splice(at, 0, p.startedAt);
    this.ends.splice(at, 0, p.startedAt + p.msPlayed);
  }

  overlaps(p: NewEvent): boolean {
    const start = p.startedAt;
    const end = p.startedAt + p.msPlayed;
    // Only plays starting before this one ends can overlap it, and none lasts longer than MAX_MS_PLAYED.
    for (let i = this.firstStartingAtOrAfter(end - OVERLAP_SLACK_MS) - 1; i >= 0 && this.starts[i]! > start - MAX_MS_PLAYED; i--) {
      if (Math.min(end, this.ends[i]!) - Math.max(start, this.starts[i]!) > OVERLAP_SLACK_MS) return true;
    }
    return false;
  }

  private firstStartingAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The caps look at whole UTC days: every bucket a play can fall in starts at or after its day's start. */
export function dayStart(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

function byTime(a: NewEvent, b: NewEvent): number {
  return a.startedAt - b.startedAt || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}
