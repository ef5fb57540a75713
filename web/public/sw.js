// Encore's service worker. Two jobs:
//  1. /offline/tracks/* — downloaded tracks, answered from Cache Storage only (the
//     network may be off), while the offline license (/offline/license) is valid.
//  2. The app shell (pages and /assets/*): network first, the last good copy when offline.
// API and media requests are never touched.
const OFFLINE_CACHE = 'encore-offline-v1';
const SHELL_CACHE = 'encore-shell-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || event.request.method !== 'GET') return;
  if (url.pathname.startsWith('/offline/tracks/')) return event.respondWith(offlineMedia(url));
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/') || url.pathname.startsWith('/offline/')) return;
  event.respondWith(shell(event.request));
});

function problem(status, code, message) {
  return new Response(JSON.stringify({ error: { status, code, message } }), { status, headers: { 'Content-Type': 'application/json' } });
}

async function offlineMedia(url) {
  const cache = await caches.open(OFFLINE_CACHE);
  const licenseRes = await cache.match('/offline/license');
  const license = licenseRes ? await licenseRes.json() : null;
  if (!license || Date.now() >= license.expires_at) {
    return problem(403, 'offline_license_expired', 'Offline playback needs a connection at least every 30 days. Go online to renew it.');
  }
  const hit = await cache.match(url.pathname);
  return hit ?? problem(404, 'not_downloaded', 'This track is not downloaded.');
}

async function shell(request) {
  const cache = await caches.open(SHELL_CACHE);
  const key = request.mode === 'navigate' ? '/' : request;
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw err;
  }
}
