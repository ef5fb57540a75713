import { z } from 'zod';
import { SignedStream } from './catalog-views.ts';

/**
 * Offline licenses (seed 002: downloads for premium, a license check every 30
 * days, copies not played for 30 days removed). One per listener and track on
 * the listener's user shard (users migration 0013); shared by the api worker
 * (grants, renews, hands out the key), the stream worker (writes the key URL
 * into offline playlists) and the web player (shows when a copy expires).
 */

/** A license lasts this long after it was granted or last played. */
export const OFFLINE_LICENSE_DAYS = 30;
export const OFFLINE_LICENSE_MS = OFFLINE_LICENSE_DAYS * 86_400_000;

export const licenseExpiresAt = (lastPlayedAt: number): number => lastPlayedAt + OFFLINE_LICENSE_MS;

/** Where a player fetches a downloaded track's 16-byte AES-128 key (bearer its access token): the `URI` of its `#EXT-X-KEY`. */
export const offlineKeyPath = (trackId: string): string => `/api/v1/me/offline/licenses/${encodeURIComponent(trackId)}/key`;

/** The response header of the key endpoint saying until when the key may be used offline (ISO 8601). */
export const LICENSE_EXPIRES_HEADER = 'Encore-License-Expires';

/**
 * A license as an offline signature names it (`&lic=`, core/signing.ts): the
 * listener, the track and the key epoch (the grant time, epoch ms). A license
 * granted again after it expired has a new epoch, so a new key: the old copy
 * stays undecryptable.
 */
export interface LicenseRef {
  userId: string;
  trackId: string;
  epoch: number;
}

const LICENSE_REF = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.(\d{1,15})$/;

export const formatLicenseRef = (ref: LicenseRef): string => `${ref.userId}.${ref.trackId}.${ref.epoch}`;

export function parseLicenseRef(text: string): LicenseRef | null {
  const m = LICENSE_REF.exec(text);
  return m ? { userId: m[1]!, trackId: m[2]!, epoch: Number(m[3]) } : null;
}

/** A listener's license for one track, as `GET /me/offline` lists it. */
export const OfflineLicense = z.object({
  track_id: z.string(),
  granted_at: z.string(),
  last_played_at: z.string(),
  /** 30 days after `last_played_at`: the key is refused from then on, and the sweep deletes the license. */
  expires_at: z.string(),
  key_url: z.string(),
});
export type OfflineLicense = z.infer<typeof OfflineLicense>;

/** `GET /tracks/{id}/offline`: the master to download, signed `offline`, and the license it was granted under. */
export const OfflineDownload = SignedStream.extend({ license: OfflineLicense });
export type OfflineDownload = z.infer<typeof OfflineDownload>;

export const OfflineLicenses = z.object({ items: z.array(OfflineLicense) });
export type OfflineLicenses = z.infer<typeof OfflineLicenses>;
