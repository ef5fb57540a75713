import { imageList } from '#core/artwork/images.ts';
import type { Chapter, EpisodeSummary, ShowSummary } from '#core/protocol/podcast-views.ts';
import { episodePreviewPath } from '#core/protocol/preview.ts';
import { uri } from '#core/protocol/uris.ts';

/** Rows of shows and episodes as the SQL of shows.ts and episodes.ts selects them, shaped into answers. */

export const SHOW_COLUMNS = `s.id, s.artist_id, s.name, s.description, s.publisher, s.image_hash,
  (SELECT count(*) FROM episodes e WHERE e.show_id = s.id AND e.status = 'ready') AS total_episodes`;

export interface ShowRow {
  id: string;
  artist_id: string;
  name: string;
  description: string;
  publisher: string;
  image_hash: string | null;
  total_episodes: number;
}

export const showSummary = (row: ShowRow): ShowSummary => ({
  id: row.id,
  type: 'show',
  uri: uri('show', row.id),
  name: row.name,
  description: row.description,
  publisher: row.publisher,
  images: imageList(row.image_hash),
  total_episodes: row.total_episodes,
});

/** An episode with its show's artwork (episodes carry no picture of their own). */
export const EPISODE_COLUMNS = `e.id, e.show_id, e.name, e.description, e.status, e.duration_ms, e.audio_hash, e.chapters, e.created_at,
  s.name AS show_name, s.publisher AS show_publisher, s.image_hash AS show_image_hash, s.artist_id AS show_artist_id`;

export interface EpisodeRow {
  id: string;
  show_id: string;
  name: string;
  description: string;
  status: 'processing' | 'ready' | 'failed';
  duration_ms: number | null;
  audio_hash: string | null;
  chapters: string | null;
  created_at: number;
  show_name: string;
  show_publisher: string;
  show_image_hash: string | null;
  show_artist_id: string;
}

export const episodeSummary = (row: EpisodeRow): EpisodeSummary => ({
  id: row.id,
  type: 'episode',
  uri: uri('episode', row.id),
  name: row.name,
  description: row.description,
  duration_ms: row.duration_ms,
  release_date: new Date(row.created_at).toISOString(),
  images: imageList(row.show_image_hash),
  preview_url: previewableHash(row) ? episodePreviewPath(row.id) : null,
});

/** The ladder of a ready episode, which its stream and preview lead into; null before (or without) one. */
export const previewableHash = (row: Pick<EpisodeRow, 'status' | 'audio_hash'>): string | null =>
  row.status === 'ready' && row.audio_hash ? row.audio_hash : null;

export const chaptersOf = (row: EpisodeRow): Chapter[] => (row.chapters ? (JSON.parse(row.chapters) as Chapter[]) : []);
