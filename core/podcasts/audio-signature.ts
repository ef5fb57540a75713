/**
 * Whether a file's first bytes look like audio the transcoder takes: MP3 (an ID3
 * tag or an MPEG audio frame sync), AAC in ADTS, MP4/M4A (`ftyp`), FLAC, WAV,
 * AIFF or Ogg. An enclosure's declared type is checked as well; this catches
 * the HTML error page served with an audio type.
 */
export function looksLikeAudio(head: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length < 12) return false;
  if (ascii(0, 3) === 'ID3') return true;
  if (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return true; // MPEG audio / ADTS frame sync
  if (ascii(4, 8) === 'ftyp') return true;
  if (ascii(0, 4) === 'fLaC' || ascii(0, 4) === 'OggS') return true;
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return true;
  return ascii(0, 4) === 'FORM' && (ascii(8, 12) === 'AIFF' || ascii(8, 12) === 'AIFC');
}
