import { and, between, notInArray, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { listeningEvents } from '#core/db/users-history.ts';
import { users } from '#core/db/users-schema.ts';
import type { PlayEvent } from '#core/protocol/listening.ts';
import { DAY_MS, MAX_MS_PLAYED, UNKNOWN_REGION } from '#core/protocol/listening.ts';
import { chunks, inJsonArray, pairInJsonArray } from './json-rows.ts';
import { dayStart, decideVerdicts, OVERLAP_SLACK_MS, type TrackDurations } from './verdicts.ts';

/** One reported play with who reported it, deduplicated by (user, event id). */
export interface ReportedPlay {
  userId: string;
  country: string | null;
  receivedAt: number;
  event: PlayEvent;
}

/** A play as recorded on the user shard: its verdict is the one every later delivery uses. */
export type RecordedPlay = Pick<typeof listeningEvents.$inferSelect, 'userId' | 'eventId' | 'trackId' | 'startedAt' | 'region' | 'outcome'>;

/** The plays the caps and overlap rules look back over (not those of unknown tracks, nor too short to count). */
const lookedBackOver = () => notInArray(listeningEvents.outcome, ['unknown_track', 'short']);

/** A new play as it travels to D1 inside the bound JSON array: a row of listening_events, keyed by its drizzle field names. */
type NewPlayRow = typeof listeningEvents.$inferInsert;

/**
 * The stored verdict, unless a counted play of the same listener that overlaps
 * this one landed since it was decided (a concurrent batch for the same
 * listener): then it is `overlapping`, so counted plays never overlap even when
 * two consumers race. Same interval rule as decideVerdicts.
 */
const OUTCOME_SQL = `CASE WHEN value->>'outcome' = 'counted' AND EXISTS (
    SELECT 1 FROM listening_events l WHERE l.user_id = value->>'userId' AND l.outcome = 'counted'
      AND l.started_at > value->>'startedAt' - ${MAX_MS_PLAYED} AND l.started_at < value->>'startedAt' + value->>'msPlayed' - ${OVERLAP_SLACK_MS}
      AND min(l.started_at + l.ms_played, value->>'startedAt' + value->>'msPlayed') - max(l.started_at, value->>'startedAt') > ${OVERLAP_SLACK_MS})
  THEN 'overlapping' ELSE value->>'outcome' END`;

/** The rows of one chunk of new plays, read from one bound JSON array in the table's column order, with their verdicts. */
function playRows(chunk: NewPlayRow[]) {
  return sql`SELECT value->>'userId', value->>'eventId', value->>'trackId', value->>'startedAt', value->>'msPlayed', value->>'completed', value->>'deviceId',
      value->>'sessionId', value->>'quality', value->>'region', value->>'receivedAt', ${sql.raw(OUTCOME_SQL)}, value->>'contextUri'
    FROM json_each(${JSON.stringify(chunk)}) WHERE true`;
}

/**
 * Appends the plays of this shard's listeners to their history, deciding each
 * new play's verdict against what is already on record, in one atomic batch
 * that also reads back the stored verdicts. A redelivered play keeps the verdict
 * it got the first time; the catalog stage counts from what this returns. Plays
 * of tracks that do not exist are decided and dropped: they are not history.
 */
export async function recordHistory(d1: D1Database, plays: ReportedPlay[], durations: TrackDurations): Promise<RecordedPlay[]> {
  const db = drizzle(d1);
  const keys = plays.map((p) => [p.userId, p.event.event_id] as const);
  const userIds = [...new Set(plays.map((p) => p.userId))];
  const firstStart = Math.min(...plays.map((p) => p.event.started_at));
  const lastStart = Math.max(...plays.map((p) => p.event.started_at));
  const lastEnd = Math.max(...plays.map((p) => p.event.started_at + p.event.ms_played));
  // Whole UTC days for the caps; as far as a play can reach for overlaps.
  const from = Math.min(dayStart(firstStart), firstStart - MAX_MS_PLAYED);
  const to = Math.max(dayStart(lastStart) + DAY_MS - 1, lastEnd);
  const ev = listeningEvents;
  const thesePlays = pairInJsonArray(ev.userId, ev.eventId, keys);

  const [existing, prior, profiles] = await db.batch([
    db.select({ userId: ev.userId, eventId: ev.eventId }).from(ev).where(thesePlays),
    db
      .select({ userId: ev.userId, eventId: ev.eventId, trackId: ev.trackId, startedAt: ev.startedAt, msPlayed: ev.msPlayed, outcome: ev.outcome })
      .from(ev)
      .where(and(inJsonArray(ev.userId, userIds), between(ev.startedAt, from, to), lookedBackOver())),
    db.select({ id: users.id, country: users.country }).from(users).where(inJsonArray(users.id, userIds)),
  ]);

  const known = new Set(existing.map((r) => `${r.userId}|${r.eventId}`));
  const fresh = plays.filter((p) => !known.has(`${p.userId}|${p.event.event_id}`));
  const profileCountry = new Map(profiles.map((r) => [r.id, r.country]));
  const priorByUser = Map.groupBy(prior, (p) => p.userId);

  const rows: NewPlayRow[] = [];
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
        userId,
        eventId: e.event_id,
        trackId: e.track_id,
        startedAt: e.started_at,
        msPlayed: e.ms_played,
        completed: e.completed,
        deviceId: e.device_id,
        sessionId: e.session_id,
        quality: e.quality,
        region: (country ?? profileCountry.get(userId) ?? UNKNOWN_REGION).toUpperCase(),
        receivedAt,
        outcome,
        contextUri: e.context_uri ?? null,
      });
    }
  }

  // A play already on record keeps its row (`WHERE true` above lets SQLite parse the ON CONFLICT after a SELECT).
  const inserts = chunks(rows).map((chunk) => db.insert(ev).select(playRows(chunk)).onConflictDoNothing());
  const readBack = db
    .select({ userId: ev.userId, eventId: ev.eventId, trackId: ev.trackId, startedAt: ev.startedAt, region: ev.region, outcome: ev.outcome })
    .from(ev)
    .where(thesePlays);
  // The read-back comes last, so it sees what the inserts just wrote.
  const [first, ...rest] = [...inserts, readBack];
  const recorded = (await db.batch([first!, ...rest])).at(-1);
  return Array.isArray(recorded) ? recorded : [];
}
