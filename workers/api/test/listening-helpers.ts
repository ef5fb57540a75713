import { env } from 'cloudflare:workers';
import { newIdOn } from '#core/shards.ts';
import type { ListeningMessage, PlayEvent } from '#core/protocol/listening.ts';
import { processReports } from '../../listening-events/src/process-reports.ts';

const db = (binding: string) => (env as unknown as Record<string, D1Database>)[binding]!;

/** A real artist and track row in a catalog shard. */
export async function seedTrack(shard: number, opts: { artistId?: string; title?: string; durationMs?: number } = {}): Promise<string> {
  const artistId = opts.artistId ?? newIdOn(env, 'art', shard);
  const trackId = newIdOn(env, 'trk', shard);
  const catalog = db(`CATALOG_${shard}`);
  await catalog.batch([
    catalog.prepare("INSERT OR IGNORE INTO artists (id, name) VALUES (?, 'Seeded Artist')").bind(artistId),
    catalog
      .prepare("INSERT INTO tracks (id, artist_id, title, duration_ms, status) VALUES (?, ?, ?, ?, 'ready')")
      .bind(trackId, artistId, opts.title ?? `Song ${trackId}`, opts.durationMs ?? 200_000),
  ]);
  return trackId;
}

export function play(trackId: string, startedAt: number, msPlayed = 60_000): PlayEvent {
  return {
    event_id: crypto.randomUUID(),
    track_id: trackId,
    started_at: startedAt,
    ms_played: msPlayed,
    completed: true,
    device_id: null,
    session_id: null,
    quality: null,
  };
}

/** Runs plays through the real consumer code against this worker's real D1 shards. */
export async function listen(userId: string, events: PlayEvent[], country: string | null = 'SE'): Promise<void> {
  const reports: ListeningMessage[] = [];
  for (let i = 0; i < events.length; i += 50) reports.push({ v: 1, user_id: userId, country, received_at: Date.now(), events: events.slice(i, i + 50) });
  await processReports(env, reports);
}
