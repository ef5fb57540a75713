import { Hono } from 'hono';
import { domainErrorResponse, RangeNotSatisfiable } from '#core/errors.ts';
import { parseRange } from './byte-ranges.ts';
import { layoutOf, segmentAt, type Part } from './progressive-layout.ts';
import { playbackLifetime, requireSignature, type SignedVariables } from './signature-guard.ts';

/**
 * `GET /media/progressive/{hash}/{maxKbps}/{offsetSeconds}.mp4` (signed): one
 * rendition of the ladder as a single fragmented MP4 for players that do not
 * speak HLS (the Subsonic API's `stream`): the init section, then every media
 * segment from the one holding the offset. Nothing is transcoded: the bytes
 * are the ladder's, so the length and every `Range` follow from the sizes.
 */

/** A byte window of one part of the concatenation. */
interface Slice {
  key: string;
  offset: number;
  length: number;
}

/** The slices of `parts` (laid end to end) that cover bytes `start..end` inclusive. */
export function slicesFor(parts: Part[], start: number, end: number): Slice[] {
  const out: Slice[] = [];
  let at = 0;
  for (const part of parts) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + part.size - 1);
    if (from <= to) out.push({ key: part.key, offset: from - at, length: to - from + 1 });
    at += part.size;
    if (at > end) break;
  }
  return out;
}

/** Streams the slices in order from R2, the next one already requested while the current one flows. */
function concatenate(env: Env, slices: Slice[], length: number, waitUntil: (p: Promise<unknown>) => void): ReadableStream {
  const { readable, writable } = new FixedLengthStream(length);
  const get = (s: Slice) => env.MEDIA.get(s.key, { range: { offset: s.offset, length: s.length } });
  const pump = (async () => {
    let next = slices.length ? get(slices[0]!) : null;
    for (let i = 0; i < slices.length; i++) {
      const object = await next!;
      next = i + 1 < slices.length ? get(slices[i + 1]!) : null;
      if (!object) throw new Error(`media part missing: ${slices[i]!.key}`);
      await object.body.pipeTo(writable, { preventClose: true });
    }
    await writable.close();
  })().catch((err) => writable.abort(err).catch(() => {}));
  waitUntil(pump);
  return readable;
}

export const progressiveRoutes = new Hono<{ Bindings: Env; Variables: SignedVariables }>().on(
  ['GET', 'HEAD'],
  '/:hash{[0-9a-f]{64}}/:maxKbps{[0-9]{1,5}}/:offset{[0-9]{1,6}\\.mp4}',
  requireSignature(playbackLifetime),
  async (c) => {
    const { hash, maxKbps, offset } = c.req.param();
    const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
    const layout = await layoutOf(c.env, hash, Number(maxKbps), waitUntil);
    const first = segmentAt(layout, Number(offset.replace('.mp4', '')));
    const parts = [layout.init, ...layout.segments.slice(first)];
    const size = parts.reduce((sum, p) => sum + p.size, 0);
    const headers = new Headers({
      'Content-Type': 'audio/mp4',
      'Accept-Ranges': 'bytes',
      // Named by the ladder's content hash, the rendition and the first segment: the same bytes every time.
      ETag: `"${hash.slice(0, 16)}-${layout.rendition}-${first}"`,
      'Cache-Control': 'private, max-age=3600',
      'X-Encore-Rendition': layout.rendition,
      'X-Encore-Bitrate-Kbps': String(layout.bitrateKbps),
    });
    const ifRange = c.req.header('If-Range');
    const range = !ifRange || ifRange.trim() === headers.get('ETag') ? parseRange(c.req.header('Range'), size) : ({ kind: 'none' } as const);
    if (range.kind === 'unsatisfiable') return domainErrorResponse(new RangeNotSatisfiable(size));
    const [start, end, status] = range.kind === 'range' ? [range.start, range.end, 206] : [0, size - 1, 200];
    const length = end - start + 1;
    headers.set('Content-Length', String(length));
    if (status === 206) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
    if (c.req.method === 'HEAD') return new Response(null, { status, headers });
    return new Response(concatenate(c.env, slicesFor(parts, start, end), length, waitUntil), { status, headers });
  },
);
