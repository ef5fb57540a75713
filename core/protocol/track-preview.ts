/**
 * A track's preview: the first seconds of its existing HLS ladder, no other
 * encode. The api worker names it with a stable path (`preview_url` on every
 * track, which answers with a redirect to a freshly signed master), so the name
 * can sit in cached answers and share pages; the stream worker serves a master
 * signed with the `preview` scope with media playlists cut to PREVIEW_SECONDS.
 */

export const PREVIEW_SECONDS = 30;

/** Relative to the origin, as `hls_url` is. */
export const trackPreviewPath = (trackId: string): string => `/api/v1/tracks/${encodeURIComponent(trackId)}/preview`;
