import type { OfflineDownload } from '#core/protocol/offline.ts';
import { api } from '../api.ts';
import type { PlayableTrack, Track } from '../types.ts';
import { highest, localizeMedia, localMaster, variantsOf } from './hls-rewrite.ts';
import { deleteKey } from './key-store.ts';
import { ensureLicense, LICENSE_RAN_OUT, LicenseGone, licenseExpiry, OFFLINE_CACHE, renewLicense } from './license.ts';

/**
 * Downloads keep a track's highest rendition (master + media playlist, init and
 * every segment) in Cache Storage under `/offline/tracks/{id}/…`, the segments
 * encrypted as the stream worker served them under the listener's offline
 * license (HLS AES-128). The service worker (public/sw.js) answers those URLs
 * from the cache with the network off, decrypting each segment with the key
 * the license endpoint gave (license.ts, key-store.ts).
 */

export interface DownloadedTrack extends Track {
  loudness_lufs?: number;
  downloaded_at: string;
  bytes: number;
  /** Each stored segment's AES-128 IV (`0x…`), from its `#EXT-X-KEY`: the service worker decrypts with it. */
  ivs: Record<string, string>;
}

/** A download removed because its license ended, and why: the Downloads page says so. */
export interface RemovedDownload {
  title: string;
  reason: string;
}

const base = (trackId: string) => `/offline/tracks/${encodeURIComponent(trackId)}/`;
export const offlineMasterUrl = (trackId: string) => `${base(trackId)}master.m3u8`;
const META = 'meta.json';

const known = new Map<string, DownloadedTrack>();
const removed: RemovedDownload[] = [];
const listeners = new Set<() => void>();
export function onDownloadsChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
const changed = () => {
  for (const fn of listeners) fn();
};

export const isDownloaded = (trackId: string): boolean => known.has(trackId);
export const downloadedTrack = (trackId: string): DownloadedTrack | undefined => known.get(trackId);
export const removedDownloads = (): readonly RemovedDownload[] => removed;

/** Loads the list of stored tracks (once at start-up); a copy whose license ran out offline is deleted, and listed as removed. */
export async function loadDownloads(): Promise<DownloadedTrack[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open(OFFLINE_CACHE);
  const metas = (await cache.keys()).filter((req) => new URL(req.url).pathname.endsWith(`/${META}`));
  for (const req of metas) {
    const meta = (await (await cache.match(req))?.json()) as DownloadedTrack | undefined;
    if (!meta) continue;
    known.set(meta.id, meta);
    if ((await licenseExpiry(meta.id)) === null) await removeForLicense(meta.id, LICENSE_RAN_OUT);
  }
  changed();
  return [...known.values()];
}

export const listDownloads = (): DownloadedTrack[] => [...known.values()].sort((a, b) => a.title.localeCompare(b.title));

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not download ${new URL(url).pathname} (HTTP ${res.status}).`);
  return res;
}

/** Stores a track for offline play; `onProgress(done, total)` counts files. */
export async function downloadTrack(trackId: string, onProgress: (done: number, total: number) => void = () => {}): Promise<DownloadedTrack> {
  const track = await api<PlayableTrack>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}`);
  if (!track.stream) throw new Error(`“${track.title}” is not ready to play yet.`);
  // Offline copies are for premium listeners: the API grants the license and signs the encrypted master only for them (403 premium_required).
  const offline = await api<OfflineDownload>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}/offline`);
  const masterUrl = new URL(offline.hls_url, location.origin).toString();
  const variant = highest(variantsOf(await (await fetchOk(masterUrl)).text(), masterUrl));
  if (!variant) throw new Error('The stream has no renditions to download.');
  const { playlist, files, ivs } = localizeMedia(await (await fetchOk(variant.uri)).text(), variant.uri);

  // Everything is fetched first (the key too) and written after, so a failed download leaves nothing half-stored.
  const bodies = new Map<string, Blob>();
  let done = 0;
  let bytes = 0;
  onProgress(0, files.size);
  for (const [name, url] of files) {
    const blob = await (await fetchOk(url)).blob();
    bodies.set(name, blob);
    bytes += blob.size;
    onProgress(++done, files.size);
  }
  await renewLicense(trackId);
  const cache = await caches.open(OFFLINE_CACHE);
  const dir = base(trackId);
  const hls = { 'Content-Type': 'application/vnd.apple.mpegurl' };
  for (const [name, blob] of bodies) await cache.put(dir + name, new Response(blob, { headers: { 'Content-Type': 'video/mp4' } }));
  await cache.put(`${dir}media.m3u8`, new Response(playlist, { headers: hls }));
  await cache.put(`${dir}master.m3u8`, new Response(localMaster(variant), { headers: hls }));
  const { stream: _stream, ...meta } = track;
  const record: DownloadedTrack = { ...meta, downloaded_at: new Date().toISOString(), bytes, ivs: Object.fromEntries(ivs) };
  await cache.put(dir + META, new Response(JSON.stringify(record), { headers: { 'Content-Type': 'application/json' } }));
  known.set(trackId, record);
  changed();
  return record;
}

async function deleteCopy(trackId: string): Promise<void> {
  const cache = await caches.open(OFFLINE_CACHE);
  const dir = new URL(base(trackId), location.origin).pathname;
  for (const req of await cache.keys()) if (new URL(req.url).pathname.startsWith(dir)) await cache.delete(req);
  await deleteKey(trackId).catch(() => {});
  known.delete(trackId);
  changed();
}

/** The listener removes a download: the copy and its key go, and the server's license is given up (best effort: it expires anyway). */
export async function removeDownload(trackId: string): Promise<void> {
  await deleteCopy(trackId);
  void api('DELETE', `/api/v1/me/offline/licenses/${encodeURIComponent(trackId)}`).catch(() => {});
}

/** A copy whose license ended is useless (its key is gone or refused): deleted, and remembered with the reason. */
export async function removeForLicense(trackId: string, reason: string): Promise<void> {
  const title = known.get(trackId)?.title ?? 'A download';
  await deleteCopy(trackId);
  removed.push({ title, reason });
  changed();
}

export const removalText = (r: RemovedDownload): string => `“${r.title}” was removed from your downloads. ${r.reason}`;

/** Before a downloaded track plays: renew or check its license; when it has ended, the copy is deleted and the error says why. */
export async function licensedForPlay(trackId: string): Promise<void> {
  try {
    await ensureLicense(trackId);
  } catch (err) {
    if (!(err instanceof LicenseGone)) throw err;
    const title = known.get(trackId)?.title ?? 'A download';
    await removeForLicense(trackId, err.message);
    throw new Error(removalText({ title, reason: err.message }));
  }
}
