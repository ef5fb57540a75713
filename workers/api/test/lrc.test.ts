import { describe, expect, it } from 'vitest';
import { lyricsSearchText, MAX_LRC_BYTES, MAX_LYRIC_LINES, parseLrc } from '#core/lyrics/lrc.ts';

const ok = (text: string) => {
  const parsed = parseLrc(text);
  if (!parsed.ok) throw new Error(`line ${parsed.line}: ${parsed.error}`);
  return parsed.lyrics;
};

describe('LRC parser', () => {
  it('reads [mm:ss], [mm:ss.x], [mm:ss.xx] and [mm:ss.xxx] stamps', () => {
    expect(ok('[00:01]a\n[00:02.5]b\n[00:03.25] c\n[01:04.125]  d  ').lines).toEqual([
      { start_ms: 1000, text: 'a' },
      { start_ms: 2500, text: 'b' },
      { start_ms: 3250, text: 'c' },
      { start_ms: 64125, text: 'd' },
    ]);
  });

  it('expands several stamps on a line and sorts by time, keeping file order at equal times', () => {
    const lyrics = ok('[00:10.00][00:30.00]chorus\n[00:20.00]verse\n[00:30.00]echo');
    expect(lyrics).toEqual({
      synced: true,
      lines: [
        { start_ms: 10000, text: 'chorus' },
        { start_ms: 20000, text: 'verse' },
        { start_ms: 30000, text: 'chorus' },
        { start_ms: 30000, text: 'echo' },
      ],
    });
  });

  it('drops exact duplicates (same time, same text) but keeps empty lines as pauses', () => {
    expect(ok('[00:01.00]x\n[00:01.00]x\n[00:02.00]\n').lines).toEqual([
      { start_ms: 1000, text: 'x' },
      { start_ms: 2000, text: '' },
    ]);
  });

  it('applies [offset:] (positive shows lines earlier), never below zero', () => {
    expect(ok('[offset:+500]\n[00:00.20]a\n[00:02.00]b').lines.map((l) => l.start_ms)).toEqual([0, 1500]);
    expect(ok('[offset:-250]\n[00:01.00]a').lines[0]!.start_ms).toBe(1250);
  });

  it('skips metadata tags, blank lines, CRLF and a byte-order mark', () => {
    const lyrics = ok(
      '\uFEFF[ar:Queen]\r\n[ti:Bohemian Rhapsody]\r\n[al:Opera]\r\n[length: 05:55]\r\n[by:someone]\r\n\r\n[00:01.00]Is this the real life?\r\n',
    );
    expect(lyrics.lines).toEqual([{ start_ms: 1000, text: 'Is this the real life?' }]);
  });

  it('takes text without stamps as unsynced lyrics, "[Chorus]" included', () => {
    expect(ok('First line\n\n[Chorus]\nSecond line')).toEqual({
      synced: false,
      lines: [
        { start_ms: null, text: 'First line' },
        { start_ms: null, text: '[Chorus]' },
        { start_ms: null, text: 'Second line' },
      ],
    });
  });

  it('names the line of a malformed stamp, a stray text line, a bad offset', () => {
    expect(parseLrc('[00:01.00]a\n[00:6x.00]b')).toMatchObject({ ok: false, line: 2, error: expect.stringMatching(/timestamp/) });
    expect(parseLrc('[00:01.00]a\n\nno stamp here')).toMatchObject({ ok: false, line: 3 });
    expect(parseLrc('[00:75.00]seconds past 59')).toMatchObject({ ok: false, line: 1 });
    expect(parseLrc('[offset:soon]\n[00:01]a')).toMatchObject({ ok: false, line: 1 });
    expect(parseLrc('[ar:x] trailing')).toMatchObject({ ok: false, line: 1 });
    expect(parseLrc('\n  \n')).toMatchObject({ ok: false, line: 1 });
  });

  it('bounds the input: bytes, lines and line length', () => {
    expect(parseLrc('a'.repeat(MAX_LRC_BYTES + 1))).toMatchObject({ ok: false, error: expect.stringMatching(/bytes/) });
    // Multi-byte text counts in bytes, not characters.
    expect(parseLrc('é'.repeat(MAX_LRC_BYTES / 2 + 1))).toMatchObject({ ok: false });
    const many = Array.from({ length: MAX_LYRIC_LINES + 1 }, (_, i) => `[0:01]${i}`).join('\n');
    expect(parseLrc(many)).toMatchObject({ ok: false, line: MAX_LYRIC_LINES + 1 });
    expect(parseLrc(`[00:01]${'x'.repeat(501)}`)).toMatchObject({ ok: false, line: 1 });
  });

  it('indexes each distinct line once', () => {
    expect(lyricsSearchText(ok('[00:01]la la\n[00:02]\n[00:03]la la\n[00:04]end'))).toBe('la la\nend');
  });
});
