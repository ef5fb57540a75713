import { loadTracks } from '#core/catalog/reads.ts';
import { trackView } from '#core/catalog/views.ts';
import { NotFound } from '#core/errors.ts';
import type { TrackView } from '#core/protocol/catalog-views.ts';
import { signedMasterPlaylist } from './stream-url.ts';

/** `GET /tracks/{id}`: the catalog's track with, once it is ready, a signed master playlist. */
export async function getTrack(env: Env, trackId: string): Promise<TrackView> {
  const track = (await loadTracks(env, [trackId])).get(trackId);
  if (!track) throw new NotFound(`No track with id ${JSON.stringify(trackId)}.`, 'track_not_found');
  return trackView(track, track.status === 'ready' && track.audioHash ? await signedMasterPlaylist(env, track.audioHash) : null);
}
