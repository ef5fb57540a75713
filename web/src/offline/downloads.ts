import { api } from '../api.ts';
import type { PlayableTrack, Track } from '../types.ts';
import { highest, localizeMedia, localMaster, variantsOf } from './hls-rewrite.ts';
import { OFFLINE_CACHE, writeLicense } from './license.ts';

/**
 * Downloads keep a track's highest rendition (master + media playlist, init and
 * every segment) in Cache Storage under `/offline/tracks/{id}/…`; the service
 * worker (public/sw.js) answers those URLs from the cache, with the network off.
 */

export interface DownloadedTrack extends Track {
  loudness_lufs?: number;
  downloaded_at: string;
  bytes: number;
}

const base = (trackId: string) => `/offline/tracks/${encodeURIComponent(trackId)}/`;
export const offlineMasterUrl = (trackId: string) => `${base(trackId)}master.m3u8`;
const META = 'meta.json';

const known = new Map<string, DownloadedTrack>();
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

/** Loads the list of stored tracks (once at start-up). */
export async function loadDownloads(): Promise<DownloadedTrack[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open(OFFLINE_CACHE);
  const metas = (await cache.keys()).filter((req) => new URL(req.url).pathname.endsWith(`/${META}`));
  for (const req of metas) {
    const meta = (await (await cache.match(req))?.json()) as DownloadedTrack | undefined;
    if (meta) known.set(meta.id, meta);
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
  // Offline copies are for premium listeners: the API signs a download's master only for them (403 premium_required).
  const offline = await api<{ hls_url: string }>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}/offline`);
  const masterUrl = new URL(offline.hls_url, location.origin).toString();
  const variant = highest(variantsOf(await (await fetchOk(masterUrl)).text(), masterUrl));
  if (!variant) throw new Error('The stream has no renditions to download.');
  const { playlist, files } = localizeMedia(await (await fetchOk(variant.uri)).text(), variant.uri);

  // Everything is fetched first and written after, so a failed download leaves nothing half-stored.
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
  const cache = await caches.open(OFFLINE_CACHE);
  const dir = base(trackId);
  const hls = { 'Content-Type': 'application/vnd.apple.mpegurl' };
  for (const [name, blob] of bodies) await cache.put(dir + name, new Response(blob, { headers: { 'Content-Type': 'video/mp4' } }));
  await cache.put(`${dir}media.m3u8`, new Response(playlist, { headers: hls }));
  await cache.put(`${dir}master.m3u8`, new Response(localMaster(variant), { headers: hls }));
  const { stream: _stream, ...meta } = track;
  const record: DownloadedTrack = { ...meta, downloaded_at: new Date().toISOString(), bytes };
  await cache.put(dir + META, new Response(JSON.stringify(record), { headers: { 'Content-Type': 'application/json' } }));
  await writeLicense(Date.now());
  known.set(trackId, record);
  changed();
  return record;
}

export async function removeDownload(trackId: string): Promise<void> {
  const cache = await caches.open(OFFLINE_CACHE);
  const dir = new URL(base(trackId), location.origin).pathname;
  for (const req of await cache.keys()) if (new URL(req.url).pathname.startsWith(dir)) await cache.delete(req);
  known.delete(trackId);
  changed();
}
