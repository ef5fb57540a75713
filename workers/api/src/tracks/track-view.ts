import { loadTracks, type TrackRecord } from '#core/catalog/reads.ts';
import { trackView } from '#core/catalog/views.ts';
import { NotFound } from '#core/errors.ts';
import type { TrackView } from '#core/protocol/catalog-views.ts';
import { signedMasterPlaylist } from './stream-url.ts';

async function trackRecord(env: Env, trackId: string): Promise<TrackRecord> {
  const track = (await loadTracks(env, [trackId])).get(trackId);
  if (!track) throw new NotFound(`No track with id ${JSON.stringify(trackId)}.`, 'track_not_found');
  return track;
}

const playableHash = (track: TrackRecord): string | null => (track.status === 'ready' && track.audioHash ? track.audioHash : null);

/** `GET /tracks/{id}`: the catalog's track with, once it is ready, a signed master playlist. */
export async function getTrack(env: Env, trackId: string): Promise<TrackView> {
  const track = await trackRecord(env, trackId);
  const hash = playableHash(track);
  return trackView(track, hash ? await signedMasterPlaylist(env, hash) : null);
}

/** Where a track's `preview_url` leads: its master signed with the `preview` scope (404 when it has no audio). */
export async function signedPreview(env: Env, trackId: string): Promise<string> {
  const hash = playableHash(await trackRecord(env, trackId));
  if (!hash) throw new NotFound(`Track ${JSON.stringify(trackId)} has no audio to preview.`, 'preview_not_found');
  return (await signedMasterPlaylist(env, hash, Date.now(), 'preview')).hls_url;
}
