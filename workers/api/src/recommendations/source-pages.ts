import { listenerVector, playlistVector, SIMILARITY, type SourceTrack, type TrackPlays } from '#core/recommendations/similarity.ts';
import { type D1Cost, metered } from './d1-cost.ts';

/** Sources looked at per page, before the pair budget cuts the page shorter. */
const SOURCES_PER_PAGE = 200;
/** Directed pairs a page may add at most (a source of n tracks adds n·(n−1)): keeps a step's memory and writes bounded. */
export const PAIRS_PER_PAGE = 200_000;

export interface SourcePage {
  vectors: SourceTrack[][];
  /** The last source of this page when more may follow, else null. */
  next: string | null;
}

/** The sources of one page: as many as fit the pair budget (at least one), in id order. */
export function cutPage(sources: { id: string; tracks: number }[], limit: number): { ids: string[]; more: boolean } {
  const ids: string[] = [];
  let pairs = 0;
  for (const s of sources) {
    const n = Math.min(s.tracks, SIMILARITY.tracksPerSource);
    if (ids.length > 0 && pairs + n * (n - 1) > PAIRS_PER_PAGE) return { ids, more: true };
    ids.push(s.id);
    pairs += n * (n - 1);
  }
  return { ids, more: sources.length === limit };
}

const page = (ids: string[], more: boolean, vectors: SourceTrack[][]): SourcePage => ({ vectors, next: more ? ids.at(-1)! : null });

/**
 * Listeners after `after` on one user shard: each one's counted plays received up
 * to `cutoff` (the run's start, so a retried page reads what the first attempt read).
 */
export async function listenerPage(db: D1Database, after: string, cutoff: number, cost: D1Cost): Promise<SourcePage> {
  const { results: listeners } = metered(
    cost,
    await db
      .prepare(
        `SELECT user_id AS id, count(DISTINCT track_id) AS tracks FROM listening_events
         WHERE user_id > ?1 AND outcome = 'counted' AND received_at <= ?2 GROUP BY user_id ORDER BY user_id LIMIT ?3`,
      )
      .bind(after, cutoff, SOURCES_PER_PAGE)
      .all<{ id: string; tracks: number }>(),
  );
  const { ids, more } = cutPage(listeners, SOURCES_PER_PAGE);
  if (ids.length === 0) return page(ids, false, []);
  const { results } = metered(
    cost,
    await db
      .prepare(
        `SELECT user_id, track_id, count(*) AS plays, max(started_at) AS last FROM listening_events
         WHERE user_id IN (SELECT value FROM json_each(?1)) AND outcome = 'counted' AND received_at <= ?2 GROUP BY user_id, track_id`,
      )
      .bind(JSON.stringify(ids), cutoff)
      .all<{ user_id: string; track_id: string; plays: number; last: number }>(),
  );
  const byUser = Map.groupBy(results, (r) => r.user_id);
  const vectors = [...byUser.values()].map((rows) =>
    listenerVector(rows.map((r): TrackPlays => ({ trackId: r.track_id, plays: r.plays, lastPlayedAt: r.last }))),
  );
  return page(ids, more, vectors);
}

/** Live playlists after `after` on one user shard: their items added up to `cutoff`, in playlist order. */
export async function playlistPage(db: D1Database, after: string, cutoff: number, cost: D1Cost): Promise<SourcePage> {
  const { results: playlists } = metered(
    cost,
    await db
      .prepare('SELECT id, item_count AS tracks FROM playlists WHERE id > ?1 AND deleted_at IS NULL AND item_count > 1 ORDER BY id LIMIT ?2')
      .bind(after, SOURCES_PER_PAGE)
      .all<{ id: string; tracks: number }>(),
  );
  const { ids, more } = cutPage(playlists, SOURCES_PER_PAGE);
  if (ids.length === 0) return page(ids, false, []);
  const { results } = metered(
    cost,
    await db
      .prepare(
        `SELECT playlist_id, track_id FROM playlist_items
         WHERE playlist_id IN (SELECT value FROM json_each(?1)) AND added_at <= ?2 ORDER BY playlist_id, position`,
      )
      .bind(JSON.stringify(ids), cutoff)
      .all<{ playlist_id: string; track_id: string }>(),
  );
  const byPlaylist = Map.groupBy(results, (r) => r.playlist_id);
  return page(
    ids,
    more,
    [...byPlaylist.values()].map((rows) => playlistVector(rows.map((r) => r.track_id))),
  );
}
