import { z } from 'zod';
import { shardDb, shardOf } from '#core/shards.ts';
import { loadTrackSummaries } from '#core/catalog/views.ts';
import type { TrackSummary } from '#core/protocol/catalog-views.ts';
import { parseUri } from '#core/protocol/uris.ts';

const cursor = z.coerce.number().int().nonnegative();

/** SQL over a `listening_events` row: a play that belongs in the listener's history (it reached 30 s and names a known track). */
export const SHOWN_IN_HISTORY = "outcome NOT IN ('unknown_track', 'short')";

export const RecentlyPlayedQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(50).default(20),
    before: cursor.optional(),
    after: cursor.optional(),
  })
  .refine((q) => q.before === undefined || q.after === undefined, { message: 'give before or after, not both', path: ['before'] });
export type RecentlyPlayedQuery = z.infer<typeof RecentlyPlayedQuery>;

/** What a play was played from, as its report said (Spotify's context object, without links). */
export interface PlayContext {
  type: 'album' | 'artist' | 'playlist';
  uri: string;
}

const contextOf = (contextUri: string | null): PlayContext | null => {
  const parsed = contextUri ? parseUri(contextUri) : null;
  return parsed && parsed.kind !== 'track' ? { type: parsed.kind, uri: contextUri! } : null;
};

export interface RecentlyPlayedPage {
  href: string;
  items: { track: TrackSummary; played_at: string; context: PlayContext | null }[];
  limit: number;
  next: string | null;
  cursors: { after: string; before: string } | null;
}

/**
 * A listener's plays that reached 30 s, newest first, paged by time like
 * Spotify's: `before` pages back into the past, `after` forward from a moment.
 * Cursors are epoch milliseconds of `played_at` (when the play started).
 */
export async function recentlyPlayed(env: Env, userId: string, query: RecentlyPlayedQuery, url: URL): Promise<RecentlyPlayedPage> {
  const db = shardDb(env, 'USERS', shardOf(env, 'USERS', userId, ['usr'], 'user'));
  const forward = query.after !== undefined;
  const { results } = await db
    .prepare(
      `SELECT event_id, track_id, started_at, context_uri FROM listening_events
       WHERE user_id = ?1 AND ${SHOWN_IN_HISTORY} AND ${forward ? 'started_at > ?2' : 'started_at < ?2'}
       ORDER BY started_at ${forward ? 'ASC' : 'DESC'}, event_id ${forward ? 'ASC' : 'DESC'} LIMIT ?3`,
    )
    .bind(userId, forward ? query.after : (query.before ?? Number.MAX_SAFE_INTEGER), query.limit)
    .all<{ event_id: string; track_id: string; started_at: number; context_uri: string | null }>();
  const rows = forward ? results.reverse() : results;

  const tracks = await loadTrackSummaries(
    env,
    rows.map((r) => r.track_id),
  );
  const items = rows.flatMap((r) => {
    const track = tracks.get(r.track_id);
    return track ? [{ track, played_at: new Date(r.started_at).toISOString(), context: contextOf(r.context_uri) }] : [];
  });
  const newest = rows[0]?.started_at;
  const oldest = rows.at(-1)?.started_at;
  const full = rows.length === query.limit;
  const pageUrl = (key: 'before' | 'after', value: number) => {
    const next = new URL(url.pathname, url.origin);
    next.searchParams.set('limit', String(query.limit));
    next.searchParams.set(key, String(value));
    return next.toString();
  };
  return {
    href: url.toString(),
    items,
    limit: query.limit,
    next: !full ? null : forward ? pageUrl('after', newest!) : pageUrl('before', oldest!),
    cursors: rows.length ? { after: String(newest), before: String(oldest) } : null,
  };
}
