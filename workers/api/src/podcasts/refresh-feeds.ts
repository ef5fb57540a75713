import type { WorkflowStep } from 'cloudflare:workers';
import { DomainError } from '#core/errors.ts';
import { log } from '#core/log.ts';
import { shardCount, shardDb } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { STEP_RETRIES } from '../jobs/step-retries.ts';
import { importFeed } from './import-feed.ts';

interface FeedShow {
  id: string;
  artist_id: string;
  feed_url: string;
  user_id: string | null;
  artist_name: string;
}

/** The imported shows of one catalog shard, with who publishes them. */
export async function feedShows(env: Env, shard: number): Promise<FeedShow[]> {
  const rows = await shardDb(env, 'CATALOG', shard)
    .prepare(
      `SELECT s.id, s.artist_id, s.feed_url, a.user_id, a.name AS artist_name FROM shows s JOIN artists a ON a.id = s.artist_id
       WHERE s.feed_url IS NOT NULL ORDER BY s.id`,
    )
    .all<FeedShow>();
  return rows.results;
}

/**
 * Imports one show's feed again, as its publishing artist, so only new items are
 * added. A feed that fails (gone, no longer RSS) is logged and left for the next
 * refresh rather than retried: returns how many items it imported and failed.
 */
export async function refreshFeed(env: Env, show: FeedShow): Promise<{ imported: number; failed: number; error?: string }> {
  const publisher: AuthUser = {
    id: show.user_id ?? show.artist_id,
    role: 'artist',
    displayName: show.artist_name,
    artistId: show.artist_id,
    product: 'premium',
  };
  try {
    const { items } = await importFeed(env, publisher, show.feed_url);
    const count = (status: string) => items.filter((i) => i.status === status).length;
    log('info', 'feed_refreshed', { worker: 'api', show_id: show.id, imported: count('imported'), failed: count('failed') });
    return { imported: count('imported'), failed: count('failed') };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    log('warn', 'feed_refresh_failed', { worker: 'api', show_id: show.id, error: err.message });
    return { imported: 0, failed: 0, error: err.message };
  }
}

/** The `podcast-feeds` job: a step listing each catalog shard's imported shows, then one step per show. */
export async function runFeedRefresh(env: Env, step: WorkflowStep): Promise<void> {
  for (let shard = 0; shard < shardCount(env, 'CATALOG'); shard++) {
    const shows = await step.do(`imported shows of shard ${shard}`, STEP_RETRIES, () => feedShows(env, shard));
    for (const show of shows) await step.do(`feed of ${show.id}`, STEP_RETRIES, () => refreshFeed(env, show));
  }
}
