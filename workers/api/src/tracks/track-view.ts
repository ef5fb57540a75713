import { loadTracks, type TrackRecord } from '#core/catalog/reads.ts';
import { trackView } from '#core/catalog/views.ts';
import type { AuthUser } from '#core/auth/access-token.ts';
import { Forbidden, NotFound } from '#core/errors.ts';
import type { SignedStream, TrackView } from '#core/protocol/catalog-views.ts';
import { mayDownloadOffline, type Product } from '#core/protocol/tiers.ts';
import { signedMasterFor, signedMasterPlaylist } from './stream-url.ts';

async function trackRecord(env: Env, trackId: string): Promise<TrackRecord> {
  const track = (await loadTracks(env, [trackId])).get(trackId);
  if (!track) throw new NotFound(`No track with id ${JSON.stringify(trackId)}.`, 'track_not_found');
  return track;
}

const playableHash = (track: TrackRecord): string | null => (track.status === 'ready' && track.audioHash ? track.audioHash : null);

/** `GET /tracks/{id}`: the catalog's track with, once it is ready, a master signed for the caller's tier (free without a token). */
export async function getTrack(env: Env, trackId: string, product: Product | null): Promise<TrackView> {
  const track = await trackRecord(env, trackId);
  const hash = playableHash(track);
  return trackView(track, hash ? await signedMasterFor(env, hash, product) : null);
}

/** `GET /tracks/{id}/offline`: the master a premium listener downloads for offline play; free listeners are refused. */
export async function offlineStream(env: Env, trackId: string, user: AuthUser): Promise<SignedStream> {
  if (!mayDownloadOffline(user.product)) throw new Forbidden('Offline downloads are part of Encore Premium.', 'premium_required');
  const hash = playableHash(await trackRecord(env, trackId));
  if (!hash) throw new NotFound(`Track ${JSON.stringify(trackId)} has no audio to download yet.`, 'track_not_ready');
  return signedMasterFor(env, hash, user.product);
}

/** Where a track's `preview_url` leads: its master signed with the `preview` scope (404 when it has no audio). */
export async function signedPreview(env: Env, trackId: string): Promise<string> {
  const hash = playableHash(await trackRecord(env, trackId));
  if (!hash) throw new NotFound(`Track ${JSON.stringify(trackId)} has no audio to preview.`, 'preview_not_found');
  return (await signedMasterPlaylist(env, hash, Date.now(), 'preview')).hls_url;
}
