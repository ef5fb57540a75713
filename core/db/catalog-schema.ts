import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Tables of every catalog shard. An artist and all their albums, tracks and uploads share a shard. */

/** push: an inbox row per follower; pull: followers' inboxes read it from the album (celebrities). */
export const fanoutModes = ['push', 'pull'] as const;
export type FanoutMode = (typeof fanoutModes)[number];

const createdAt = () => integer('created_at').notNull().default(sql`(unixepoch() * 1000)`);

export const artists = sqliteTable(
  'artists',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The account that manages this artist, when it signed up itself. */
    userId: text('user_id'),
    /** The label's id, for artists that arrived by catalog import. */
    externalId: text('external_id'),
    popularity: integer('popularity').notNull().default(0),
    /** Rows of artist_followers; kept by triggers of migration 0009, never written directly. */
    followersTotal: integer('followers_total').notNull().default(0),
    /** SHA-256 of the artist's uploaded picture; its sizes live under `images/{hash}/` in R2 (core/artwork). Migration 0008. */
    imageHash: text('image_hash'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('artists_user_id').on(t.userId), uniqueIndex('artists_external_id').on(t.externalId)],
);

export const albums = sqliteTable(
  'albums',
  {
    id: text('id').primaryKey(),
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    name: text('name').notNull(),
    releaseDate: text('release_date'),
    externalId: text('external_id'),
    /** When the album was released (core/catalog/releases.ts); null until then. Migration 0009. */
    releasedAt: integer('released_at'),
    /** How its release reached followers (workers/api/src/follow/fanout.ts): null until decided. */
    fanout: text('fanout', { enum: fanoutModes }),
    /** When every follower's inbox had it (push) or the pull decision was made; null while the outbox owes a fan-out. */
    fanoutDoneAt: integer('fanout_done_at'),
    /** SHA-256 of the uploaded cover; its sizes live under `images/{hash}/` in R2 (core/artwork). Migration 0008. */
    imageHash: text('image_hash'),
    createdAt: createdAt(),
  },
  (t) => [
    index('albums_artist').on(t.artistId, t.name),
    uniqueIndex('albums_external_id').on(t.externalId),
    /** New releases, newest first (migration 0010). */
    index('albums_release_date').on(t.releaseDate),
    // Pull artists' releases, merged into followers' inboxes at read time.
    index('albums_pull_releases').on(t.artistId, t.releasedAt).where(sql`fanout = 'pull'`),
    // What the release sweep looks at: unreleased albums, and releases whose fan-out is owed.
    index('albums_unreleased').on(t.releaseDate).where(sql`released_at IS NULL`),
    index('albums_fanout_owed').on(t.releasedAt).where(sql`released_at IS NOT NULL AND fanout_done_at IS NULL`),
  ],
);

export const trackStatuses = ['processing', 'ready', 'failed'] as const;

export const tracks = sqliteTable(
  'tracks',
  {
    id: text('id').primaryKey(),
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    albumId: text('album_id').references(() => albums.id),
    title: text('title').notNull(),
    durationMs: integer('duration_ms'),
    genre: text('genre'),
    trackNumber: integer('track_number'),
    explicit: integer('explicit', { mode: 'boolean' }).notNull().default(false),
    releaseDate: text('release_date'),
    popularity: integer('popularity').notNull().default(0),
    status: text('status', { enum: trackStatuses }).notNull(),
    /** SHA-256 of the source audio; the HLS ladder lives under `hls/{audio_hash}/` in R2. */
    audioHash: text('audio_hash'),
    loudnessLufs: real('loudness_lufs'),
    /** The format of the ladder's lossless (FLAC) rendition, when the source was lossless (migration 0022); both null otherwise. */
    losslessBitDepth: integer('lossless_bit_depth'),
    losslessSampleRate: integer('lossless_sample_rate'),
    externalId: text('external_id'),
    /** The earlier track of the same artist this one's audio matched by acoustic fingerprint: the same recording again (migration 0021). */
    sameRecordingAs: text('same_recording_as'),
    createdAt: createdAt(),
  },
  (t) => [
    index('tracks_album').on(t.albumId, t.trackNumber),
    index('tracks_artist').on(t.artistId),
    uniqueIndex('tracks_external_id').on(t.externalId),
    /** A genre's most popular ready tracks (migration 0010). */
    index('tracks_genre_popularity').on(t.genre, t.status, t.popularity),
    /** The catalog's most popular ready tracks: what recommendations offer a listener with no taste yet (migration 0014). */
    index('tracks_status_popularity').on(t.status, t.popularity),
  ],
);

/** Every credited artist of a track, in credit order (the primary artist is position 0). */
export const trackArtists = sqliteTable(
  'track_artists',
  {
    trackId: text('track_id')
      .notNull()
      .references(() => tracks.id),
    artistId: text('artist_id').notNull(),
    artistName: text('artist_name').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.position] })],
);

export const uploadStatuses = ['created', 'uploaded', 'transcoding', 'ready', 'held', 'failed'] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

export const uploads = sqliteTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    /** What the upload becomes: a track, or (migration 0018) a podcast episode (core/db/catalog-podcasts.ts); exactly one is set. */
    trackId: text('track_id').references(() => tracks.id),
    /** The episode's row is written in the same batch; no foreign key, so this file need not import the podcast tables. */
    episodeId: text('episode_id'),
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    userId: text('user_id').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    partSize: integer('part_size').notNull(),
    partCount: integer('part_count').notNull(),
    /** R2 multipart upload id of the source object. */
    multipartId: text('multipart_id').notNull(),
    status: text('status', { enum: uploadStatuses }).notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /** When the transcode job was sent (or a send began); null until then, and again if that send failed. Migration 0005. */
    queuedAt: integer('queued_at'),
    /** Times a job the queue gave up on was sent again from the stored source (core/catalog/upload-requeue.ts). Migration 0006. */
    requeues: integer('requeues').notNull().default(0),
    /** When a dead-lettered upload (`uploaded`, no job queued) is next due for a requeue; null if it never was dead-lettered. Migration 0006. */
    retryAt: integer('retry_at'),
    /** A held upload's transcoded audio (JSON, core/catalog/upload-transitions.ts TranscodedAudio), what its release makes ready. Migration 0021. */
    heldAudio: text('held_audio'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('uploads_retry_due').on(t.status, t.retryAt), check('uploads_one_item', sql`(track_id IS NULL) <> (episode_id IS NULL)`)],
);

export const uploadParts = sqliteTable(
  'upload_parts',
  {
    uploadId: text('upload_id')
      .notNull()
      .references(() => uploads.id),
    partNumber: integer('part_number').notNull(),
    etag: text('etag').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);

/**
 * Who follows an artist, on the artist's shard, so a release's fan-out pages them.
 * The follower's library (users shard, library_items kind 'artist') is the truth;
 * workers/api/src/follow/followers.ts keeps this in step with it.
 */
export const artistFollowers = sqliteTable(
  'artist_followers',
  {
    artistId: text('artist_id')
      .notNull()
      .references(() => artists.id),
    userId: text('user_id').notNull(),
    followedAt: integer('followed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.artistId, t.userId] })],
);
