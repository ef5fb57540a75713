/**
 * The offline license: downloaded tracks may play while the app has heard from
 * the server within the last 30 days. Every answer from the API renews it. The
 * record lives in Cache Storage so the service worker enforces it too.
 */

export const OFFLINE_CACHE = 'encore-offline-v1';
export const LICENSE_URL = '/offline/license';
export const LICENSE_DAYS = 30;
const DAY_MS = 86_400_000;

let lastWrite = 0;

export interface License {
  renewed_at: number;
  expires_at: number;
}

/** Called after every answer from the API; writes at most once a minute. */
export function markConnected(now = Date.now()): void {
  if (now - lastWrite < 60_000 || typeof caches === 'undefined') return;
  lastWrite = now;
  void writeLicense(now);
}

export async function writeLicense(renewedAt: number): Promise<void> {
  const cache = await caches.open(OFFLINE_CACHE);
  const record: License = { renewed_at: renewedAt, expires_at: renewedAt + LICENSE_DAYS * DAY_MS };
  await cache.put(LICENSE_URL, new Response(JSON.stringify(record), { headers: { 'Content-Type': 'application/json' } }));
}

export async function readLicense(): Promise<License | null> {
  if (typeof caches === 'undefined') return null;
  const res = await (await caches.open(OFFLINE_CACHE)).match(LICENSE_URL);
  return res ? ((await res.json()) as License) : null;
}

export const licenseValid = (license: License | null, now = Date.now()): boolean => license !== null && now < license.expires_at;
