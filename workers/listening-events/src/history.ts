import type { Outcome, PlayEvent } from '../../../core/protocol/listening.ts';
import { DAY_MS, MAX_MS_PLAYED, UNKNOWN_REGION } from '../../../core/protocol/listening.ts';
import { chunks } from './json-rows.ts';
import { dayStart, decideVerdicts, OVERLAP_SLACK_MS, type TrackDurations } from './verdicts.ts';

/** One reported play with who reported it, deduplicated by (user, event id). */
export interface ReportedPlay {
  userId: string;
  country: string | null;
  receivedAt: number;
  event: PlayEvent;
}

/** A play as recorded on the user shard: its verdict is the one every later delivery uses. */
export interface RecordedPlay {
  userId: string;
  eventId: string;
  trackId: string;
  startedAt: number;
  region: string;
  outcome: Outcome;
}

const PLAY_OUTCOMES_SQL = "outcome NOT IN ('unknown_track', 'short')";

/**
 * The stored verdict, unless a counted play of the same listener that overlaps
 * this one landed since it was decided (a concurrent batch for the same
 * listener): then it is `overlapping`, so counted plays never overlap even when
 * two consumers race. Same interval rule as decideVerdicts.
 */
const OUTCOME_SQL = `CASE WHEN value->>'o' = 'counted' AND EXISTS (
    SELECT 1 FROM listening_events l WHERE l.user_id = value->>'u' AND l.outcome = 'counted'
      AND l.started_at > value->>'s' - ${MAX_MS_PLAYED} AND l.started_at < value->>'s' + value->>'m' - ${OVERLAP_SLACK_MS}
      AND min(l.started_at + l.ms_played, value->>'s' + value->>'m') - max(l.started_at, value->>'s') > ${OVERLAP_SLACK_MS})
  THEN 'overlapping' ELSE value->>'o' END`;

/**
 * Appends the plays of this shard's listeners to their history, deciding each
 * new play's verdict against what is already on record, in one atomic batch
 * that also reads back the stored verdicts. A redelivered play keeps the verdict
 * it got the first time; the catalog stage counts from what this returns. Plays
 * of tracks that do not exist are decided and dropped: they are not history.
 */
export async function recordHistory(db: D1Database, plays: ReportedPlay[], durations: TrackDurations): Promise<RecordedPlay[]> {
  const keys = JSON.stringify(plays.map((p) => [p.userId, p.event.event_id]));
  const userIds = [...new Set(plays.map((p) => p.userId))];
  const firstStart = Math.min(...plays.map((p) => p.event.started_at));
  const lastStart = Math.max(...plays.map((p) => p.event.started_at));
  const lastEnd = Math.max(...plays.map((p) => p.event.started_at + p.event.ms_played));
  // Whole UTC days for the caps; as far as a play can reach for overlaps.
  const from = Math.min(dayStart(firstStart), firstStart - MAX_MS_PLAYED);
  const to = Math.max(dayStart(lastStart) + DAY_MS - 1, lastEnd);

  const [existing, prior, profiles] = await db.batch<Record<string, unknown>>([
    db.prepare('SELECT user_id, event_id FROM listening_events WHERE (user_id, event_id) IN (SELECT value->>0, value->>1 FROM json_each(?))').bind(keys),
    db
      .prepare(`SELECT user_id, event_id, track_id, started_at, ms_played, outcome FROM listening_events WHERE user_id IN (SELECT value FROM json_each(?)) AND started_at BETWEEN ? AND ? AND ${PLAY_OUTCOMES_SQL}`)
      .bind(JSON.stringify(userIds), from, to),
    db.prepare('SELECT id, country FROM users WHERE id IN (SELECT value FROM json_each(?))').bind(JSON.stringify(userIds)),
  ]);

  const known = new Set(existing!.results.map((r) => `${r.user_id}|${r.event_id}`));
  const fresh = plays.filter((p) => !known.has(`${p.userId}|${p.event.event_id}`));
  const profileCountry = new Map(profiles!.results.map((r) => [r.id as string, (r.country as string | null) ?? null]));
  const priorByUser = Map.groupBy(
    prior!.results.map((r) => ({
      userId: r.user_id as string,
      eventId: r.event_id as string,
      trackId: r.track_id as string,
      startedAt: r.started_at as number,
      msPlayed: r.ms_played as number,
      outcome: r.outcome as Outcome,
    })),
    (p) => p.userId,
  );

  const rows = [];
  for (const [userId, userPlays] of Map.groupBy(fresh, (p) => p.userId)) {
    const verdicts = decideVerdicts(
      userPlays.map((p) => ({ eventId: p.event.event_id, trackId: p.event.track_id, startedAt: p.event.started_at, msPlayed: p.event.ms_played })),
      priorByUser.get(userId) ?? [],
      durations,
    );
    for (const { country, receivedAt, event: e } of userPlays) {
      const outcome = verdicts.get(e.event_id)!;
      if (outcome === 'unknown_track') continue;
      rows.push({
        u: userId, e: e.event_id, t: e.track_id, s: e.started_at, m: e.ms_played, c: e.completed ? 1 : 0,
        d: e.device_id, x: e.session_id, q: e.quality,
        r: (country ?? profileCountry.get(userId) ?? UNKNOWN_REGION).toUpperCase(),
        a: receivedAt, o: outcome,
      });
    }
  }

  const inserts = chunks(rows).map((chunk) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO listening_events (user_id, event_id, track_id, started_at, ms_played, completed, device_id, session_id, quality, region, received_at, outcome)
         SELECT value->>'u', value->>'e', value->>'t', value->>'s', value->>'m', value->>'c', value->>'d', value->>'x', value->>'q', value->>'r', value->>'a', ${OUTCOME_SQL} FROM json_each(?)`,
      )
      .bind(JSON.stringify(chunk)),
  );
  const readBack = db
    .prepare('SELECT user_id, event_id, track_id, started_at, region, outcome FROM listening_events WHERE (user_id, event_id) IN (SELECT value->>0, value->>1 FROM json_each(?))')
    .bind(keys);
  const results = await db.batch<Record<string, unknown>>([...inserts, readBack]);
  return results.at(-1)!.results.map((r) => ({
    userId: r.user_id as string,
    eventId: r.event_id as string,
    trackId: r.track_id as string,
    startedAt: r.started_at as number,
    region: r.region as string,
    outcome: r.outcome as Outcome,
  }));
}
