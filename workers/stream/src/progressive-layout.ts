import { NotFound } from '#core/errors.ts';
import { mediaKeys, TranscodeResult } from '#core/protocol/transcode.ts';

/**
 * Where a rendition's bytes are, for progressive delivery: its init section and
 * media segments (names from its media playlist, sizes from R2), with each
 * segment's duration. A ladder is named by its content hash and never changes,
 * so the layout is kept in this location's cache for a long time.
 */
export interface Part {
  key: string;
  size: number;
}
export interface Layout {
  rendition: string;
  bitrateKbps: number;
  init: Part;
  segments: (Part & { seconds: number })[];
}

const LAYOUT_TTL_SECONDS = 86_400;
const FILE = /^[A-Za-z0-9_-]+\.(?:mp4|m4s)$/;

/** The rendition `stream` sends under a bit-rate ceiling: the highest at or under it, else the lowest. */
export function chooseRendition(result: TranscodeResult, maxKbps: number): TranscodeResult['renditions'][number] {
  const byRate = [...result.renditions].sort((a, b) => a.bitrate_kbps - b.bitrate_kbps);
  return byRate.filter((r) => r.bitrate_kbps <= maxKbps).at(-1) ?? byRate[0]!;
}

async function ladderResult(env: Env, hash: string): Promise<TranscodeResult> {
  const meta = await env.MEDIA.get(mediaKeys.meta(hash));
  if (!meta) throw new NotFound('No such track audio.', 'media_not_found');
  return TranscodeResult.parse(await meta.json());
}

/** Parses a media playlist: `#EXT-X-MAP:URI=` and each `#EXTINF` with the segment line after it. Only plain file names inside the rendition count. */
export function parseMediaPlaylist(text: string): { init: string; segments: { file: string; seconds: number }[] } {
  const init = /#EXT-X-MAP:.*URI="([^"]+)"/.exec(text)?.[1];
  const segments: { file: string; seconds: number }[] = [];
  let seconds: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf) seconds = Number(inf[1]);
    else if (line && !line.startsWith('#') && seconds !== null) {
      if (!FILE.test(line)) throw new Error(`unexpected segment URI in a media playlist: ${line}`);
      segments.push({ file: line, seconds });
      seconds = null;
    }
  }
  if (!init || !FILE.test(init) || segments.length === 0) throw new Error('a media playlist without an init section or segments');
  return { init, segments };
}

async function sizeOf(env: Env, key: string): Promise<number> {
  const head = await env.MEDIA.head(key);
  if (!head) throw new NotFound('The track audio is incomplete.', 'media_not_found');
  return head.size;
}

export async function layoutOf(env: Env, hash: string, maxKbps: number, waitUntil: (p: Promise<unknown>) => void): Promise<Layout> {
  const result = await ladderResult(env, hash);
  const rendition = chooseRendition(result, maxKbps);
  const cacheKey = new Request(`https://progressive-layout.internal/${hash}/${rendition.name}`);
  const cached = await caches.default.match(cacheKey);
  if (cached) return cached.json();

  const playlist = await env.MEDIA.get(mediaKeys.inLadder(hash, `${rendition.name}/index.m3u8`));
  if (!playlist) throw new NotFound('No such rendition.', 'media_not_found');
  const parsed = parseMediaPlaylist(await playlist.text());
  const keyOf = (file: string) => mediaKeys.inLadder(hash, `${rendition.name}/${file}`);
  const [initSize, ...sizes] = await Promise.all([parsed.init, ...parsed.segments.map((s) => s.file)].map((file) => sizeOf(env, keyOf(file))));
  const layout: Layout = {
    rendition: rendition.name,
    bitrateKbps: rendition.bitrate_kbps,
    init: { key: keyOf(parsed.init), size: initSize! },
    segments: parsed.segments.map((s, i) => ({ key: keyOf(s.file), size: sizes[i]!, seconds: s.seconds })),
  };
  waitUntil(caches.default.put(cacheKey, Response.json(layout, { headers: { 'Cache-Control': `public, max-age=${LAYOUT_TTL_SECONDS}` } })));
  return layout;
}

/** The segment that holds `offsetSeconds` (the last one past the end). */
export function segmentAt(layout: Layout, offsetSeconds: number): number {
  let start = 0;
  for (let i = 0; i < layout.segments.length; i++) {
    const end = start + layout.segments[i]!.seconds;
    if (offsetSeconds < end) return i;
    start = end;
  }
  return layout.segments.length - 1;
}
