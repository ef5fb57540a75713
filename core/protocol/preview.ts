/**
 * A preview of a track or an episode: the first seconds of its existing HLS
 * ladder, no other encode. The api worker names it with a stable path
 * (`preview_url` on every track and episode object, which answers with a
 * redirect to a freshly signed master), so the name can sit in cached answers
 * and share pages; the stream worker serves a master signed with the `preview`
 * scope with media playlists cut to PREVIEW_SECONDS, whatever the ladder.
 */

export const PREVIEW_SECONDS = 30;

/** What has a preview: the api path segment of each. */
export type PreviewedKind = 'tracks' | 'episodes';

/** Relative to the origin, as `hls_url` is. */
export const previewPath = (kind: PreviewedKind, id: string): string => `/api/v1/${kind}/${encodeURIComponent(id)}/preview`;

export const trackPreviewPath = (trackId: string): string => previewPath('tracks', trackId);
export const episodePreviewPath = (episodeId: string): string => previewPath('episodes', episodeId);
