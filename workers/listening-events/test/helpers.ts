import { createExecutionContext, createMessageBatch, getQueueResult, type QueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { listeningQueueName } from '#core/listening-queues.ts';
import { newIdOn, shardOfId } from '#core/shards.ts';
import type { ListeningMessage, PlayEvent } from '#core/protocol/listening.ts';
import worker from '../src/index.ts';

/** The queue a batch comes from unless a test names one: the first of the listening-report queues. */
export const QUEUE = listeningQueueName(0);
export const MINUTE = 60_000;
/** A fixed hour in the past, so day and hour buckets are predictable: 2026-11-02T10:00:00Z. */
export const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);

export function catalog(shard: number): D1Database {
  return (env as unknown as Record<string, D1Database>)[`CATALOG_${shard}`]!;
}

export function users(shard: number): D1Database {
  return (env as unknown as Record<string, D1Database>)[`USERS_${shard}`]!;
}

/** A real track row (and its artist) in a catalog shard. */
export async function seedTrack(shard: number, durationMs: number | null = 200_000, artistId = newIdOn(env, 'art', shard)): Promise<string> {
  const trackId = newIdOn(env, 'trk', shard);
  await catalog(shard).batch([
    catalog(shard).prepare("INSERT OR IGNORE INTO artists (id, name) VALUES (?, 'Test Artist')").bind(artistId),
    catalog(shard)
      .prepare("INSERT INTO tracks (id, artist_id, title, duration_ms, status) VALUES (?, ?, ?, ?, 'ready')")
      .bind(trackId, artistId, `Track ${trackId}`, durationMs),
  ]);
  return trackId;
}

/** A real account row in a user shard. */
export async function seedUser(shard: number, country: string | null = null): Promise<string> {
  const id = newIdOn(env, 'usr', shard);
  await users(shard)
    .prepare("INSERT INTO users (id, email, password_hash, display_name, role, country) VALUES (?, ?, 'x', 'Listener', 'listener', ?)")
    .bind(id, `${id}@example.com`, country)
    .run();
  return id;
}

export function play(trackId: string, startedAt: number, msPlayed = 60_000, eventId: string = crypto.randomUUID()): PlayEvent {
  return {
    event_id: eventId,
    track_id: trackId,
    started_at: startedAt,
    ms_played: msPlayed,
    completed: false,
    device_id: 'dev-1',
    session_id: null,
    quality: 'high',
  };
}

/** Reports of at most 50 events, the way the api enqueues them. */
export function reports(userId: string, events: PlayEvent[], country: string | null = 'SE'): ListeningMessage[] {
  const out: ListeningMessage[] = [];
  for (let i = 0; i < events.length; i += 50) out.push({ v: 1, user_id: userId, country, received_at: T0 + 2 * 60 * MINUTE, events: events.slice(i, i + 50) });
  return out;
}

let messageCounter = 0;

/** Delivers messages to the consumer as one batch of `queue` and returns what it acked and retried. */
export async function deliver(bodies: unknown[], attempts = 1, queue = QUEUE): Promise<QueueResult> {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: `msg-${++messageCounter}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

export async function dailyStreams(trackId: string): Promise<number> {
  const shard = shardOfId(env, 'CATALOG', trackId);
  const row = await catalog(shard)
    .prepare('SELECT coalesce(sum(streams), 0) AS n FROM track_daily_streams WHERE track_id = ?')
    .bind(trackId)
    .first<{ n: number }>();
  return row!.n;
}

export async function regionStreams(trackId: string, region: string): Promise<number> {
  const shard = shardOfId(env, 'CATALOG', trackId);
  const row = await catalog(shard)
    .prepare('SELECT coalesce(sum(streams), 0) AS n FROM track_region_hourly_streams WHERE track_id = ? AND region = ?')
    .bind(trackId, region)
    .first<{ n: number }>();
  return row!.n;
}

export async function outcomes(userId: string): Promise<Record<string, number>> {
  const shard = shardOfId(env, 'USERS', userId);
  const { results } = await users(shard)
    .prepare('SELECT outcome, count(*) AS n FROM listening_events WHERE user_id = ? GROUP BY outcome')
    .bind(userId)
    .all<{ outcome: string; n: number }>();
  return Object.fromEntries(results.map((r) => [r.outcome, r.n]));
}
