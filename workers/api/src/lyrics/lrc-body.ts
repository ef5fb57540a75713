import { PayloadTooLarge, Unprocessable, UnsupportedMediaType } from '#core/errors.ts';
import { type Lyrics, MAX_LRC_BYTES, parseLrc } from '#core/lyrics/lrc.ts';
import { readBoundedBody } from '../http/bounded-body.ts';

/** Parsed lyrics, or 422 invalid_lyrics naming the line. */
export function lyricsOrThrow(text: string): Lyrics {
  const parsed = parseLrc(text);
  if (!parsed.ok) throw new Unprocessable(`Line ${parsed.line}: ${parsed.error}.`, 'invalid_lyrics');
  return parsed.lyrics;
}

/** The `text/plain` LRC body of PUT /tracks/{id}/lyrics: 415 for another type, 413 past MAX_LRC_BYTES, 422 when it is not UTF-8 LRC. */
export async function readLrcBody(request: Request): Promise<Lyrics> {
  if (!/^text\/plain\s*(;|$)/i.test(request.headers.get('Content-Type') ?? '')) {
    throw new UnsupportedMediaType('Lyrics are a text/plain LRC body.', 'unsupported_media_type');
  }
  const bytes = await readBoundedBody(
    request,
    MAX_LRC_BYTES,
    () => new PayloadTooLarge(`Lyrics may be at most ${MAX_LRC_BYTES} bytes (64 kB).`, 'lyrics_too_large'),
  );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Unprocessable('Lyrics must be UTF-8 text.', 'invalid_lyrics');
  }
  return lyricsOrThrow(text);
}
