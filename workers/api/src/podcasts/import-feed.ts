import { DomainError, Forbidden, PayloadTooLarge, Unprocessable } from '#core/errors.ts';
import { newId, virtualShardOf } from '#core/ids.ts';
import { log } from '#core/log.ts';
import { parseRss, type Feed, type FeedItem } from '#core/podcasts/rss.ts';
import { shardDb, shardOf } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { setCatalogImage } from '../artwork/catalog-artwork.ts';
import { storeArtwork } from '../artwork/store-artwork.ts';
import { readBoundedBody } from '../http/bounded-body.ts';
import { boundedFetch, FetchFailure } from './bounded-fetch.ts';
import { importEpisode } from './import-episode.ts';

/** A feed document larger than this is refused (the enclosures' cap is the upload limit). */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

export interface ImportedItem {
  guid: string;
  status: 'imported' | 'skipped' | 'failed';
  episode_id?: string;
  error?: string;
}

export interface FeedImport {
  show_id: string;
  created: boolean;
  items: ImportedItem[];
}

/**
 * Imports an RSS feed as a show of the publishing artist (`user.artistId`: the
 * admin's own artist profile on an import, the show's artist on a refresh), on
 * that artist's catalog shard. The show is made on the first import of the URL;
 * each item whose guid the show has no episode for yet becomes one (import-episode.ts),
 * one at a time, each failing on its own.
 */
export async function importFeed(env: Env, user: AuthUser, feedUrl: string, requestId?: string): Promise<FeedImport> {
  if (!user.artistId)
    throw new Forbidden('Importing a feed publishes its show under your artist profile; register as an artist first.', 'artist_profile_required');
  const feed = await fetchFeed(env, feedUrl);
  const d1 = shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', user.artistId, ['art'], 'artist'));
  const { id: showId, created } = await findOrCreateShow(d1, user.artistId, feedUrl, feed);
  if (created && feed.imageUrl) await importArtwork(env, d1, showId, feed.imageUrl, user.id, requestId);
  const known = await d1.prepare('SELECT guid FROM episodes WHERE show_id = ? AND guid IS NOT NULL').bind(showId).all<{ guid: string }>();
  const seen = new Set(known.results.map((r) => r.guid));
  const items: ImportedItem[] = [];
  for (const item of feed.items) {
    items.push(await importItem(env, user, showId, item, seen, requestId));
    seen.add(item.guid);
  }
  return { show_id: showId, created, items };
}

async function importItem(env: Env, user: AuthUser, showId: string, item: FeedItem, seen: Set<string>, requestId?: string): Promise<ImportedItem> {
  const { guid } = item;
  if (!guid) return { guid, status: 'failed', error: 'The item has neither a guid nor an enclosure.' };
  if (seen.has(guid)) return { guid, status: 'skipped' };
  if (!item.enclosure) return { guid, status: 'skipped', error: 'The item has no enclosure.' };
  try {
    return { guid, status: 'imported', episode_id: await importEpisode(env, user, showId, item, requestId) };
  } catch (err) {
    if (err instanceof FetchFailure || err instanceof DomainError) return { guid, status: 'failed', error: err.message };
    // A racing import of the same feed wrote this guid first (episodes_show_guid).
    if (String(err).includes('UNIQUE constraint failed')) return { guid, status: 'skipped' };
    log('error', 'feed_item_import_failed', { worker: 'api', request_id: requestId, show_id: showId, error: err });
    return { guid, status: 'failed', error: 'The episode could not be stored; import the feed again later.' };
  }
}

async function fetchFeed(env: Env, feedUrl: string): Promise<Feed> {
  const unreachable = (why: string) => new Unprocessable(`The feed could not be fetched: ${why}`, 'feed_unreachable');
  let xml: string;
  try {
    const { response } = await boundedFetch(env, feedUrl);
    const tooLarge = () => new PayloadTooLarge(`The feed is larger than ${MAX_FEED_BYTES} bytes.`, 'feed_too_large');
    xml = new TextDecoder().decode(await readBoundedBody(response, MAX_FEED_BYTES, tooLarge));
  } catch (err) {
    if (err instanceof FetchFailure) throw unreachable(err.message);
    if (err instanceof DomainError) throw err;
    throw unreachable(`it broke off while being read (${(err as Error).message}).`);
  }
  const feed = parseRss(xml);
  if (!feed) throw new Unprocessable(`${feedUrl} is not an RSS 2.0 feed (no <rss> document with a <channel>).`, 'not_a_feed');
  if (!feed.title) throw new Unprocessable('The feed has no channel title.', 'not_a_feed');
  return feed;
}

/** The artist's show of this feed; made on the first import (the unique (artist, feed) index keeps it one under a race). */
async function findOrCreateShow(d1: D1Database, artistId: string, feedUrl: string, feed: Feed): Promise<{ id: string; created: boolean }> {
  const id = newId('shw', virtualShardOf(artistId));
  const inserted = await d1
    .prepare(
      `INSERT INTO shows (id, artist_id, name, description, publisher, feed_url) SELECT ?1, id, ?2, ?3, ?4, ?5 FROM artists WHERE id = ?6
       ON CONFLICT (artist_id, feed_url) DO NOTHING RETURNING id`,
    )
    .bind(id, feed.title.slice(0, 200), feed.description.slice(0, 4000), (feed.author || feed.title).slice(0, 200), feedUrl, artistId)
    .first<{ id: string }>();
  // RETURNING, not meta.changes: the search triggers of 0019 count as changes too.
  if (inserted) return { id, created: true };
  const existing = await d1.prepare('SELECT id FROM shows WHERE artist_id = ? AND feed_url = ?').bind(artistId, feedUrl).first<{ id: string }>();
  if (!existing) throw new Forbidden('Your artist profile no longer exists.', 'artist_profile_required');
  return { id: existing.id, created: false };
}

/**
 * The feed's itunes:image as the show's artwork, through the artwork upload's checks
 * and encoding (store-artwork.ts). Artwork is a nicety: a failure is logged and the
 * import goes on without it.
 */
async function importArtwork(env: Env, d1: D1Database, showId: string, imageUrl: string, userId: string, requestId?: string): Promise<void> {
  try {
    const { response } = await boundedFetch(env, imageUrl);
    const length = response.headers.get('Content-Length');
    const image = new Request('https://import.invalid/', { method: 'PUT', body: response.body, headers: length ? { 'Content-Length': length } : {} });
    await setCatalogImage({ kind: 'show', id: showId, db: d1 }, await storeArtwork(env, image, userId, requestId ?? null));
  } catch (err) {
    log('warn', 'feed_artwork_failed', { worker: 'api', request_id: requestId, show_id: showId, error: err instanceof Error ? err.message : String(err) });
  }
}
