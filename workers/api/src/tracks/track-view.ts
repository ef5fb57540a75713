import { loadTracks, type TrackRecord } from '#core/catalog/reads.ts';
import { trackView } from '#core/catalog/views.ts';
import type { AuthUser } from '#core/auth/access-token.ts';
import { NotFound } from '#core/errors.ts';
import type { TrackView } from '#core/protocol/catalog-views.ts';
import { formatLicenseRef, type OfflineDownload } from '#core/protocol/offline.ts';
import type { Product } from '#core/protocol/tiers.ts';
import { grantLicense, licenseView } from '../offline/licenses.ts';
import { requireOfflineTier } from '../offline/offline-tier.ts';
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

/**
 * `GET /tracks/{id}/offline`: grants (or renews) the caller's offline license and
 * returns the master to download, signed `offline` under it, so every segment
 * comes encrypted with the license's key; free listeners are refused.
 */
export async function offlineStream(env: Env, trackId: string, user: AuthUser): Promise<OfflineDownload> {
  requireOfflineTier(user.product);
  const hash = playableHash(await trackRecord(env, trackId));
  if (!hash) throw new NotFound(`Track ${JSON.stringify(trackId)} has no audio to download yet.`, 'track_not_ready');
  const license = await grantLicense(env, user.id, trackId);
  const ref = formatLicenseRef({ userId: user.id, trackId, epoch: license.grantedAt });
  return { ...(await signedMasterPlaylist(env, hash, Date.now(), 'offline', ref)), license: licenseView(license) };
}

/** The ladder a track's `preview_url` leads into (404 when it has no audio). */
export async function previewHash(env: Env, trackId: string): Promise<string> {
  const hash = playableHash(await trackRecord(env, trackId));
  if (!hash) throw new NotFound(`Track ${JSON.stringify(trackId)} has no audio to preview.`, 'preview_not_found');
  return hash;
}
