/**
 * LRC lyrics: `[mm:ss.xx] text` lines, pure parsing (no I/O). Accepted:
 * `[mm:ss]`, `[mm:ss.x]`, `[mm:ss.xx]`, `[mm:ss.xxx]` (also `:` before the
 * fraction), several timestamps on one line (a repeated chorus), `[offset:±ms]`,
 * the metadata tags `[ar:] [ti:] [al:] [au:] [by:] [length:] [re:] [ve:] [#:]`,
 * blank lines, CRLF and a byte-order mark. Text without any timestamp is plain,
 * unsynced lyrics. Anything else that looks like a tag is an error naming its line.
 */

/** The largest LRC accepted, in UTF-8 bytes (the PUT body limit and the import's `lrc` field). */
export const MAX_LRC_BYTES = 64 * 1024;
/** Lines after expanding repeated timestamps. */
export const MAX_LYRIC_LINES = 5000;
export const MAX_LYRIC_LINE_CHARS = 500;

export interface LyricLine {
  /** When the line starts, from the beginning of the track; null in unsynced lyrics. */
  start_ms: number | null;
  text: string;
}

export interface Lyrics {
  synced: boolean;
  lines: LyricLine[];
}

export type LrcResult = { ok: true; lyrics: Lyrics } | { ok: false; line: number; error: string };

const TIME_TAG = /^(\d{1,3}):([0-5]?\d)(?:[.:](\d{1,3}))?$/;
const META_TAG = /^(ar|ti|al|au|by|length|offset|re|ve|tool|#):(.*)$/is;
/** A leading `[...]` tag; the rest of the line follows it. */
const LEADING_TAG = /^\[([^\]\n]*)\]/;

interface SourceLine {
  number: number;
  starts: number[];
  text: string;
}

export function parseLrc(input: string): LrcResult {
  if (new TextEncoder().encode(input).byteLength > MAX_LRC_BYTES) {
    return { ok: false, line: 1, error: `lyrics may be at most ${MAX_LRC_BYTES} bytes` };
  }
  const rows = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let offsetMs = 0;
  const timed: SourceLine[] = [];
  const plain: SourceLine[] = [];

  for (const [i, raw] of rows.entries()) {
    const number = i + 1;
    let rest = raw.trim();
    if (rest === '') continue;
    const starts: number[] = [];
    let meta = false;
    for (let tag = LEADING_TAG.exec(rest); tag; tag = LEADING_TAG.exec(rest)) {
      const body = tag[1]!.trim();
      const time = TIME_TAG.exec(body);
      const metadata = time ? null : META_TAG.exec(body);
      if (time) starts.push(timeMs(time));
      else if (metadata) {
        if (metadata[1]!.toLowerCase() === 'offset') {
          const value = metadata[2]!.trim();
          if (!/^[+-]?\d{1,7}$/.test(value)) return fail(number, `[offset:${value}] must be a whole number of milliseconds`);
          offsetMs = Number(value);
        }
        meta = true;
      } else if (/^\d/.test(body)) return fail(number, `[${body}] is not a timestamp; expected [mm:ss.xx]`);
      else break; // "[Chorus]": text, not a tag
      rest = rest.slice(tag[0].length).trimStart();
    }
    if (meta && starts.length > 0) return fail(number, 'a line holds either timestamps or a metadata tag, not both');
    if (meta) {
      if (rest !== '') return fail(number, 'text after a metadata tag');
      continue;
    }
    if (rest.length > MAX_LYRIC_LINE_CHARS) return fail(number, `a line may be at most ${MAX_LYRIC_LINE_CHARS} characters`);
    (starts.length > 0 ? timed : plain).push({ number, starts, text: rest });
  }

  if (timed.length === 0) {
    if (plain.length === 0) return fail(1, 'no lyrics: the text is empty');
    if (plain.length > MAX_LYRIC_LINES) return fail(plain[MAX_LYRIC_LINES]!.number, `at most ${MAX_LYRIC_LINES} lines`);
    return { ok: true, lyrics: { synced: false, lines: plain.map((l) => ({ start_ms: null, text: l.text })) } };
  }
  const stray = plain[0];
  if (stray) return fail(stray.number, 'expected a [mm:ss.xx] timestamp before the text');

  const lines: LyricLine[] = [];
  const seen = new Set<string>();
  for (const source of timed) {
    for (const start of source.starts) {
      // A positive offset shows the lyrics earlier (LRC's convention).
      const line = { start_ms: Math.max(0, start - offsetMs), text: source.text };
      const key = `${line.start_ms}\n${line.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (lines.length === MAX_LYRIC_LINES) return fail(source.number, `at most ${MAX_LYRIC_LINES} lines`);
      lines.push(line);
    }
  }
  // Stable: lines at the same moment keep their order in the file.
  lines.sort((a, b) => a.start_ms! - b.start_ms!);
  return { ok: true, lyrics: { synced: true, lines } };
}

/** The words of the lyrics for the search index: each distinct line once, in order. */
export function lyricsSearchText(lyrics: Lyrics): string {
  return [...new Set(lyrics.lines.map((l) => l.text).filter((t) => t !== ''))].join('\n');
}

function timeMs(match: RegExpExecArray): number {
  const fraction = match[3] ?? '';
  // ".5" is 500 ms, ".05" 50 ms, ".005" 5 ms.
  const ms = fraction === '' ? 0 : Number(fraction.padEnd(3, '0'));
  return (Number(match[1]) * 60 + Number(match[2])) * 1000 + ms;
}

const fail = (line: number, error: string): LrcResult => ({ ok: false, line, error });
