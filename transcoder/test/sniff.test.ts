import { describe, expect, it } from 'vitest';
import { id3v2TagLength, sniffAudioFormat } from '../src/sniff.ts';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));
const size = [0x10, 0, 0, 0];

describe('sniffAudioFormat', () => {
  it.each([
    ['FLAC', bytes('fLaC', [0, 0, 0, 0x22]), 'flac'],
    ['WAV', bytes('RIFF', size, 'WAVEfmt '), 'wav'],
    ['RF64 WAV', bytes('RF64', size, 'WAVEds64'), 'wav'],
    ['AIFF', bytes('FORM', size, 'AIFFCOMM'), 'aiff'],
    ['AIFF-C', bytes('FORM', size, 'AIFCFVER'), 'aiff'],
    ['Ogg (Vorbis, Opus or FLAC)', bytes('OggS', [0, 2, 0, 0]), 'ogg'],
    ['M4A / ALAC / MP4', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 2, 0]), 'mp4'],
    ['MP3 frame (MPEG-1 layer III, 128 kb/s, 44.1 kHz)', bytes([0xff, 0xfb, 0x90, 0x64]), 'mp3'],
    ['MP3 frame (MPEG-2 layer III)', bytes([0xff, 0xf3, 0x84, 0xc4]), 'mp3'],
    ['AAC ADTS (MPEG-4, no CRC)', bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), 'aac'],
    ['AAC ADTS (MPEG-2, CRC)', bytes([0xff, 0xf8, 0x4c, 0x80]), 'aac'],
  ])('knows %s', (_name, head, format) => {
    expect(sniffAudioFormat(head)).toBe(format);
  });

  it.each([
    ['an HLS playlist', bytes('#EXTM3U\n#EXT-X-VERSION:3\n')],
    ['an HLS playlist behind a byte-order mark', bytes([0xef, 0xbb, 0xbf], '#EXTM3U\n')],
    ['an ffconcat script', bytes("ffconcat version 1.0\nfile '/etc/passwd'\n")],
    ['an SDP description', bytes('v=0\no=- 0 0 IN IP4 127.0.0.1\n')],
    ['a DASH manifest', bytes('<?xml version="1.0"?><MPD')],
    ['text', bytes('These are my lyrics, not my song.')],
    ['a RIFF file that is not WAVE (AVI)', bytes('RIFF', size, 'AVI LIST')],
    ['a frame sync with the reserved MPEG version', bytes([0xff, 0xeb, 0x90, 0x64])],
    ['a frame sync with a bad bit-rate index', bytes([0xff, 0xfb, 0xf0, 0x64])],
    ['nothing at all', bytes()],
    ['a truncated header', bytes('fLa')],
  ])('refuses %s', (_name, head) => {
    expect(sniffAudioFormat(head)).toBeNull();
  });

  it('reads what follows an ID3v2 tag as MP3 unless it is FLAC or ADTS', () => {
    expect(sniffAudioFormat(bytes([0xff, 0xfb, 0x90, 0x64]), true)).toBe('mp3');
    expect(sniffAudioFormat(bytes('fLaC'), true)).toBe('flac');
    expect(sniffAudioFormat(bytes([0xff, 0xf1, 0x50, 0x80]), true)).toBe('aac');
    // The mp3 demuxer finds no frames in a playlist, and follows no references either.
    expect(sniffAudioFormat(bytes('#EXTM3U\n'), true)).toBe('mp3');
  });
});

describe('id3v2TagLength', () => {
  it('adds the 10-byte header to the syncsafe size, and a footer when flagged', () => {
    expect(id3v2TagLength(bytes('ID3', [4, 0, 0, 0, 0, 0x02, 0x01]))).toBe(10 + 257);
    expect(id3v2TagLength(bytes('ID3', [4, 0, 0x10, 0x7f, 0x7f, 0x7f, 0x7f]))).toBe(10 + 0x0fffffff + 10);
  });

  it('is 0 without a tag or with a size that is not syncsafe', () => {
    expect(id3v2TagLength(bytes('fLaC', [0, 0, 0, 0x22, 0, 0]))).toBe(0);
    expect(id3v2TagLength(bytes('ID3', [4, 0, 0, 0x80, 0, 0, 0]))).toBe(0);
    expect(id3v2TagLength(bytes('ID3'))).toBe(0);
  });
});
