import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BadRequest, PayloadTooLarge, ServiceUnavailable, Unprocessable } from '#core/errors.ts';
import { describeIssue } from '#core/http/validation.ts';
import { log } from '#core/log.ts';
import {
  CLOCK_SKEW_MS,
  MAX_EVENT_AGE_MS,
  MAX_EVENTS_PER_REPORT,
  MAX_REPORT_BYTES,
  ReportBody,
  type EpisodePlayEvent,
  type ListeningMessage,
  type PlayEvent,
} from '#core/protocol/listening.ts';

/** Hono's bodyLimit with the report's own error code: a declared or streamed size over the cap is refused, at most the cap is buffered. */
const reportBodyLimit = bodyLimit({
  maxSize: MAX_REPORT_BYTES,
  onError: () => {
    throw new PayloadTooLarge(`A report body may be at most ${MAX_REPORT_BYTES} bytes.`, 'report_too_large');
  },
});

/** Reads a report body of at most MAX_REPORT_BYTES, whatever Content-Length claims (or omits). */
export async function readReportBody(c: Context): Promise<unknown> {
  if (!c.req.raw.body) throw new BadRequest('The request needs a JSON body.', 'malformed_json');
  await reportBodyLimit(c, async () => {});
  try {
    return await c.req.raw.json();
  } catch {
    throw new BadRequest('The body is not valid JSON.', 'malformed_json');
  }
}

/** Checks a parsed report against the report rules (core/protocol/listening.ts) and turns it into the queue message. */
export function toListeningMessage(raw: unknown, userId: string, country: string | null, receivedAt: number): ListeningMessage {
  const events = (raw as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > MAX_EVENTS_PER_REPORT) {
    throw new PayloadTooLarge(`A report may carry at most ${MAX_EVENTS_PER_REPORT} events; this one has ${events.length}.`, 'too_many_events');
  }
  const parsed = ReportBody.safeParse(raw);
  if (!parsed.success) {
    throw new Unprocessable(describeIssue(parsed.error, { root: 'body' }));
  }

  const seen = new Set<string>();
  const tracks: PlayEvent[] = [];
  const episodes: EpisodePlayEvent[] = [];
  parsed.data.events.forEach((e, i) => {
    if (seen.has(e.event_id)) throw new Unprocessable(`events.${i}.event_id: ${e.event_id} appears more than once in this report.`, 'duplicate_event_id');
    seen.add(e.event_id);
    if (e.started_at + e.ms_played > receivedAt + CLOCK_SKEW_MS) {
      throw new Unprocessable(`events.${i}: a play cannot start or end in the future.`, 'event_in_future');
    }
    if (e.started_at < receivedAt - MAX_EVENT_AGE_MS) {
      throw new Unprocessable(`events.${i}.started_at: plays older than ${MAX_EVENT_AGE_MS / 86_400_000} days are no longer accepted.`, 'event_too_old');
    }
    const common = { event_id: e.event_id, started_at: e.started_at, ms_played: e.ms_played, completed: e.completed, device_id: e.device_id ?? null };
    if (e.episode_id !== undefined) {
      episodes.push({ ...common, episode_id: e.episode_id, position_ms: e.position_ms ?? null });
      return;
    }
    tracks.push({
      ...common,
      track_id: e.track_id!,
      session_id: e.session_id ?? null,
      quality: e.quality ?? null,
      context_uri: e.context_uri ?? null,
    });
  });
  // Messages without episode plays keep the shape consumers from before episodes read.
  return { v: 1, user_id: userId, country, received_at: receivedAt, events: tracks, ...(episodes.length ? { episode_events: episodes } : {}) };
}

/** One message per report, carrying all its events, on the listener's queue (`listeningQueueFor`). */
export async function enqueue(queue: Queue, message: ListeningMessage): Promise<void> {
  try {
    await queue.send(message, { contentType: 'json' });
  } catch (err) {
    log('error', 'listening_queue_send_failed', { worker: 'api', error: err });
    throw new ServiceUnavailable('Listening events cannot be recorded right now; send the report again shortly.', 5, 'queue_unavailable');
  }
}
