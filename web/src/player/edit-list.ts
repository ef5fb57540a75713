/**
 * The encoder delay of an fMP4 audio track, read from its init segment: the
 * edit list's media_time when one is recorded, otherwise the codec's known
 * priming. ffmpeg's HLS muxer shifts timestamps to zero and writes an empty
 * edit (media_time 0), so AAC keeps its 1024 priming samples at the start of
 * the media; FLAC has none. Gapless playback starts the next track that much
 * early and ends the current one at its exact decoded length.
 */

/** ffmpeg's AAC-LC encoder primes every stream with one frame. */
const AAC_PRIMING_SAMPLES = 1024;
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts']);

export interface EncoderDelay {
  /** The sample entry's format: `mp4a`, `fLaC`, … */
  codec: string | null;
  /** Seconds of priming before the first sample of the source. */
  primingSeconds: number;
  /** Whether it came from the edit list (else from the codec). */
  fromEditList: boolean;
}

interface Boxes {
  timescale: number | null;
  mediaTime: number | null;
  codec: string | null;
}

function walk(view: DataView, start: number, end: number, found: Boxes): void {
  let at = start;
  while (at + 8 <= end) {
    const size = view.getUint32(at);
    const type = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7));
    if (size < 8 || at + size > end) return;
    const body = at + 8;
    if (CONTAINERS.has(type)) walk(view, body, at + size, found);
    else if (type === 'mdhd') found.timescale ??= view.getUint32(body + (view.getUint8(body) === 1 ? 20 : 12));
    else if (type === 'elst' && view.getUint32(body + 4) > 0) {
      // The first edit: an empty one (media_time −1) would be a delay, not priming.
      const mediaTime = view.getUint8(body) === 1 ? Number(view.getBigInt64(body + 16)) : view.getInt32(body + 12);
      found.mediaTime ??= mediaTime;
    } else if (type === 'stsd' && view.getUint32(body + 4) > 0) {
      const entry = body + 8;
      found.codec ??= String.fromCharCode(view.getUint8(entry + 4), view.getUint8(entry + 5), view.getUint8(entry + 6), view.getUint8(entry + 7));
    }
    at += size;
  }
}

export function encoderDelay(initSegment: Uint8Array): EncoderDelay {
  const found: Boxes = { timescale: null, mediaTime: null, codec: null };
  try {
    walk(new DataView(initSegment.buffer, initSegment.byteOffset, initSegment.byteLength), 0, initSegment.byteLength, found);
  } catch {
    // A truncated box: whatever was read so far.
  }
  const { timescale, mediaTime, codec } = found;
  if (!timescale) return { codec, primingSeconds: 0, fromEditList: false };
  if (mediaTime !== null && mediaTime > 0) return { codec, primingSeconds: mediaTime / timescale, fromEditList: true };
  return { codec, primingSeconds: codec === 'mp4a' ? AAC_PRIMING_SAMPLES / timescale : 0, fromEditList: false };
}
