/**
 * Which audio container a file is, from its first bytes. The answer picks the
 * ffmpeg demuxer that is forced with `-f`, so ffmpeg never guesses: a playlist
 * or a list of references (HLS, ffconcat, SDP, …) is not on this list and is
 * refused before ffmpeg sees it. Pure: callers read the bytes.
 */
export type AudioFormat = 'flac' | 'wav' | 'mp3' | 'aac' | 'mp4' | 'ogg' | 'aiff';

/** The ffmpeg demuxer for each format (all of them read the one file they are given and nothing else). */
export const DEMUXER: Record<AudioFormat, string> = {
  flac: 'flac',
  wav: 'wav',
  mp3: 'mp3',
  aac: 'aac',
  mp4: 'mov',
  ogg: 'ogg',
  aiff: 'aiff',
};

/** Enough bytes for every signature below. */
export const SNIFF_BYTES = 16;

const ascii = (bytes: Uint8Array, start: number, text: string): boolean =>
  bytes.length >= start + text.length && [...text].every((char, i) => bytes[start + i] === char.charCodeAt(0));

/**
 * Length of an ID3v2 tag at the start of `bytes` (header, syncsafe size, optional
 * footer), or 0 when there is none. ffmpeg skips these tags before any demuxer
 * runs, so the format is decided by what follows them.
 */
export function id3v2TagLength(bytes: Uint8Array): number {
  if (!ascii(bytes, 0, 'ID3') || bytes.length < 10) return 0;
  const size = bytes.subarray(6, 10);
  if (size.some((b) => b & 0x80)) return 0;
  const body = (size[0]! << 21) | (size[1]! << 14) | (size[2]! << 7) | size[3]!;
  const hasFooter = (bytes[5]! & 0x10) !== 0;
  return 10 + body + (hasFooter ? 10 : 0);
}

/** An MPEG audio frame header (layer I–III): 11 sync bits, a real version, layer, bit rate and sample rate. */
function isMpegAudioFrame(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || (bytes[1]! & 0xe0) !== 0xe0) return false;
  const version = (bytes[1]! >> 3) & 0b11;
  const layer = (bytes[1]! >> 1) & 0b11;
  const bitrate = bytes[2]! >> 4;
  const sampleRate = (bytes[2]! >> 2) & 0b11;
  return version !== 0b01 && layer !== 0b00 && bitrate !== 0b1111 && sampleRate !== 0b11;
}

/** An AAC ADTS header: 12 sync bits, layer 00, a defined sampling-frequency index. */
function isAdtsFrame(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || (bytes[1]! & 0xf6) !== 0xf0) return false;
  const frequencyIndex = (bytes[2]! >> 2) & 0b1111;
  return frequencyIndex <= 12;
}

/**
 * The format of audio whose first bytes (after any ID3v2 tags) are `bytes`, or
 * null when they are not one of the formats Encore takes. `afterId3` says the
 * file began with an ID3v2 tag: that tag belongs to MP3 (some FLAC and ADTS
 * files carry one too), so unless FLAC or ADTS follows, it is read as MP3.
 */
export function sniffAudioFormat(bytes: Uint8Array, afterId3 = false): AudioFormat | null {
  if (ascii(bytes, 0, 'fLaC')) return 'flac';
  if ((ascii(bytes, 0, 'RIFF') || ascii(bytes, 0, 'RF64') || ascii(bytes, 0, 'BW64')) && ascii(bytes, 8, 'WAVE')) return 'wav';
  if (ascii(bytes, 0, 'FORM') && (ascii(bytes, 8, 'AIFF') || ascii(bytes, 8, 'AIFC'))) return 'aiff';
  if (ascii(bytes, 0, 'OggS')) return 'ogg';
  if (ascii(bytes, 4, 'ftyp')) return 'mp4';
  if (isAdtsFrame(bytes)) return 'aac';
  if (isMpegAudioFrame(bytes) || afterId3) return 'mp3';
  return null;
}
