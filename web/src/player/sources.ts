import { api } from '../api.ts';
import { downloadedTrack, licensedForPlay, offlineMasterUrl } from '../offline/downloads.ts';
import { highest, firstSegments, variantsOf } from '../offline/hls-rewrite.ts';
import type { EpisodeView, PlayableTrack } from '../types.ts';
import type { EngineSource } from './engine.ts';

/**
 * Where a track plays from: its downloaded copy when there is one (no network
 * needed while its offline license lasts), otherwise the signed master playlist from `GET /tracks/{id}`.
 * Prefetched tracks keep the exact signed URLs whose first segment was fetched,
 * so the browser cache answers when the track starts.
 */

const prefetched = new Map<string, PlayableTrack>();

export async function sourceFor(trackId: string): Promise<EngineSource> {
  const offline = downloadedTrack(trackId);
  if (offline) {
    // Renews the license when online; a copy whose license has ended is deleted, and the error says why.
    await licensedForPlay(trackId);
    return { trackId, url: offlineMasterUrl(trackId), loudness_lufs: offline.loudness_lufs, durationMs: offline.duration_ms };
  }
  const track = await playable(trackId);
  if (!track.stream) throw new Error(`“${track.title}” is not ready to play yet.`);
  return {
    trackId,
    url: new URL(track.stream.hls_url, location.origin).toString(),
    loudness_lufs: track.loudness_lufs,
    durationMs: track.duration_ms,
    lossless: track.lossless,
  };
}

/** An episode plays from the signed master of `GET /episodes/{id}` (episodes are not downloaded). */
export function episodeSource(episode: EpisodeView): EngineSource {
  if (!episode.stream) throw new Error(`“${episode.name}” is not ready to play yet.`);
  return { trackId: episode.id, kind: 'episode', url: new URL(episode.stream.hls_url, location.origin).toString(), durationMs: episode.duration_ms };
}

export async function episodeSourceFor(episodeId: string): Promise<EngineSource> {
  return episodeSource(await api<EpisodeView>('GET', `/api/v1/episodes/${encodeURIComponent(episodeId)}`));
}

async function playable(trackId: string): Promise<PlayableTrack> {
  const hit = prefetched.get(trackId);
  if (hit?.stream && Date.parse(hit.stream.expires_at) - Date.now() > 60_000) return hit;
  return api<PlayableTrack>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}`);
}

/**
 * Fetches the next track's master, the media playlist of the rendition nearest
 * the current bitrate, and its init + first segment, so the change is near-gapless.
 */
export async function prefetch(trackId: string, currentBitrate: number | null): Promise<void> {
  if (prefetched.has(trackId) || downloadedTrack(trackId)) return;
  try {
    const track = await api<PlayableTrack>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}`);
    if (!track.stream) return;
    prefetched.set(trackId, track);
    if (prefetched.size > 8) prefetched.delete(prefetched.keys().next().value!);
    const masterUrl = new URL(track.stream.hls_url, location.origin).toString();
    const variants = variantsOf(await (await fetch(masterUrl)).text(), masterUrl);
    const variant = currentBitrate
      ? [...variants].sort((a, b) => Math.abs(a.bandwidth - currentBitrate) - Math.abs(b.bandwidth - currentBitrate))[0]
      : highest(variants);
    if (!variant) return;
    const media = await (await fetch(variant.uri)).text();
    await Promise.all(firstSegments(media, variant.uri).map((u) => fetch(u).then((r) => r.arrayBuffer())));
  } catch {
    // Prefetching is an optimisation; the track still loads normally.
  }
}
