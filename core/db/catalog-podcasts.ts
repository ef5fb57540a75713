import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { artists } from './catalog-schema.ts';

/**
 * Podcasts on the catalog shards (migration 0018): a show and its episodes live
 * on the shard of the artist that publishes them. An episode is a sibling of a
 * track: it arrives through an upload, is transcoded into a (speech) ladder
 * under `hls/{audio_hash}/` and is `processing` until then.
 */

export const episodeStatuses = ['processing', 'ready', 'failed'] as const;
export type EpisodeStatus = (typeof episodeStatuses)[number];

export const shows = sqliteTable(
  'shows',
  {
    id: text('id').primaryKey(),
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    name: text('name').notNull(),
    description: text('description').notNull(),
    /** The name a listener sees as the show's author (Spotify's `publisher`), free text. */
    publisher: text('publisher').notNull(),
    /** SHA-256 of the show's artwork; its sizes live under `images/{hash}/` in R2 (core/artwork). */
    imageHash: text('image_hash'),
    /** The RSS feed the show was imported from (migration 0020); the scheduled refresh reads it again. */
    feedUrl: text('feed_url'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('shows_artist').on(t.artistId), uniqueIndex('shows_artist_feed').on(t.artistId, t.feedUrl)],
);

export const episodes = sqliteTable(
  'episodes',
  {
    id: text('id').primaryKey(),
    showId: text('show_id')
      .notNull()
      .references(() => shows.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: episodeStatuses }).notNull(),
    durationMs: integer('duration_ms'),
    /** SHA-256 of the source audio; the speech ladder lives under `hls/{audio_hash}/` in R2. */
    audioHash: text('audio_hash'),
    loudnessLufs: real('loudness_lufs'),
    /** The source's chapter markers, JSON `[{title, start_ms}]`; null when it had none. */
    chapters: text('chapters'),
    /** An imported episode's feed item guid (else its enclosure URL), unique per show (migration 0020). */
    guid: text('guid'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('episodes_show_newest').on(t.showId, t.createdAt), uniqueIndex('episodes_show_guid').on(t.showId, t.guid)],
);
