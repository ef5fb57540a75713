import { z } from 'zod';
import { parseUri } from './uris.ts';

/**
 * The contract between `POST /me/player/report` (producer) and the
 * listening-events worker (consumer): one queue message per accepted report.
 */

/** A report may carry at most this many events, and its body at most this many bytes. */
export const MAX_EVENTS_PER_REPORT = 50;
export const MAX_REPORT_BYTES = 64 * 1024;
/** No single play is longer than this; anything above is a broken or lying client. */
export const MAX_MS_PLAYED = 6 * 60 * 60 * 1000;
/** Clock skew we forgive a device whose timestamps run ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Devices may report plays they buffered offline for this long. */
export const MAX_EVENT_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** A play counts as a stream from this many milliseconds (with a signed-in listener). */
export const COUNTED_STREAM_MS = 30_000;

const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

/** `started_at` as an ISO 8601 timestamp with offset, or epoch milliseconds. */
const timestamp = z.union([z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)), z.number().int().positive()]);

/** What a play was played from: an album, artist or playlist URI (`encore:album:{id}`); a track is no context. */
export const PlayContextUri = z
  .string()
  .max(100)
  .refine((u) => ['album', 'artist', 'playlist'].includes(parseUri(u)?.kind ?? ''), 'an encore:album:, encore:artist: or encore:playlist: URI');

/**
 * One play of a track (`track_id`) or of a podcast episode (`episode_id`), exactly one of them.
 * An episode play also moves the listener's resume point: to `position_ms`, where the play
 * stopped in the episode, or without it to `ms_played` (a play from the start).
 */
export const PlayEventInput = z
  .object({
    event_id: identifier,
    track_id: identifier.optional(),
    episode_id: identifier.optional(),
    started_at: timestamp,
    ms_played: z.number().int().min(0).max(MAX_MS_PLAYED),
    completed: z.boolean().default(false),
    position_ms: z.number().int().min(0).max(MAX_MS_PLAYED).optional(),
    device_id: identifier.nullish(),
    session_id: identifier.nullish(),
    quality: z.string().max(32).nullish(),
    context_uri: PlayContextUri.nullish(),
  })
  .refine((e) => (e.track_id === undefined) !== (e.episode_id === undefined), { message: 'give a track_id or an episode_id (one of them)', path: ['track_id'] })
  .refine((e) => e.position_ms === undefined || e.episode_id !== undefined, { message: 'position_ms is for episode plays', path: ['position_ms'] });
export type PlayEventInput = z.infer<typeof PlayEventInput>;

/** The request body; batch-level rules (count, duplicates, time) are checked after parsing, see report validation. */
export const ReportBody = z.object({ events: z.array(PlayEventInput).min(1) });

/** One play as it travels on the queue: times in epoch ms, optional fields normalised to null. */
export const PlayEvent = z.object({
  event_id: z.string(),
  track_id: z.string(),
  started_at: z.number().int(),
  ms_played: z.number().int().min(0),
  completed: z.boolean(),
  device_id: z.string().nullable(),
  session_id: z.string().nullable(),
  quality: z.string().nullable(),
  /** Absent in messages queued before contexts were recorded. */
  context_uri: z.string().nullish(),
});
export type PlayEvent = z.infer<typeof PlayEvent>;

/** One play of a podcast episode on the queue: it moves the listener's resume point (never a stream count). */
export const EpisodePlayEvent = z.object({
  event_id: z.string(),
  episode_id: z.string(),
  started_at: z.number().int(),
  ms_played: z.number().int().min(0),
  completed: z.boolean(),
  /** Where the play stopped in the episode; null: it played from the start, so at `ms_played`. */
  position_ms: z.number().int().min(0).nullable(),
  device_id: z.string().nullable(),
});
export type EpisodePlayEvent = z.infer<typeof EpisodePlayEvent>;

/**
 * `events` are track plays, `episode_events` episode plays (absent in messages
 * queued before episodes were reported); a report has at least one of either.
 */
export const ListeningMessage = z
  .object({
    v: z.literal(1),
    user_id: z.string(),
    /** ISO 3166-1 alpha-2 of the request, or null when the edge did not say; the consumer then uses the user's profile. */
    country: z.string().length(2).nullable(),
    received_at: z.number().int(),
    events: z.array(PlayEvent).max(MAX_EVENTS_PER_REPORT),
    episode_events: z.array(EpisodePlayEvent).max(MAX_EVENTS_PER_REPORT).optional(),
  })
  .refine((m) => m.events.length + (m.episode_events?.length ?? 0) >= 1, 'a report carries at least one event');
export type ListeningMessage = z.infer<typeof ListeningMessage>;

/**
 * Why an event did or did not become a stream; stored with every event of a
 * known track on the listener's shard (`unknown_track` plays are answered and
 * dropped, never stored). `overlapping`: the listener was already counted for a
 * play at that time.
 */
export const outcomes = ['counted', 'short', 'unknown_track', 'fraud_hourly_cap', 'fraud_daily_track_cap', 'fraud_longer_than_track', 'overlapping'] as const;
export type Outcome = (typeof outcomes)[number];

/** Region code used when neither the request nor the profile names a country. */
export const UNKNOWN_REGION = 'ZZ';

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** The UTC day a play belongs to, `YYYY-MM-DD`: the bucket of daily counts and royalties. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The start of the UTC hour a play belongs to: the bucket trending reads. */
export function utcHour(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}
