import { z } from 'zod';
import { Image, SignedStream } from './catalog-views.ts';

/** Podcasts as every answer shows them (Spotify's show and episode objects, snake_case). */

export const ShowSummary = z.object({
  id: z.string(),
  type: z.literal('show'),
  uri: z.string(),
  name: z.string(),
  description: z.string(),
  publisher: z.string(),
  images: z.array(Image),
  /** Episodes that are ready to play. */
  total_episodes: z.number().int(),
});
export type ShowSummary = z.infer<typeof ShowSummary>;

export const Chapter = z.object({ title: z.string(), start_ms: z.number().int().nonnegative() });
export type Chapter = z.infer<typeof Chapter>;

/** An episode in a show's listing and in search; its show's artwork. */
export const EpisodeSummary = z.object({
  id: z.string(),
  type: z.literal('episode'),
  uri: z.string(),
  name: z.string(),
  description: z.string(),
  duration_ms: z.number().int().nullable(),
  /** When it was published (uploaded), ISO 8601. */
  release_date: z.string(),
  images: z.array(Image),
  /** Its first 30 s, for anyone: a path that redirects to a signed HLS master (core/protocol/preview.ts); null until there is audio. */
  preview_url: z.string().nullable(),
});
export type EpisodeSummary = z.infer<typeof EpisodeSummary>;

export const ResumePoint = z.object({ position_ms: z.number().int().nonnegative(), fully_played: z.boolean() });
export type ResumePoint = z.infer<typeof ResumePoint>;

export const EpisodeShow = z.object({ id: z.string(), uri: z.string(), name: z.string(), publisher: z.string() });

/** An episode in `GET /api/v1/shows/{id}/episodes`: with the caller's resume point. */
export const ListedEpisode = EpisodeSummary.extend({ resume_point: ResumePoint });
export type ListedEpisode = z.infer<typeof ListedEpisode>;

/** An episode of home's Continue listening: its show, and where the caller stopped. */
export const ResumableEpisode = EpisodeSummary.extend({ show: EpisodeShow, resume_point: ResumePoint });
export type ResumableEpisode = z.infer<typeof ResumableEpisode>;

/** `GET /api/v1/episodes/{id}`. */
export const EpisodeView = EpisodeSummary.extend({
  status: z.enum(['processing', 'ready', 'failed']),
  show: EpisodeShow,
  chapters: z.array(Chapter),
  /** Only for `ready` episodes. */
  stream: SignedStream.nullable(),
  /** The caller's own place in it, shared by all their devices. */
  resume_point: ResumePoint,
});
export type EpisodeView = z.infer<typeof EpisodeView>;
