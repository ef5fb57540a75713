// Encore's service worker. Two jobs:
//  1. /offline/tracks/* — downloaded tracks, answered from Cache Storage only (the
//     network may be off) while the track's offline license lasts. Segments are
//     stored encrypted (HLS AES-128, as the stream worker served them) and
//     decrypted here with the track's non-extractable key from IndexedDB
//     (src/offline/key-store.ts), so the player reads plain fMP4.
//  2. The app shell (pages, /assets/*, the manifest and its icons): stored at install
//     from the build's list (app-shell.json), so the app opens offline after one
//     visit; then network first, the last good copy when offline (which is how
//     files loaded on first use, like hls.js, are kept).
// API and media requests are never touched.
const OFFLINE_CACHE = 'encore-offline-v1';
const SHELL_CACHE = 'encore-shell-v1';
// The key store of src/offline/key-store.ts: same database, store and record shape.
const KEY_DB = 'encore-offline';
const KEY_STORE = 'keys';

self.addEventListener('install', (event) => event.waitUntil(storeShell().finally(() => self.skipWaiting())));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/**
 * Stores the files of the current build that opening the app needs, and forgets
 * the scripts of older builds (those the current one loads on first use, such as
 * hls.js, are kept once stored). A failure (no list under `vite dev`, the network
 * gone mid-way) leaves the worker installed: downloaded tracks must keep playing.
 */
async function storeShell() {
  try {
    const res = await fetch('/app-shell.json', { cache: 'no-cache' });
    if (!res.ok) return;
    const { files, lazy } = await res.json();
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(files);
    const current = new Set([...files, ...lazy].map((f) => new URL(f, self.location.origin).href));
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.startsWith('/assets/') && !current.has(request.url)) await cache.delete(request);
    }
  } catch {}
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || event.request.method !== 'GET') return;
  if (url.pathname.startsWith('/offline/tracks/')) return event.respondWith(offlineMedia(url));
  // Share pages (/s/{code}) are the server's, not the app shell: a navigation there must never be cached as '/'.
  if (['/api/', '/media/', '/offline/', '/s/'].some((prefix) => url.pathname.startsWith(prefix))) return;
  event.respondWith(shell(event.request));
});

function problem(status, code, message) {
  return new Response(JSON.stringify({ error: { status, code, message } }), { status, headers: { 'Content-Type': 'application/json' } });
}

/** The stored key of a downloaded track ({ key: CryptoKey, expires_at }), or undefined. */
function storedKey(trackId) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(KEY_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(KEY_STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(trackId);
      get.onsuccess = () => {
        db.close();
        resolve(get.result);
      };
      get.onerror = () => {
        db.close();
        reject(get.error);
      };
    };
  });
}

const hexBytes = (hex) => Uint8Array.from(hex.slice(2).match(/../g), (pair) => Number.parseInt(pair, 16));

async function offlineMedia(url) {
  const [, , , rawTrackId, file] = url.pathname.split('/');
  const trackId = decodeURIComponent(rawTrackId ?? '');
  const record = await storedKey(trackId).catch(() => undefined);
  if (!record || Date.now() >= record.expires_at) {
    return problem(403, 'offline_license_expired', 'This download’s offline license has ended: it needs a play with a connection at least every 30 days.');
  }
  const cache = await caches.open(OFFLINE_CACHE);
  const hit = await cache.match(url.pathname);
  if (!hit) return problem(404, 'not_downloaded', 'This track is not downloaded.');
  const meta = await (await cache.match(`/offline/tracks/${rawTrackId}/meta.json`))?.json();
  const iv = meta?.ivs?.[file];
  // Playlists and the init segment are stored plain; only media segments name an IV.
  if (!iv) return hit;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: hexBytes(iv) }, record.key, await hit.arrayBuffer());
    return new Response(plain, { headers: { 'Content-Type': 'video/mp4' } });
  } catch {
    return problem(403, 'offline_key_mismatch', 'This download does not decrypt with its license key: download it again.');
  }
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
