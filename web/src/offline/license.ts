import { LICENSE_EXPIRES_HEADER, OFFLINE_LICENSE_MS, offlineKeyPath } from '#core/protocol/offline.ts';
import { ApiError, apiResponse } from '../api.ts';
import { storeKey, storedKey } from './key-store.ts';

/**
 * The offline license of a downloaded track (core/protocol/offline.ts): its
 * segments are stored encrypted as the stream worker served them, and play
 * with the key from the license endpoint. Fetching the key (at download, and
 * whenever a downloaded track starts with a connection) renews the license on
 * the server for 30 days; the key is kept, non-extractable, until then
 * (key-store.ts), so the track plays with the network off for that long.
 */

export const OFFLINE_CACHE = 'encore-offline-v1';
const DAY_MS = 86_400_000;

/** Why a downloaded copy can no longer play (the message says it): the server refused its key, or the stored key's 30 days ran out offline. */
export class LicenseGone extends Error {}

const REFUSALS: Record<string, string> = {
  premium_required: 'Offline downloads are part of Encore Premium.',
  offline_license_expired: 'It was not played for 30 days, so its offline license expired.',
  offline_license_not_found: 'Its offline license is gone (removed on another device, or expired).',
};
export const LICENSE_RAN_OUT = 'Its offline license ran out: Encore needs a connection at least every 30 days, with a play of the track.';

/** Fetches (and so renews) the track's key and stores it; a refusal is a LicenseGone saying why. Returns the license's expiry. */
export async function renewLicense(trackId: string): Promise<number> {
  let res: Response;
  try {
    res = await apiResponse('GET', offlineKeyPath(trackId));
  } catch (err) {
    if (err instanceof ApiError && err.code in REFUSALS) throw new LicenseGone(REFUSALS[err.code]);
    throw err;
  }
  const expiresAt = Date.parse(res.headers.get(LICENSE_EXPIRES_HEADER) ?? '') || Date.now() + OFFLINE_LICENSE_MS;
  await storeKey(trackId, await res.arrayBuffer(), expiresAt);
  return expiresAt;
}

/** The stored license's expiry (epoch ms), or null when there is no key for the track or it ran out. */
export async function licenseExpiry(trackId: string, now = Date.now()): Promise<number | null> {
  const record = await storedKey(trackId).catch(() => undefined);
  return record && now < record.expires_at ? record.expires_at : null;
}

/**
 * Before a downloaded track plays: renews its license when the network answers;
 * offline, the stored key must still be in its 30 days. Throws LicenseGone when
 * the copy may no longer play (the caller deletes it and says why).
 */
export async function ensureLicense(trackId: string): Promise<void> {
  try {
    await renewLicense(trackId);
    return;
  } catch (err) {
    if (err instanceof LicenseGone) throw err;
    // No answer (offline, server away): the stored key decides.
  }
  if ((await licenseExpiry(trackId)) === null) throw new LicenseGone(LICENSE_RAN_OUT);
}

/** "expires in N days", for the Downloads list. */
export function expiresInText(expiresAt: number, now = Date.now()): string {
  const days = Math.ceil((expiresAt - now) / DAY_MS);
  return days <= 1 ? 'expires within a day' : `expires in ${days} days`;
}
